"""Engine, one session per request, committed at the boundary."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Executable, Row, create_engine, event, make_url
from sqlmodel import Session

from beteiligung.settings import Settings
from beteiligung.slots import Slots

# Ids are 32-bit integers on PostgreSQL: a larger number in an address is no id at all
# (PostgreSQL refuses it as out of range, SQLite's driver cannot even send it).
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """Aware UTC: SQLModel's datetime columns refuse naive values."""
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Python's sqlite3 driver opens transactions late and on its own, so a SAVEPOINT could
    # end up as the outermost transaction and commit for good when released. The driver
    # stays in autocommit and SQLAlchemy sends BEGIN itself (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Writers queue for the one write lock; under a rush a resident rather waits than fails.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


WRITE = "beteiligung_write"
ALONE = "beteiligung_alone"


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for requests that write: they take SQLite's one write lock at the
    start and wait for it (busy_timeout) instead of failing with "database is locked"
    when a read transaction tries to become a write transaction. Readers keep reading
    (WAL) and begin without a lock. A single SELECT needs no transaction around it."""
    options = conn.get_execution_options()
    if options.get(ALONE):
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")


_writers: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def writing(engine: Engine) -> Engine:
    """The engine for a unit of work that will write (made once: it costs a copy of the
    engine's options and events)."""
    writer = _writers.get(engine)
    if writer is None:
        writer = _writers[engine] = engine.execution_options(**{WRITE: True})
    return writer


_alone: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def statement_alone(engine: Engine) -> Engine:
    """The engine for one statement run by itself: no BEGIN before it and no COMMIT or
    ROLLBACK after it on the server (SQLite: the driver's autocommit; PostgreSQL:
    AUTOCOMMIT). One statement is atomic and sees one consistent snapshot anyway."""
    alone = _alone.get(engine)
    if alone is None:
        if engine.dialect.name == "sqlite":
            alone = engine.execution_options(**{ALONE: True})
        else:
            alone = engine.execution_options(isolation_level="AUTOCOMMIT")
        _alone[engine] = alone
    return alone


def read_row(engine: Engine, statement: Executable, params: Mapping[str, Any]) -> Row[Any] | None:
    """The first row of one SELECT, run by itself (statement_alone). Fast enough to run
    on the event loop."""
    with statement_alone(engine).connect() as conn:
        return conn.execute(statement, params).first()


def make_engine(settings: Settings, **kwargs: Any) -> Engine:
    url = settings.sqlalchemy_url
    if settings.is_sqlite:
        db_path = url.removeprefix("sqlite:///")
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        # Enough pooled connections for every handler thread and every session still ending,
        # so that no request pays for opening (and configuring) a new SQLite connection.
        kwargs.setdefault("pool_size", 20)
        kwargs.setdefault("max_overflow", 20)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A transaction left open (a bug, a crashed worker) must not hold locks for ever:
    # PostgreSQL ends such a session after a minute.
    connect_args = dict(kwargs.pop("connect_args", {}))
    # connect_args replace the URL's query: keep its options (a search_path, say).
    options = connect_args.get("options", "") or str(make_url(url).query.get("options", ""))
    if "idle_in_transaction_session_timeout" not in options:
        options = f"{options} -c idle_in_transaction_session_timeout=60000".strip()
    connect_args["options"] = options
    kwargs["connect_args"] = connect_args
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    _, params = engine.dialect.create_connect_args(engine.url)
    _psycopg_params[engine] = {**params, **connect_args}
    return engine


_psycopg_params: WeakKeyDictionary[Engine, dict[str, Any]] = WeakKeyDictionary()


def psycopg_params(engine: Engine) -> dict[str, Any]:
    """What psycopg.connect gets for the connections of this PostgreSQL engine (made by
    make_engine): the address and options of the URL and of connect_args."""
    known = _psycopg_params.get(engine)
    if known is None:  # an engine made another way: what its URL says
        return dict(engine.dialect.create_connect_args(engine.url)[1])
    return dict(known)


# Request sessions end on threads of their own. Litestar ends a sync generator dependency on
# the thread pool that also runs the sync handlers: when every pool thread waits for a
# database connection that only an ending session can give back, the server stands still
# (seen with 64 concurrent requests). Ending a session never waits for a connection.
_FINISHER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="db-finish")


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


@asynccontextmanager
async def request_scope(engine: Engine, write: bool = False) -> AsyncIterator[Session]:
    """One session for a request, committed once when the work in it (and a template
    rendered meanwhile) succeeded, rolled back otherwise."""
    session = Session(writing(engine) if write else engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        await _end(session, commit=False)
        raise
    await _end(session, commit=True)


async def _end(session: Session, commit: bool) -> None:
    if session.in_transaction():
        await asyncio.get_running_loop().run_in_executor(_FINISHER, _finish, session, commit)
    else:  # never used (the handler went another way): no connection to give back
        session.close()


_write_slots: WeakKeyDictionary[Engine, Slots] = WeakKeyDictionary()


def _slots_for_writes(engine: Engine) -> Slots:
    """SQLite lets one writer in at a time: two places (one writing, one ready). PostgreSQL
    writes side by side; a few per worker keep the threads and cores for readers."""
    slots = _write_slots.get(engine)
    if slots is None:
        slots = _write_slots[engine] = Slots(2 if engine.dialect.name == "sqlite" else 6)
    return slots


async def request_session(
    engine: Engine, write: bool = False, queue: bool = False
) -> AsyncGenerator[Session, None]:
    """Litestar dependency: request_scope around the handler and its template.

    `queue`: a handler that writes and does all its work on a worker thread first takes
    one of a few places, waiting on the event loop. A burst of POSTs then waits there
    (no thread, no connection, on SQLite not for the write lock inside a thread) and the
    threads stay free for pages being read. Async handlers that await slow work (a
    password check) between their reads and writes take no place."""
    if not (write and queue):
        async with request_scope(engine, write) as session:
            yield session
        return
    slots = _slots_for_writes(engine)
    await slots.take()
    try:
        async with request_scope(engine, write) as session:
            yield session
    finally:
        slots.give_back()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """The same boundary for CLI commands, scripts and tests (which write)."""
    with Session(writing(engine), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
