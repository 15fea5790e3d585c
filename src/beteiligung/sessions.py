"""Server-side sessions for staff only: residents never get a session cookie.

Litestar's backend stores a session (and sets its cookie) on every response,
even when nothing was ever put into it. Here an empty session is not stored:
a cookie that was sent is cleared, and none is set where none was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, Receive, Scope, ScopeSession, Send


class StaffSessionBackend(ServerSideSessionBackend):
    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        if scope_session is Empty or not scope_session:
            if self.config.key not in connection.cookies:
                return
            scope_session = Empty
        await super().store_in_message(scope_session, message, connection)


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
