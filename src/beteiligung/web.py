"""htmx-aware rendering, redirects, form errors and error pages shared by the slices."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    InternalServerException,
    NotAuthorizedException,
    NotFoundException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.exc import OperationalError

from beteiligung import i18n
from beteiligung.i18n import gettext as _
from beteiligung.throttle import client_address

log = logging.getLogger("beteiligung")

AnyRequest = Request[Any, Any, Any]

# Messages for htmx requests and full pages alike; the msgids are extracted by Babel.
ERROR_TEXTS: dict[int, tuple[str, str]] = {
    400: (
        i18n.lazy("Ungültige Anfrage"),
        i18n.lazy("Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben."),
    ),
    403: (
        i18n.lazy("Zugriff verweigert"),
        i18n.lazy("Für diese Seite fehlt Ihnen die nötige Berechtigung."),
    ),
    404: (
        i18n.lazy("Seite nicht gefunden"),
        i18n.lazy(
            "Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder beginnen Sie auf der Startseite."
        ),
    ),
    405: (
        i18n.lazy("Aktion nicht möglich"),
        i18n.lazy("Diese Seite kann so nicht aufgerufen werden."),
    ),
    409: (
        i18n.lazy("Im Moment nicht möglich"),
        i18n.lazy("Diese Aktion ist im Moment nicht möglich."),
    ),
    413: (
        i18n.lazy("Eingabe zu groß"),
        i18n.lazy("Die gesendeten Daten sind zu umfangreich. Bitte kürzen Sie Ihre Eingabe."),
    ),
    415: (
        i18n.lazy("Format nicht unterstützt"),
        i18n.lazy(
            "Dieses Formular nimmt keine Dateien an. Bitte senden Sie es ohne Anhang erneut."
        ),
    ),
    429: (
        i18n.lazy("Zu viele Anfragen"),
        i18n.lazy("Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    ),
    503: (
        i18n.lazy("Gerade viel los"),
        i18n.lazy(
            "Im Moment kommen sehr viele Anfragen gleichzeitig an. Bitte gehen Sie zurück und "
            "senden Sie das Formular in einigen Sekunden noch einmal; Ihre Eingaben sind noch da."
        ),
    ),
    500: (
        i18n.lazy("Technischer Fehler"),
        i18n.lazy(
            "Leider ist ein Fehler aufgetreten. Ihre Eingabe wurde nicht gespeichert. "
            "Bitte versuchen Sie es später erneut."
        ),
    ),
}
CSRF_TEXT = i18n.lazy(
    "Das Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. "
    "Bitte laden Sie die Seite neu und senden Sie es erneut."
)


def is_htmx(request: AnyRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not (htmx.boosted or htmx.history_restore_request)  # type: ignore[union-attr]


def page(
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    partial: str | None = None,
    request: AnyRequest | None = None,
) -> Template:
    """Render the full page, or only its partial when htmx asks for it."""
    name = partial if partial and request is not None and is_htmx(request) else template
    return Template(template_name=name, context=dict(context or {}), status_code=status_code)


def form_page(
    request: AnyRequest, template: str, context: Mapping[str, Any], errors: FormErrors
) -> Template:
    """Re-render a form with its errors: 422 for plain forms; htmx swaps 422 too (see base.html)."""
    return Template(template_name=template, context={**context, "errors": errors}, status_code=422)


def see_other(url: str) -> Redirect:
    return Redirect(path=url, status_code=303)


def safe_next(target: object, fallback: str) -> str:
    """Only local paths: a `next` parameter must never send people to another site."""
    if not isinstance(target, str) or not target:  # an upload is no address either
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    return target


@dataclass
class FormErrors:
    """Field errors in the order of the form, for the summary on top and each field."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


