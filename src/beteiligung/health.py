"""GET /healthz: for the container's health check and a monitor.

"ok" means that a login and an answer can be stored: the database accepts a write and
the folders where the app writes (settings.data_path, SQLite's folder) and the session
store do too. A full disk or a read-only database answered "ok" before; staff then
looped back to the login page. Every probe leaves nothing behind: the database's write
is rolled back, the probe file and session key are removed at once.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import anyio
from litestar import MediaType, Response, get
from litestar.datastructures import State
from litestar.stores.base import Store
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from beteiligung.db import statement_alone
from beteiligung.sessions import STORE_FAILURES
from beteiligung.settings import Settings
from beteiligung.web import AnyRequest

log = logging.getLogger("beteiligung")

# alembic_version: in every migrated database, one row; set to itself and rolled back.
_PROBE_WRITE = "UPDATE alembic_version SET version_num = version_num"
PROBE_BYTES = 4096  # a block: a full disk refuses it (an empty file would still fit)
SQLITE_PROBE_WAIT_MS = 200  # another writer holds the lock: it writes, so the file does


def database_state(engine: Engine) -> str:
    """ "ok", "read-only" (a write refused) or "unreachable"."""
    try:
        with statement_alone(engine).connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        log.warning("Gesundheitsprüfung: Datenbank nicht erreichbar: %s", exc)
        return "unreachable"
    try:
        writable = _sqlite_write(engine) if engine.dialect.name == "sqlite" else _pg_write(engine)
    except DBAPIError as exc:
        log.warning("Gesundheitsprüfung: Datenbank nimmt keine Änderung an: %s", exc.orig)
        writable = False
    return "ok" if writable else "read-only"


def _pg_write(engine: Engine) -> bool:
    """A standby or a read-only default says so; a refused write raises."""
    with engine.connect() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '2s'"))
        read_only, recovering = conn.execute(
            text("SELECT current_setting('transaction_read_only'), pg_is_in_recovery()")
        ).one()
        if read_only == "on" or recovering:
            log.warning("Gesundheitsprüfung: PostgreSQL nur lesbar (Standby oder read-only)")
            return False
        conn.execute(text(_PROBE_WRITE))
        conn.rollback()
    return True


def _sqlite_write(engine: Engine) -> bool:
    """The write lock for a moment (not the usual 30 s: a busy writer proves the file
    writable) and a write that is rolled back; a file opened read-only refuses it."""
    with statement_alone(engine).connect() as conn:
        waited = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_PROBE_WAIT_MS}")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError as exc:
            if "locked" in str(exc.orig):
                return True
            raise
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited or 0)}")
        try:
            conn.exec_driver_sql(_PROBE_WRITE)
        finally:
            conn.exec_driver_sql("ROLLBACK")
    return True


def _folders(settings: Settings) -> list[Path]:
    """Where the app writes files: the data folder, and SQLite's file with its journal."""
    folders = [settings.data_path]
    if settings.is_sqlite and not settings.database_url.endswith(":memory:"):
        database = Path(settings.sqlalchemy_url.removeprefix("sqlite:///"))
        folders.append(database.parent)
    return list(dict.fromkeys(path.resolve() for path in folders))


def storage_state(settings: Settings) -> str:
    """ "ok" or "not writable": a block written to each folder, synced and removed."""
    for folder in _folders(settings):
        probe = folder / f".healthz-{secrets.token_hex(8)}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                if os.write(fd, b"\0" * PROBE_BYTES) != PROBE_BYTES:
                    raise OSError("short write")
                os.fsync(fd)
            finally:
                os.close(fd)
                probe.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Gesundheitsprüfung: %s nicht beschreibbar: %s", folder, exc)
            return "not writable"
    return "ok"


async def sessions_state(store: Store) -> str:
    """ "ok" or "not writable": a key set and deleted in the session store."""
    key = f"healthz-{secrets.token_hex(8)}"
    try:
        await store.set(key, b"1", expires_in=60)
        await store.delete(key)
    except STORE_FAILURES as exc:
        log.warning("Gesundheitsprüfung: Sitzungsspeicher nicht beschreibbar: %s", exc)
        return "not writable"
    return "ok"


@get("/healthz", name="health", media_type=MediaType.JSON, opt={"public": True})
async def health(state: State, request: AnyRequest) -> Response[dict[str, str]]:
    settings: Settings = state.settings
    body = {
        "database": await anyio.to_thread.run_sync(database_state, state.engine),
        "storage": await anyio.to_thread.run_sync(storage_state, settings),
        "sessions": await sessions_state(request.app.stores.get("sessions")),
    }
    ok = all(value == "ok" for value in body.values())
    return Response(
        {"status": "ok" if ok else "error", **body},
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )
