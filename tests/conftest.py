"""Fixtures: every app test runs on SQLite and on PostgreSQL, as named personas.

- `backend` is "sqlite" or "postgresql" (session-scoped and parametrized, so the
  whole suite runs once per database). PostgreSQL comes from
  BETEILIGUNG_TEST_POSTGRES_URL; without it the PostgreSQL half is skipped,
  except under CI=true, where a missing database fails the run.
- `app` is a fresh app on a fresh database holding the demo federation.
- Personas: `resident` (anonymous), `moelln_moderator`, `moelln_admin`,
  `wittenberge_admin`, `federation_admin`, each a client with its own cookies.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine, inspect, text

from beteiligung import demo, migrate, security
from beteiligung.app import CSRF_COOKIE, create_app
from beteiligung.db import make_engine, session_scope
from beteiligung.settings import Settings

TEST_SECRET = "test-secret-key-that-is-long-enough-for-hmac"
T = TypeVar("T")
PG_URL_ENV = "BETEILIGUNG_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """Production argon2 costs ~50 ms and 64 MiB per hash; tests log in hundreds of times.

    test_accounts checks the production parameters separately.
    """
    original = security._hasher
    security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._hasher = original


def _postgres_url() -> str | None:
    url = os.environ.get(PG_URL_ENV, "")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"{PG_URL_ENV} is not set: under CI=true the PostgreSQL tests must run.")
    return None


def _worker_schema() -> str:
    # Per process: parallel test runs on one machine (xdist workers, two developers) must
    # never share a schema, or they truncate each other's tables.
    return f"bt_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for every test (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}", secret_key=TEST_SECRET))
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """One schema per test worker, migrated once; tests empty it afterwards."""
    url = _postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL not configured ({PG_URL_ENV})")
    schema = _worker_schema()
    admin = make_engine(Settings(database_url=url, secret_key=TEST_SECRET))
    try:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {url} is not reachable under CI=true: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    finally:
        admin.dispose()
    engine = make_engine(
        Settings(database_url=url, secret_key=TEST_SECRET),
        # as engine_kwargs; a transaction a test leaves open ends after 5 s instead of
        # blocking the next test's TRUNCATE for ever
        connect_args={
            "options": f"-csearch_path={schema} -c idle_in_transaction_session_timeout=5000"
        },
    )
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    admin = make_engine(Settings(database_url=url, secret_key=TEST_SECRET))
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def engine_kwargs(backend: str) -> dict[str, Any]:
    """What make_engine needs to build another engine on the test database."""
    if backend == "postgresql":
        return {"connect_args": {"options": f"-csearch_path={_worker_schema()}"}}
    return {}


# Rows the migrations themselves write: a fresh database has them (SQLite's template too).
MIGRATION_DATA = {"alembic_version", "field_of_action"}


def _empty_postgres(engine: Engine) -> None:
    tables = [t for t in inspect(engine).get_table_names() if t not in MIGRATION_DATA]
    if tables:
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, Engine]]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        engine = make_engine(Settings(database_url=url, secret_key=TEST_SECRET))
        yield url, engine
        engine.dispose()
        return
    engine = request.getfixturevalue("postgres_engine")
    _empty_postgres(engine)
    yield str(engine.url.render_as_string(hide_password=False)), engine
    # A connection still checked out holds a transaction open and the TRUNCATE below would
    # wait for it for ever: name the test that leaked it instead.
    leaked = engine.pool.checkedout()  # type: ignore[attr-defined]
    if leaked:  # PostgreSQL ends the open transaction after 5 s (options in postgres_engine)
        print(f"\n{leaked} database connection(s) still open after {request.node.nodeid}")
    _empty_postgres(engine)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override settings by redefining this fixture or parametrizing it."""
    return {}


