"""Log output of every command and of the server's workers: control characters escaped.

A requested path, an e-mail address or an exception's text can end up in a log message.
A line break in it would write a forged line that looks like a record of its own, a
terminal escape sequence would rewrite what an operator sees. So a record's first line is
written with every control character as an escape (\\n, \\x1b, …), and the lines of a
traceback that follow are indented: every line that starts at the left margin starts a
record. `beteiligung serve` hands log_config() to uvicorn, which applies it in each worker
process (the configuration of the parent process does not reach a spawned worker).
"""

from __future__ import annotations

import logging
import re
from typing import Any

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TRACEBACK_PREFIX = "  | "

# C0, DEL, C1 and the Unicode line and paragraph separators (some viewers break lines there).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(_escape, text)


class EscapingFormatter(logging.Formatter):
    """logging.Formatter whose output cannot be taken for more records than it is."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = escape_controls(self.formatMessage(record))
        # Not record.exc_text: another handler's formatter may have cached it unescaped.
        if record.exc_info:
            text += "\n" + self._indented(self.formatException(record.exc_info))
        elif record.exc_text:
            text += "\n" + self._indented(record.exc_text)
        if record.stack_info:
            text += "\n" + self._indented(self.formatStack(record.stack_info))
        return text

    @staticmethod
    def _indented(text: str) -> str:
        return "\n".join(TRACEBACK_PREFIX + escape_controls(line) for line in text.split("\n"))


def log_config(level: str) -> dict[str, Any]:
    """For logging.config.dictConfig: one handler on stderr for the root logger, which
    the app's, Litestar's and uvicorn's loggers all reach (uvicorn's own handlers and
    colours are replaced)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"escaped": {"()": EscapingFormatter, "fmt": FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "escaped",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            name: {"handlers": [], "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }
