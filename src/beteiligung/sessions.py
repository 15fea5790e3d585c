"""Server-side sessions for staff only: residents never get a session cookie.

Litestar's backend stores a session (and sets its cookie) on every response,
even when nothing was ever put into it. Here an empty session is not stored:
a cookie that was sent is cleared, and none is set where none was sent.
"""

from __future__ import annotations

import errno
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from tempfile import mkstemp
from typing import Any

from anyio import Path as AsyncPath
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import ServiceUnavailableException
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import StorageObject, Store
from litestar.stores.file import FileStore
from litestar.types import Empty, Message, Receive, Scope, ScopeSession, Send
from litestar.utils.scope.state import ScopeState
from redis.exceptions import RedisError

from beteiligung import i18n

log = logging.getLogger("beteiligung")


class StrictFileStore(FileStore):
    """Litestar's FileStore, except that a failed write is an error: Litestar's swallows
    OSError (a full disk), and a login then answered 303 without a stored session, which
    sent staff back to the login page without a word."""

    def _write_sync(self, target_file: AsyncPath, storage_obj: StorageObject) -> None:
        data = storage_obj.to_bytes()
        fd, temporary = mkstemp(dir=self.path, prefix=f"{target_file.name}.tmp")
        try:
            try:
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(errno.ENOSPC, "short write", temporary)
            finally:
                os.close(fd)
            os.replace(temporary, target_file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)  # the rename did not happen
            raise


def _unavailable(exc: Exception) -> ServiceUnavailableException:
    log.error("Sitzungsspeicher nicht erreichbar oder nicht beschreibbar: %s", exc)
    return ServiceUnavailableException(
        headers={"Retry-After": "60"},
        extra={
            "title": i18n.lazy("Technische Störung"),
            "message": i18n.lazy(
                "Ihre Anmeldung konnte gerade nicht gespeichert werden, weil der Server eine "
                "technische Störung hat. Bitte versuchen Sie es in einigen Minuten erneut."
            ),
        },
    )


# A full disk or a read-only folder (FileStore), Redis down or refusing writes (RedisStore).
STORE_FAILURES = (OSError, RedisError)
_STORE_FAILED = "beteiligung.session_store_failed"


async def forget_session(store: Store, session_id: str) -> None:
    """Deletes a session at login and logout; a failing store is the same 503."""
    try:
        await store.delete(session_id)
    except STORE_FAILURES as exc:
        raise _unavailable(exc) from exc


class StaffSessionBackend(ServerSideSessionBackend):
    """A store that fails gives the German 503 page (web.error_handler) instead of a
    login that seems to work and is forgotten, or a 500."""

    async def get(self, session_id: str, store: Store) -> bytes | None:
        try:
            return await super().get(session_id, store)
        except STORE_FAILURES as exc:
            raise _unavailable(exc) from exc

    async def set(self, session_id: str, data: bytes, store: Store) -> None:
        try:
            await super().set(session_id, data, store)
        except STORE_FAILURES as exc:
            raise _unavailable(exc) from exc

    async def delete(self, session_id: str, store: Store) -> None:
        try:
            await super().delete(session_id, store)
        except STORE_FAILURES as exc:
            raise _unavailable(exc) from exc

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        scope: dict[str, Any] = connection.scope  # type: ignore[assignment]
        if scope.get(_STORE_FAILED):
            return  # the error page of a store that failed: no second try, no cookie
        if scope_session is Empty or not scope_session:
            if self.config.key not in connection.cookies:
                return
            scope_session = Empty
        try:
            await super().store_in_message(scope_session, message, connection)
        except ServiceUnavailableException:
            # The session is stored as the response starts, inside the send of Litestar's
            # exception middleware, which has already marked the response as started and
            # would refuse to answer. It never left: the error page goes in its place.
            scope[_STORE_FAILED] = True
            ScopeState.from_scope(connection.scope).response_started = False
            raise


class StaffSessionMiddleware(SessionMiddleware[StaffSessionBackend]):
    """Residents send no session cookie: they get an empty session without a look at the
    store or a new session id, and only a session filled during the request (a login)
    goes through the backend, which then stores it and sets the cookie as usual."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self.backend.config.key.encode()
        if any(name == b"cookie" and key in value for name, value in scope["headers"]):
            await self._with_session(scope, receive, send)
            return
        scope["session"] = {}

        async def send_filled_session(message: Message) -> None:
            if message["type"] == "http.response.start" and scope.get("session"):
                connection = ASGIConnection[Any, Any, Any, Any](scope, receive=receive, send=send)
                await self.backend.store_in_message(scope["session"], message, connection)
            await send(message)

        await self.app(scope, receive, send_filled_session)

    async def _with_session(self, scope: Scope, receive: Receive, send: Send) -> None:
        """SessionMiddleware.__call__ (which Litestar wraps in its exclude check)."""
        connection = ASGIConnection[Any, Any, Any, Any](scope, receive=receive, send=send)
        scope["session"] = await self.backend.load_from_connection(connection)
        connection._connection_state.session_id = self.backend.get_session_id(connection)
        await self.app(scope, receive, self.create_send_wrapper(connection))


@dataclass
class StaffSessionConfig(ServerSideSessionConfig):
    _backend_class = StaffSessionBackend

    @property
    def middleware(self) -> DefineMiddleware:
        return DefineMiddleware(StaffSessionMiddleware, backend=self._backend_class(config=self))


STAFF_PREFIX = "/verwaltung"


async def no_store_for_staff(message: Message, scope: Scope) -> None:
    """A before_send hook: whatever staff see stays out of every cache (the browser's on a
    shared computer in the town hall, a proxy's): every page under /verwaltung, the login
    included, and every answer to a request with a staff session (public pages show them
    drafts and their menu). Static files run without the session and stay cacheable."""
    if message["type"] != "http.response.start":
        return
    path = scope["path"]
    staff_path = path == STAFF_PREFIX or path.startswith(STAFF_PREFIX + "/")
    if staff_path or scope.get("session"):
        MutableScopeHeaders.from_message(message)["cache-control"] = "no-store"
