"""argparse's own texts in German, for the `beteiligung` command.

argparse looks each of its texts up through the `_` and `ngettext` names of its module
(gettext) at the moment it uses them: building a parser ("options"), printing help
("usage: ") and reporting an error. `GermanArgumentParser` puts this table in place of
that lookup for exactly those moments and restores it afterwards, so no other user of
argparse in the same process is changed. A text missing here stays English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Angaben",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Auswahl: %(value)r (möglich sind %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ungültiger Wert (%(type)s): %(value)r",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "not allowed with argument %s": "geht nicht zusammen mit %s",
    "ignored explicit argument %r": "überzähliger Wert %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "mehrdeutige Option: %(option)s kann %(matches)s sein"
    ),
    "unexpected option string: %s": "unerwartete Option: %s",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' lässt sich nicht öffnen: %(error)s",
}
ARGPARSE_GERMAN_PLURALS = {
    "expected %s argument": ("erwartet %s Wert", "erwartet %s Werte"),
}


def _gettext(message: Any) -> Any:
    # argparse also passes None (a subparser group without description).
    return ARGPARSE_GERMAN.get(message, message) if isinstance(message, str) else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    one, many = ARGPARSE_GERMAN_PLURALS.get(singular, (singular, plural))
    return one if count == 1 else many


@contextmanager
def german_argparse() -> Iterator[None]:
    module: Any = argparse  # its `_` and `ngettext` are not in the type stubs
    saved = module._, module.ngettext
    module._, module.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved


class GermanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that builds, helps and complains in German."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with german_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        with german_argparse():  # it reports unknown arguments itself
            parsed: argparse.Namespace = super().parse_args(args, namespace)
            return parsed

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with german_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with german_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with german_argparse():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with german_argparse():
            super().error(message)
