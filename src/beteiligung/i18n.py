"""German first, English second: per-request locale, Babel catalogues, formatting.

The UI is written in German (the msgids are German); the English catalogue in
``translations/en`` translates it. The locale comes from the ``lang`` cookie,
then Accept-Language, then the configured default.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, negotiate_locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal as _format_decimal
from babel.numbers import format_percent as _format_percent
from babel.support import NullTranslations, Translations
from litestar.connection import ASGIConnection
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from beteiligung import clock
from beteiligung.settings import SUPPORTED_LOCALES

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANG_COOKIE = "lang"

_locale: ContextVar[str] = ContextVar("locale", default="de")


@lru_cache
def translations_for(locale: str) -> NullTranslations:
    if locale == "de":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [locale])


def current_locale() -> str:
    return _locale.get()


def gettext(message: str, **variables: Any) -> str:
    text = translations_for(current_locale()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations_for(current_locale()).ngettext(singular, plural, n)
    return text % ({"num": n} | variables)


# Marks a string for extraction without translating it at import time.
def lazy(message: str) -> str:
    return message


def pick_locale(conn: ASGIConnection[Any, Any, Any, Any], default: str) -> str:
    cookie = conn.cookies.get(LANG_COOKIE)
    if cookie in SUPPORTED_LOCALES:
        return cookie
    return _negotiated(conn.headers.get("accept-language", ""), default)


@lru_cache(maxsize=512)
def _negotiated(header: str, default: str) -> str:
    """Browsers send few distinct headers: each is worked out once."""
    preferred = [part.split(";")[0].strip().replace("-", "_") for part in header.split(",") if part]
    return negotiate_locale(preferred, list(SUPPORTED_LOCALES), sep="_") or default


class LocaleMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    def __init__(self, default_locale: str) -> None:
        self.default_locale = default_locale

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        locale = pick_locale(ASGIConnection(scope), self.default_locale)
        token = _locale.set(locale)
        try:
            await next_app(scope, receive, send)
        finally:
            _locale.reset(token)


def use_locale(locale: str) -> None:
    """For error pages that Litestar answers before any middleware runs."""
    _locale.set(locale)


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    """A day, or the towns' day of a stored moment (BETEILIGUNG_TIME_ZONE)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return _format_date(value, format=format, locale=current_locale())


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return _format_datetime(clock.local(value), format=format, locale=current_locale())


def format_number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _format_decimal(value, format=pattern, locale=current_locale())


def format_percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return _format_percent(value, format=pattern, locale=current_locale())


def language_name(locale: str) -> str:
    return str(Locale.parse(locale).get_display_name(locale)).capitalize()
