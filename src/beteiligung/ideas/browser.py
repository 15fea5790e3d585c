"""The browser cookie and the per-client rate limits of the residents' idea routes.

Nobody signs in. Supports and reports are tied to a random browser cookie (only its
keyed hash is stored); floods are held back by per-client rate limits kept in the
ephemeral store, never in the database.
"""

from __future__ import annotations

import secrets

from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas import service
from beteiligung.ideas.models import Idea
from beteiligung.throttle import Limit, Throttle
from beteiligung.web import AnyRequest, client_id

BROWSER_COOKIE = "beteiligung_browser"
BROWSER_COOKIE_DAYS = 365
# Per client: generous for people, tight for scripts.
RATE_LIMITS = {
    "submit": Limit("idea-submit", 5, 3600),
    "support": Limit("idea-support", 60, 600),
    "comment": Limit("idea-comment", 10, 600),
    "report": Limit("idea-report", 20, 3600),
}


class Limits:
    """Per-client limits of the sync handlers, counted on the handler's own thread in one
    atomic step (beteiligung.throttle): nothing waits for the event loop or another thread."""

    def __init__(self, request: AnyRequest) -> None:
        self.throttle: Throttle = request.app.state.throttle
        self.client = client_id(request)

    def exceeded(self, action: str) -> bool:
        """Counts the action for this client; True when the client is over its limit."""
        return not self.throttle.hit(RATE_LIMITS[action], self.client).allowed


def provide_limits(request: AnyRequest) -> Limits:
    return Limits(request)


LIMITS = {"limits": Provide(provide_limits, sync_to_thread=False)}
RateLimits = NamedDependency[Limits]


def too_many_text() -> str:
    return _(
        "Von Ihrem Anschluss kamen gerade sehr viele Beiträge. Bitte warten Sie eine Weile "
        "und versuchen Sie es dann erneut; Ihr Text ist unten noch da."
    )


def too_many_support() -> str:
    return _(
        "Gerade kamen sehr viele Klicks von Ihrem Anschluss. Bitte versuchen Sie es später erneut."
    )


class Browser:
    """The random cookie that lets one browser support an idea once."""

    def __init__(self, request: AnyRequest) -> None:
        value = request.cookies.get(BROWSER_COOKIE, "")
        self.is_new = not (
            20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
        )
        self.value = secrets.token_urlsafe(24) if self.is_new else value
        self.secret = request.app.state.settings.secret_key
        self.secure = request.app.state.settings.cookies_secure

    def key(self, purpose: str) -> str:
        return service.browser_key(self.secret, self.value, purpose)

    def remember(self, response: Template | Redirect) -> Template | Redirect:
        if self.is_new:
            response.cookies.append(
                Cookie(
                    key=BROWSER_COOKIE,
                    value=self.value,
                    max_age=BROWSER_COOKIE_DAYS * 24 * 3600,
                    httponly=True,
                    samesite="lax",
                    secure=self.secure,
                )
            )
        return response


def known_supporter(request: AnyRequest, db: Session, idea: Idea) -> bool:
    value = request.cookies.get(BROWSER_COOKIE)
    if not value:
        return False
    key = service.browser_key(request.app.state.settings.secret_key, value, "support")
    return service.has_supported(db, idea, key)
