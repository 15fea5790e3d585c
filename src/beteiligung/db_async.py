"""Writes sent from the event loop, outside any request session.

A request session runs on a worker thread; every round trip to PostgreSQL there hands the
GIL back and forth with the event loop, and under a rush of residents (200 sending at once)
the loop waits for it more than it works. The busiest write of all, a new survey response
(surveys.responses.start_alone), is one statement instead: sent from the event loop through
a few psycopg AsyncConnections in autocommit. On SQLite (in process, one writer at a time
anyway) it runs on one thread of the worker at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import anyio
import psycopg
from sqlalchemy import Engine

from beteiligung.db import psycopg_params

T = TypeVar("T")

CONNECTIONS = 4  # per worker; a statement takes well under a millisecond on the server
CONNECT_SECONDS = 10
APPLICATION_NAME = "beteiligung-loop-writer"  # in pg_stat_activity


class LoopWriter:
    """Made per worker at start-up (inside its event loop), closed at shut-down."""

    def __init__(self, engine: Engine, connections: int = CONNECTIONS) -> None:
        self.engine = engine
        self.postgresql = engine.dialect.name == "postgresql"
        # The same server, database and options (a search_path) as the engine's
        # connections; a name of their own in pg_stat_activity unless one is configured.
        self._params: dict[str, Any] = {}
        if self.postgresql:
            self._params = {
                "connect_timeout": CONNECT_SECONDS,
                "application_name": APPLICATION_NAME,
                **psycopg_params(engine),
                "autocommit": True,
            }
        self._idle: asyncio.LifoQueue[psycopg.AsyncConnection[Any] | None] = asyncio.LifoQueue()
        for _ in range(connections if self.postgresql else 0):
            self._idle.put_nowait(None)  # opened when first needed
        self._closed = False
        self._thread = anyio.CapacityLimiter(1)

    async def fetchone(self, sql: str, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """PostgreSQL: one statement, atomic by itself. A connection found broken (the
        server restarted) is replaced and the statement sent once more, so it must be one
        that does no harm when it ran before (INSERT … ON CONFLICT DO NOTHING)."""
        conn, attempts = await self._idle.get(), 0
        try:
            while True:
                attempts += 1
                try:
                    if conn is None or conn.closed:
                        conn = await psycopg.AsyncConnection.connect(**self._params)
                    cursor = await conn.execute(sql, params)
                    return await cursor.fetchone()
                except psycopg.OperationalError:
                    lost = conn is None or conn.broken or conn.closed
                    if conn is not None and lost:
                        await conn.close()
                        conn = None
                    if not lost or attempts == 2:
                        raise  # a cancelled or timed-out statement: not a lost connection
        finally:
            if self._closed and conn is not None:  # came back after shut-down
                await conn.close()
                conn = None
            self._idle.put_nowait(conn)

    async def on_thread(self, work: Callable[..., T], *args: Any) -> T:
        """SQLite: `work(*args)` on a worker thread, one at a time in this worker."""
        return await anyio.to_thread.run_sync(work, *args, limiter=self._thread)

    async def close(self) -> None:
        """Closes the idle connections; one still in use is closed when it comes back."""
        self._closed = True
        while not self._idle.empty():
            conn = self._idle.get_nowait()
            if conn is not None:
                await conn.close()
