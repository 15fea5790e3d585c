"""Password hashing (with bounded concurrency), security headers and CSRF."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_token
from litestar.middleware.csrf import CSRFMiddleware as LitestarCSRFMiddleware
from litestar.types import ASGIApp, HTTPSendMessage, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from beteiligung.slots import Slots

# argon2-cffi's defaults follow RFC 9106's second recommendation; when they change
# in a release, check_needs_rehash() makes the next login store the new parameters.
_hasher = PasswordHasher()

# A hash of a random password: verifying against it when the e-mail is unknown
# costs the same time as a real check, so response times reveal no accounts.
_DUMMY_HASH = _hasher.hash("beteiligung-dummy-password")

MIN_PASSWORD_LENGTH = 10

T = TypeVar("T")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


class PasswordChecksBusy(RuntimeError):
    """Every password check slot stayed taken while a request waited for one."""


class PasswordChecks:
    """One password check at a time per process, on a worker thread, and at most a share
    of one core over time.

    Each argon2 check takes ~50 ms on each of its lanes (up to the cores there are) and
    64 MiB: a flood of logins must take neither the memory of the process nor the cores
    the residents' requests need. A check waits on the event loop (no thread held) for
    the place, at most `wait_seconds`, then the caller answers "busy" (503 with
    Retry-After). After a check the place stays taken for a while, so that checks use at
    most `cpu_share` of one core (0.2: on two cores a 50 ms check, then 450 ms pause; two
    logins a second per process, plenty for a town's staff). Callers hold no database
    transaction while they wait or check.
    """

    def __init__(self, wait_seconds: float = 5.0, cpu_share: float = 0.2) -> None:
        self.wait_seconds = wait_seconds
        self.cpu_share = cpu_share
        self._slots = Slots(1)

    async def run(self, check: Callable[..., T], *args: Any) -> T:
        if not await self._slots.take(self.wait_seconds):
            raise PasswordChecksBusy
        started = time.perf_counter()
        try:
            return await anyio.to_thread.run_sync(check, *args)
        finally:
            lanes = min(_hasher.parallelism, os.cpu_count() or 1)
            spent = (time.perf_counter() - started) * lanes
            # At most a second of pause: on a loaded machine a slow check must not make
            # the next person wait past wait_seconds.
            pause = min(1.0, spent / self.cpu_share - spent / lanes)
            self._slots.give_back(after_seconds=pause)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def security_headers_hook(hsts: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """A before_send hook: the only place that also covers router-level 404/405."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    # Encoded once: this runs for every response.
    encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    vary = (b"vary", b"HX-Request")

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        raw = message.get("headers")
        if not isinstance(raw, list):
            raw = message["headers"] = list(raw or ())
        # A handler may set its own value of any of these (names are compared in lower case).
        present = {name.lower() for name, _ in raw}
        raw.extend(header for header in encoded if header[0] not in present)
        # Pages branch on HX-Request (full page or partial); caches must know.
        if not scope["path"].startswith("/static"):
            raw.append(vary)

    return add_security_headers


class CSRFMiddleware(LitestarCSRFMiddleware):
    """Litestar's CSRF middleware with the same checks, token and cookie, made cheaper for
    pages: a GET reads only the cookie (no request object, no content type), and the
    cookie header is built once per configuration instead of through http.cookies and a
    deep copy of a dataclass for every visitor without one (a quarter of a cached survey
    page's time). Unsafe methods go through Litestar's own code unchanged."""

    def __init__(self, app: ASGIApp, config: CSRFConfig) -> None:
        super().__init__(app, config)
        sample = "0" * CSRF_SECRET_LENGTH * 2  # a token's shape: hex, never quoted
        header = Cookie(
            key=config.cookie_name,
            value=sample,
            path=config.cookie_path,
            secure=config.cookie_secure,
            httponly=config.cookie_httponly,
            samesite=config.cookie_samesite,
            domain=config.cookie_domain,
        ).to_header(header="")
        self._cookie_around = header.split(sample)
        self._opt_key = config.exclude_from_csrf_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != ScopeType.HTTP
            or scope["method"] not in self.config.safe_methods
            or should_bypass_middleware(
                scope=scope,
                scopes=self.scopes,
                exclude_opt_key=self._opt_key,
                exclude_path_pattern=self.exclude,
            )
        ):
            await super().__call__(scope, receive, send)
            return
        csrf_cookie = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(self.config.cookie_name)
        token = csrf_cookie or generate_csrf_token(secret=self.config.secret)
        ScopeState.from_scope(scope).csrf_token = token
        await self.app(scope, receive, self.create_send_wrapper(send, token, csrf_cookie))

    def _set_cookie_if_needed(self, message: HTTPSendMessage, token: str) -> None:
        if len(self._cookie_around) != 2 or not token.isalnum():  # never for a new token
            super()._set_cookie_if_needed(message, token)
            return
        before, after = self._cookie_around
        MutableScopeHeaders.from_message(message).add("set-cookie", f"{before}{token}{after}")


def csrf_middleware(config: CSRFConfig) -> DefineMiddleware:
    """For the app's middleware list, last (innermost, where Litestar puts its own)."""
    return DefineMiddleware(CSRFMiddleware, config=config)