def has_control_chars(value: str) -> bool:
    """NUL and the other invisible C0/C1 characters: no form means them, PostgreSQL refuses NUL.
    Line breaks and tabs are text."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value)


def form_values(raw: Mapping[str, Any], *names: str) -> dict[str, str]:
    """The posted values as strings, so a re-rendered form keeps what was typed.
    A file upload where text belongs counts as empty, like a missing field."""
    values: dict[str, str] = {}
    for name in names:
        value = raw.get(name, "")
        values[name] = value if isinstance(value, str) else ""
    return values


def session_data(request: AnyRequest) -> dict[str, Any]:
    """Router-level 404/405 run without the session middleware: never touch request.session."""
    data = request.scope.get("session")
    return data if isinstance(data, dict) else {}


def client_id(request: AnyRequest) -> str:
    """The client address, used only as a throttling key in the ephemeral store; behind a
    trusted reverse proxy the address that proxy saw (throttle.client_address)."""
    peer = request.client.host if request.client else "unknown"
    proxies = request.app.state.settings.proxy_networks
    forwarded = request.headers.getall("x-forwarded-for", []) if proxies else []
    return client_address(peer, forwarded, proxies)


# C0, DEL and C1: no page address contains them; a NUL reached the file system or
# PostgreSQL as a 500, a line break the log.
_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def refuse_control_paths(app: ASGIApp) -> ASGIApp:
    """Middleware: a path with control characters is a 404 before anything reads it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if _CONTROL_CHARS.search(scope["path"]):
            raise NotFoundException()
        await app(scope, receive, send)

    return middleware


# What Litestar raises when an http.disconnect arrives while it reads the body.
_DISCONNECTED = "client disconnected prematurely"


def _client_went_away(exc: Exception) -> bool:
    return isinstance(exc, InternalServerException) and exc.detail == _DISCONNECTED


def _database_busy(exc: Exception) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def error_handler(request: AnyRequest, exc: Exception) -> Response[Any]:
    """German error pages in the site layout; must be a plain def (see LITESTAR-NOTES)."""
    status = exc.status_code if isinstance(exc, HTTPException) else HTTP_500_INTERNAL_SERVER_ERROR
    if _client_went_away(exc):
        # Nobody is left to read an answer: a dropped mobile connection, not a fault.
        log.info(
            "Verbindung während der Anfrage abgebrochen: %s %s", request.method, request.url.path
        )
        return Response(b"", status_code=400)
    if _database_busy(exc):
        # SQLite's write lock not free within the busy timeout: a rush, not a fault.
        status = 503
        log.warning("Datenbank ausgelastet bei %s %s", request.method, request.url.path)
    elif status == HTTP_500_INTERNAL_SERVER_ERROR:
        log.exception(
            "Unbehandelter Fehler bei %s %s", request.method, request.url.path, exc_info=exc
        )
    if isinstance(exc, NotAuthorizedException) and not is_htmx(request):
        login = request.app.route_reverse("login")
        return Redirect(path=f"{login}?next={request.url.path}", status_code=303)
    if "session" not in request.scope:
        # Unknown paths and wrong methods skip the locale middleware.
        i18n.use_locale(i18n.pick_locale(request, request.app.state.settings.default_locale))
    title, message = ERROR_TEXTS.get(status, ERROR_TEXTS[400 if status < 500 else 500])
    detail = getattr(exc, "detail", "")
    if status == 403 and "CSRF" in str(detail):
        message = CSRF_TEXT
    elif (
        isinstance(exc, HTTPException) and isinstance(exc.extra, dict) and exc.extra.get("message")
    ):
        message = str(exc.extra["message"])
        title = str(exc.extra.get("title") or title)
    headers = (
        {"Retry-After": str(exc.headers["Retry-After"])}
        if (isinstance(exc, HTTPException) and exc.headers and "Retry-After" in exc.headers)
        else ({"Retry-After": "5"} if status == 503 else None)
    )
    return Template(
        template_name="error.html",
        context={"status": status, "title": _(title), "message": _(message)},
        status_code=status,
        headers=headers,
    )


FLASH_KEY = "flash"


def flash(request: AnyRequest, message: str) -> None:
    """A one-time notice for the next page a logged-in person sees."""
    data = session_data(request)
    if "session" in request.scope:
        request.set_session({**data, FLASH_KEY: [*data.get(FLASH_KEY, []), message]})


def take_flashes(request: AnyRequest) -> list[str]:
    data = session_data(request)
    messages = data.get(FLASH_KEY) or []
    if messages:
        request.set_session({k: v for k, v in data.items() if k != FLASH_KEY})
    return [str(m) for m in messages]
