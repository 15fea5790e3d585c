"""Password hashing, security headers, CSRF and login throttling."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

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
from litestar.stores.base import Store
from litestar.types import ASGIApp, HTTPSendMessage, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

# argon2-cffi's defaults follow RFC 9106's second recommendation; when they change
# in a release, check_needs_rehash() makes the next login store the new parameters.
_hasher = PasswordHasher()

# A hash of a random password: verifying against it when the e-mail is unknown
# costs the same time as a real check, so response times reveal no accounts.
_DUMMY_HASH = _hasher.hash("beteiligung-dummy-password")

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


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


@dataclass(frozen=True)
class ThrottleState:
    blocked: bool
    retry_after_seconds: int

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_seconds / 60))


class LoginThrottle:
    """Counts failed logins per account and per client in a Litestar store.

    Keys are keyed hashes, so not even the ephemeral store holds e-mail addresses
    or IP addresses in clear; nothing of it reaches the database.
    """

    def __init__(self, store: Store, secret: str, max_failures: int, window_seconds: int) -> None:
        self.store = store
        self.secret = secret.encode()
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    def _key(self, kind: str, value: str) -> str:
        digest = hmac.new(self.secret, value.strip().lower().encode(), hashlib.sha256).hexdigest()
        return f"login:{kind}:{digest[:40]}"

    def keys(self, email: str, client: str) -> list[str]:
        return [self._key("account", email), self._key("client", client)]

    async def state(self, email: str, client: str) -> ThrottleState:
        for key in self.keys(email, client):
            raw = await self.store.get(key)
            if raw is not None and int(raw) >= self.max_failures:
                remaining = await self.store.expires_in(key)
                return ThrottleState(True, remaining or self.window_seconds)
        return ThrottleState(False, 0)

    async def record_failure(self, email: str, client: str) -> None:
        for key in self.keys(email, client):
            raw = await self.store.get(key)
            if raw is None:
                await self.store.set(key, b"1", expires_in=self.window_seconds)
                continue
            remaining = await self.store.expires_in(key) or self.window_seconds
            await self.store.set(key, str(int(raw) + 1).encode(), expires_in=remaining)

    async def record_success(self, email: str) -> None:
        await self.store.delete(self._key("account", email))


class RateLimit:
    """At most `limit` actions of one client per window, counted in a Litestar store.

    Against floods of ideas, supports and comments from one client. Like the login
    throttle, keys are keyed hashes: the store never holds an address in clear, and
    nothing of it reaches the database.
    """

    def __init__(
        self, store: Store, secret: str, name: str, limit: int, window_seconds: int
    ) -> None:
        self.store = store
        self.secret = secret.encode()
        self.name = name
        self.limit = limit
        self.window_seconds = window_seconds

    def _key(self, client: str) -> str:
        digest = hmac.new(self.secret, f"{self.name}:{client}".encode(), hashlib.sha256)
        return f"rate:{self.name}:{digest.hexdigest()[:40]}"

    async def hit(self, client: str) -> ThrottleState:
        """Counts one action; blocked (and not counted) once the window's limit is reached."""
        key = self._key(client)
        raw = await self.store.get(key)
        if raw is None:
            await self.store.set(key, b"1", expires_in=self.window_seconds)
            return ThrottleState(False, 0)
        remaining = await self.store.expires_in(key) or self.window_seconds
        if int(raw) >= self.limit:
            return ThrottleState(True, remaining)
        await self.store.set(key, str(int(raw) + 1).encode(), expires_in=remaining)
        return ThrottleState(False, 0)