@pytest.fixture
def settings(
    database: tuple[str, Engine], tmp_path: Path, settings_overrides: dict[str, Any]
) -> Settings:
    values: dict[str, Any] = {
        "database_url": database[0],
        "secret_key": TEST_SECRET,
        "data_dir": str(tmp_path / "data"),
        "demo": True,
        "base_url": "http://testserver.local",
    }
    return Settings(**(values | settings_overrides))


@pytest.fixture
def engine(database: tuple[str, Engine]) -> Engine:
    with session_scope(database[1]) as db:
        demo.seed_demo(db, with_accounts=True)
    return database[1]


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Litestar:
    return create_app(settings, engine)


class Persona:
    """A person with a browser: cookies persist, forms carry the CSRF token."""

    def __init__(self, client: TestClient[Litestar], name: str) -> None:
        self.client = client
        self.name = name

    def csrf_token(self) -> str:
        token = self.client.cookies.get(CSRF_COOKIE)
        if token is None:
            self.client.get("/")
            token = self.client.cookies.get(CSRF_COOKIE)
        assert token, "no CSRF cookie after a GET"
        return token

    def get(self, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("follow_redirects", False)
        return self.client.get(url, **kwargs)

    def htmx_get(self, url: str, **kwargs: Any) -> Any:
        headers = {"HX-Request": "true", **kwargs.pop("headers", {})}
        return self.get(url, headers=headers, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("follow_redirects", False)
        form = {"_csrf_token": self.csrf_token(), **(data or {})}
        return self.client.post(url, data=form, **kwargs)

    def htmx_post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """As htmx sends it: the token in the header, not in the form."""
        kwargs.setdefault("follow_redirects", False)
        headers = {
            "HX-Request": "true",
            "x-csrftoken": self.csrf_token(),
            **kwargs.pop("headers", {}),
        }
        return self.client.post(url, data=data or {}, headers=headers, **kwargs)

    def login(self, email: str, password: str = demo.DEMO_PASSWORD) -> Any:
        response = self.post("/verwaltung/anmelden", {"email": email, "password": password})
        assert response.status_code == 303, response.text
        return response


@pytest.fixture
def make_persona(
    app: Litestar, settings: Settings, engine: Engine
) -> Iterator[Callable[..., Persona]]:
    """Each persona gets its own app instance on the shared database and stores:
    Litestar's TestClient cannot run one app's lifespan twice at once."""
    clients: list[TestClient[Litestar]] = []

    def make(name: str, email: str | None = None) -> Persona:
        own_app = app if not clients else create_app(settings, engine)
        own_app.state.clock = app.state.clock  # one stopped clock for all (test_time_zone)
        client = TestClient(own_app, base_url="http://testserver.local")
        client.__enter__()
        clients.append(client)
        persona = Persona(client, name)
        if email:
            persona.login(email)
        return persona

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def resident(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("resident")


@pytest.fixture
def moelln_moderator(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("Mölln moderator", "moderation@moelln.example")


@pytest.fixture
def moelln_admin(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("Mölln admin", "admin@moelln.example")


@pytest.fixture
def wittenberge_admin(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("Wittenberge admin", "admin@wittenberge.example")


@pytest.fixture
def federation_admin(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("federation admin", "verbund@beteiligung.example")


# --------------------------------------------------------------------------- browser tests


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test process (Playwright's sync API
    allows one running instance per thread, so every browser test module shares this)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import AXE_JS, CHROMIUM, CHROMIUM_ARGS

    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)) or not AXE_JS.exists():
        message = f"browser tests need {CHROMIUM} (make browser-deps) and {AXE_JS} (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(app: Litestar) -> Iterator[str]:
    """The app served on a free loopback port, for the browser."""
    from tests.live import LiveServer

    with LiveServer(app) as server:
        yield server.url


def in_own_thread(function: Callable[..., T], *args: Any) -> T:
    """anyio.run in a thread of its own: a browser test before may have left an event loop
    running in this one (Playwright's sync API), and a second loop cannot run there."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(anyio.run(function, *args))
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]
