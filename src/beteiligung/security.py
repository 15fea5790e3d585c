"""Password hashing, security headers and login throttling."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from litestar.stores.base import Store
from litestar.types import Message, Scope

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
