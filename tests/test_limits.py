"""Limits hold under bursts: counted atomically, per client behind a trusted proxy, without
stalling a worker; logins are checked a few at a time and outside any transaction; a
stranger cannot lock the real user out; reset mails and survey floods are limited."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import TestClient
from litestar.types import Receive, Scope, Send
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from beteiligung import security
from beteiligung.accounts.models import PasswordResetToken
from beteiligung.app import CSRF_COOKIE, create_app
from beteiligung.ideas.models import Support
from beteiligung.settings import Settings, SettingsError
from beteiligung.throttle import FileCounters, Limit, MemoryCounters, Throttle, client_address
from tests.conftest import Persona, in_own_thread
from tests.test_ideas import make_idea  # noqa: F401  (the fixture)

ADMIN = "admin@moelln.example"
PASSWORD = "demo-beteiligung"


class FromAddress:
    """The app as a client at `host` sees it (the test client's own address is no IP)."""

    def __init__(self, app: Litestar, host: str) -> None:
        self.app = app
        self.host = host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "client": (self.host, 50000)}  # type: ignore[typeddict-item]
        await self.app(scope, receive, send)


@pytest.fixture
def at_address(settings: Settings, engine: Engine) -> Iterator[Callable[..., Persona]]:
    """A persona at an address of its own; all share the database and the data folder."""
    clients: list[TestClient[Any]] = []

    def make(host: str, own_settings: Settings | None = None) -> Persona:
        app = create_app(own_settings or settings, engine)
        client: TestClient[Any] = TestClient(
            FromAddress(app, host),  # type: ignore[arg-type]
            base_url="http://testserver.local",
        )
        client.__enter__()
        clients.append(client)
        return Persona(client, host)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


class CountingHasher(PasswordHasher):
    """The tests' cheap hasher, counting how often a password is checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.checks = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checks += 1
        return super().verify(hash, password)


@pytest.fixture
def counting_hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    hasher = CountingHasher()
    monkeypatch.setattr(security, "_hasher", hasher)
    monkeypatch.setattr(security, "_DUMMY_HASH", hasher.hash("dummy"))
    return hasher


def _concurrent(app: Litestar, host: str) -> httpx.AsyncClient:
    """A client whose requests really run at the same time in one event loop (Litestar's
    AsyncTestClient hands each request to a portal, one after the other)."""
    transport = httpx.ASGITransport(app=app, client=(host, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver.local")


async def _burst(app: Any, host: str, path: str, forms: list[dict[str, str]]) -> list[Any]:
    """The forms sent at once by one client (its first GET fetches the CSRF cookie)."""
    async with _concurrent(app, host) as c:
        await c.get("/")
        token = c.cookies.get(CSRF_COOKIE)
        assert token
        return list(
            await asyncio.gather(
                *(
                    c.post(path, data={"_csrf_token": token, **form}, follow_redirects=False)
                    for form in forms
                )
            )
        )


# ------------------------------------------------------------------------------- counters


def _hits_from_threads(throttle: Throttle, limit: Limit, threads: int, each: int) -> list[bool]:
    """Whether each of threads × each hits of one key, all at once, was allowed."""
    allowed: list[bool] = []

    def hit() -> None:
        for _ in range(each):
            allowed.append(throttle.hit(limit, "client").allowed)

    started = [threading.Thread(target=hit) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return allowed


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_it_counts_every_hit_of_many_threads_exactly(kind: str, tmp_path: Path) -> None:
    counters = MemoryCounters() if kind == "memory" else FileCounters(tmp_path / "counters")
    throttle = Throttle(counters, "secret")
    limit = Limit("test", 100, 60)
    allowed = _hits_from_threads(throttle, limit, threads=8, each=25)
    assert allowed.count(True) == 100  # 200 hits: no update lost, none allowed twice
    assert throttle.hit(limit, "client").count == 201


def test_it_counts_atomically_in_redis() -> None:
    redis = pytest.importorskip("redis")
    from beteiligung.throttle import RedisCounters

    counters = RedisCounters("redis://127.0.0.1:6379/15", namespace="test-limits")
    try:
        counters.sync.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at 127.0.0.1:6379 is not running")
    throttle = Throttle(counters, "secret")
    limit = Limit(f"test-{threading.get_ident()}", 50, 60)
    throttle.forget(limit, "client")
    allowed = _hits_from_threads(throttle, limit, threads=5, each=20)

    async def last_hit() -> Any:
        try:
            return await throttle.hit_async(limit, "client")
        finally:
            await counters.async_.aclose()

    verdict = in_own_thread(last_hit)
    throttle.forget(limit, "client")
    counters.sync.close()
    assert allowed.count(True) == 50 and verdict.count == 101
    assert 0 < verdict.retry_after_seconds <= 60


def test_it_lets_expired_counters_start_again_and_purges_them(tmp_path: Path) -> None:
    counters = FileCounters(tmp_path / "counters")
    throttle = Throttle(counters, "secret")
    limit = Limit("short", 1, 1)
    assert throttle.hit(limit, "a").allowed
    assert not throttle.hit(limit, "a").allowed
    path = next((tmp_path / "counters").iterdir())
    path.write_bytes(b"2 1.0")  # ended in 1970
    assert throttle.hit(limit, "a").allowed
    path.write_bytes(b"2 1.0")
    assert counters.purge() == 1 and not any((tmp_path / "counters").iterdir())


# -------------------------------------------------------------------------------- clients


def test_it_believes_x_forwarded_for_only_from_a_trusted_proxy() -> None:
    proxies = Settings(trusted_proxies="10.0.0.2, 192.168.0.0/16").proxy_networks
    assert client_address("10.0.0.2", ["203.0.113.7"], proxies) == "203.0.113.7"
    # Whatever the client put in front is ignored: the proxy appends what it saw.
    assert client_address("10.0.0.2", ["1.2.3.4, 203.0.113.7"], proxies) == "203.0.113.7"
    assert client_address("10.0.0.2", ["203.0.113.7, 192.168.1.1"], proxies) == "203.0.113.7"
    assert client_address("198.51.100.1", ["203.0.113.7"], proxies) == "198.51.100.1"
    assert client_address("10.0.0.2", ["kaputt"], proxies) == "10.0.0.2"
    # One household's IPv6 /64 is one client.
    assert client_address("2001:db8:1:2:aaaa::1", [], ()) == "2001:db8:1:2::/64"
    assert client_address("::ffff:198.51.100.1", [], ()) == "198.51.100.1"


def test_it_explains_a_bad_trusted_proxies_setting_in_german() -> None:
    with pytest.raises(SettingsError, match="keine IP-Adresse"):
        Settings(trusted_proxies="proxy.example")


def test_it_tells_clients_behind_the_trusted_proxy_apart(
    at_address: Callable[..., Persona], settings: Settings
) -> None:
    behind_proxy = replace(settings, trusted_proxies="10.0.0.2")
    proxy = at_address("10.0.0.2", behind_proxy)
    for _ in range(5):
        refused = proxy.post(
            "/verwaltung/anmelden",
            {"email": ADMIN, "password": "falsch"},
            headers={"X-Forwarded-For": "203.0.113.66"},
        )
    assert refused.status_code == 422
    assert (
        proxy.post(
            "/verwaltung/anmelden",
            {"email": ADMIN, "password": "falsch"},
            headers={"X-Forwarded-For": "203.0.113.66"},
        ).status_code
        == 429
    )
    # Another visitor through the same proxy is somebody else.
    proxy.client.cookies.clear()
    response = proxy.post(
        "/verwaltung/anmelden",
        {"email": ADMIN, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.5"},
    )
    assert response.status_code == 303


# --------------------------------------------------------------------------------- logins


def test_it_checks_at_most_five_passwords_of_sixty_simultaneous_guesses(
    app: Litestar, counting_hasher: CountingHasher
) -> None:
    forms = [{"email": ADMIN, "password": f"falsch-{n}"} for n in range(60)]
    answers = in_own_thread(_burst, app, "203.0.113.9", "/verwaltung/anmelden", forms)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(422) == 5 and statuses.count(429) == 55
    assert counting_hasher.checks == 5


def test_it_does_not_let_a_stranger_lock_the_real_user_out(
    at_address: Callable[..., Persona],
) -> None:
    stranger = at_address("203.0.113.10")
    for _ in range(8):
        stranger.post("/verwaltung/anmelden", {"email": ADMIN, "password": "falsch"})
    assert (
        stranger.post("/verwaltung/anmelden", {"email": ADMIN, "password": PASSWORD}).status_code
        == 429
    )
    real_admin = at_address("198.51.100.20")
    real_admin.login(ADMIN)


def test_it_slows_an_account_guessed_from_many_addresses_instead_of_locking_it(
    at_address: Callable[..., Persona], counting_hasher: CountingHasher
) -> None:
    for n in range(5):  # 20 failures from 5 addresses (4 each: none of them is refused)
        guesser = at_address(f"203.0.113.{100 + n}")
        for _ in range(4):
            assert (
                guesser.post(
                    "/verwaltung/anmelden", {"email": ADMIN, "password": "falsch"}
                ).status_code
                == 422
            )
    newcomer = at_address("203.0.113.200")
    first = newcomer.post("/verwaltung/anmelden", {"email": ADMIN, "password": "falsch"})
    assert first.status_code == 422  # checked: the first try of the few seconds
    checks = counting_hasher.checks
    slowed = newcomer.post("/verwaltung/anmelden", {"email": ADMIN, "password": PASSWORD})
    assert slowed.status_code == 429
    assert "Sekunden" in slowed.text and int(slowed.headers["retry-after"]) <= 5
    assert 'value="admin@moelln.example"' in slowed.text
    assert counting_hasher.checks == checks  # not even checked


def test_it_answers_busy_when_every_password_check_slot_stays_taken(app: Litestar) -> None:
    checks = security.PasswordChecks(wait_seconds=0.2)
    app.state.password_checks = checks
    release = threading.Event()
    original = security.verify_password

    def slow(password_hash: str | None, password: str) -> bool:
        release.wait(5)
        return original(password_hash, password)

    async def scenario() -> list[Any]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(security, "verify_password", slow)
            patch.setattr("beteiligung.accounts.service.verify_password", slow)
            forms = [{"email": f"x{n}@moelln.example", "password": "falsch"} for n in range(2)]
            task = asyncio.ensure_future(_burst(app, "203.0.113.30", "/verwaltung/anmelden", forms))
            await asyncio.sleep(1.0)  # one check holds the slot; the other gives up after 0.2 s
            release.set()
            return await task

    answers = in_own_thread(scenario)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [422, 503]
    busy = next(answer for answer in answers if answer.status_code == 503)
    assert busy.headers["retry-after"] == "5" and "sehr viele gleichzeitig" in busy.text


def _write_while_checking(engine: Engine, wrote: list[bool]) -> Callable[[Any, str], bool]:
    original = security.verify_password

    def check_and_write(password_hash: str | None, password: str) -> bool:
        raw = engine.raw_connection()  # the driver in autocommit: BEGIN is ours
        try:
            raw.execute("PRAGMA busy_timeout=200")
            raw.execute("BEGIN IMMEDIATE")  # "database is locked" while a request held it
            raw.execute("ROLLBACK")
            wrote.append(True)
        finally:
            raw.close()
        return original(password_hash, password)

    return check_and_write


@pytest.mark.parametrize("form", ["login", "password change"])
def test_it_checks_passwords_with_no_write_lock_held(
    app: Litestar, engine: Engine, backend: str, form: str
) -> None:
    """While a password is checked, another request can write (SQLite: nobody holds its one
    write lock; login and password change used to take it before the check)."""
    if backend != "sqlite":
        pytest.skip("the write lock is SQLite's")
    wrote: list[bool] = []
    with (
        pytest.MonkeyPatch.context() as patch,
        TestClient(app, base_url="http://testserver.local") as client,
    ):
        admin = Persona(client, "admin")
        if form == "password change":
            admin.login(ADMIN)
        patch.setattr(
            "beteiligung.accounts.service.verify_password", _write_while_checking(engine, wrote)
        )
        if form == "login":
            admin.login(ADMIN)
        else:
            new = "ein ganz neues Passwort"
            response = admin.post(
                "/verwaltung/passwort",
                {"current_password": PASSWORD, "password": new, "password_repeat": new},
            )
            assert response.status_code == 303
    assert wrote == [True]


# ---------------------------------------------------------------------------------- ideas


def test_it_stays_responsive_and_exact_with_a_burst_of_supports_on_two_threads(
    app: Litestar,
    engine: Engine,
    make_idea: Callable[..., int],  # noqa: F811
) -> None:
    """The limit used to wait on a pool thread for the event loop, which needed a pool
    thread too: with all of them waiting, the worker stood still."""
    idea_id = make_idea()
    with Session(engine) as db:
        before = db.scalar(select(func.count()).select_from(Support)) or 0
    path = f"/moelln/ideen/{idea_id}/unterstuetzen"

    async def scenario() -> list[Any]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 2
        async with _concurrent(app, "203.0.113.40") as client:
            await client.get("/")
            token = client.cookies.get(CSRF_COOKIE)
            with anyio.fail_after(60):
                return list(
                    await asyncio.gather(
                        *(
                            client.post(
                                path,
                                data={"_csrf_token": token},
                                follow_redirects=False,
                                headers={
                                    "Cookie": f"{CSRF_COOKIE}={token}; "
                                    f"beteiligung_browser=browser-number-{n:012d}"
                                },
                            )
                            for n in range(12)
                        )
                    )
                )

    answers = in_own_thread(scenario)
    assert [a.status_code for a in answers] == [303] * 12
    with Session(engine) as db:
        assert (db.scalar(select(func.count()).select_from(Support)) or 0) == before + 12


def test_it_takes_exactly_five_ideas_of_ten_sent_at_once(app: Litestar, engine: Engine) -> None:
    forms = [
        {
            "title": f"Quokkagehege Nummer {n} am Xylophonweg",
            "body": f"Zebrastreifen{n} und Quokkas für den Xylophonweg, damit alle staunen.",
            "field": "innenstadt",
            "place": "Kernstadt",
            "trotzdem": "ja",
        }
        for n in range(10)
    ]
    answers = in_own_thread(_burst, app, "203.0.113.50", "/moelln/ideen/neu", forms)
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(303) == 5 and statuses.count(429) == 5, statuses
    kept = next(answer for answer in answers if answer.status_code == 429)
    assert "am Xylophonweg" in kept.text  # the resident's text stays


# ------------------------------------------------------------------------ password resets


def test_it_sends_at_most_three_reset_mails_an_hour_for_one_address(
    resident: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="beteiligung.mail"):
        for _ in range(5):
            response = resident.post("/verwaltung/passwort-vergessen", {"email": ADMIN})
            assert response.status_code == 200
            assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert caplog.text.count("/verwaltung/passwort-neu/") == 3


def test_it_limits_reset_requests_per_client_and_keeps_the_address(resident: Persona) -> None:
    for n in range(10):
        resident.post("/verwaltung/passwort-vergessen", {"email": f"n{n}@moelln.example"})
    refused = resident.post("/verwaltung/passwort-vergessen", {"email": "elf@moelln.example"})
    assert refused.status_code == 429
    assert 'value="elf@moelln.example"' in refused.text
    assert "sehr viele Anfragen zum Zurücksetzen" in refused.text


# -------------------------------------------------------------------------------- surveys


def _first_page(persona: Persona, path: str) -> dict[str, str]:
    page = persona.get(path)
    assert page.status_code == 200
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert nonce
    return {"nonce": nonce.group(1)}


def test_it_refuses_a_flood_of_new_responses_and_keeps_the_answers(
    at_address: Callable[..., Persona], settings: Settings
) -> None:
    limited = replace(settings, responses_per_client=3)
    script = at_address("203.0.113.60", limited)
    path = "/moelln/umfragen/pendlerbefragung-2026"
    statuses = []
    for _ in range(4):
        form = _first_page(script, path)
        answer = script.post(path, form)
        statuses.append(answer.status_code)
    assert statuses[:3] == [303, 303, 303] and statuses[3] == 429, statuses
    assert "sehr viele Fragebögen begonnen" in answer.text
    household = at_address("198.51.100.61", limited)
    assert household.post(path, _first_page(household, path)).status_code == 303


def test_it_refuses_code_guessing_at_the_short_link(resident: Persona) -> None:
    statuses = [resident.get(f"/u/FALSCH{n:03d}").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    refused = resident.get("/u/NOCHEINS")
    assert refused.status_code == 429 and "sehr viele Codes ausprobiert" in refused.text
    assert int(refused.headers["retry-after"]) > 0


# ---------------------------------------------------------------------------- staff mails


class _MailWatcher(logging.Handler):
    """Without an SMTP host mails go to the log: at that moment, is the link's row stored
    for everyone (committed), as a person clicking it at once would need?"""

    def __init__(self, engine: Engine) -> None:
        super().__init__(logging.WARNING)
        self.engine = engine
        self.mails: list[tuple[str, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        with Session(self.engine) as db:
            links = db.scalar(select(func.count()).select_from(PasswordResetToken)) or 0
        self.mails.append((record.getMessage(), links))


def test_it_mails_an_invitation_only_once_its_link_is_committed(
    moelln_admin: Persona, engine: Engine
) -> None:
    watcher = _MailWatcher(engine)
    logger = logging.getLogger("beteiligung.mail")
    logger.addHandler(watcher)
    try:
        response = moelln_admin.post(
            "/verwaltung/moelln/team", {"email": "neu@moelln.example", "role": "moderator"}
        )
    finally:
        logger.removeHandler(watcher)
    assert response.status_code == 303
    [(text, links)] = watcher.mails
    assert "neu@moelln.example" in text and "/verwaltung/passwort-neu/" in text
    assert links == 1


def test_it_tells_an_existing_account_that_it_joined_a_team(
    moelln_admin: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="beteiligung.mail"):
        response = moelln_admin.post(
            "/verwaltung/moelln/team",
            {"email": "admin@wittenberge.example", "role": "moderator"},
        )
    assert response.status_code == 303
    assert "An: admin@wittenberge.example" in caplog.text
    assert "Sie gehören jetzt zum Team von Mölln" in caplog.text
    assert "Rolle: Moderation" in caplog.text


def test_it_keeps_threads_for_readers_while_a_burst_of_posts_waits_to_write(
    app: Litestar,
    engine: Engine,
    backend: str,
    make_idea: Callable[..., int],  # noqa: F811
) -> None:
    """Handlers that write on a thread take one of a few places first, waiting on the
    event loop: a burst of them, stuck behind SQLite's write lock, used to take every
    worker thread, and a page that only reads waited for one."""
    if backend != "sqlite":
        pytest.skip("the write lock is SQLite's")
    idea_id = make_idea()
    path = f"/moelln/ideen/{idea_id}/unterstuetzen"

    async def scenario() -> tuple[list[int], int]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 4
        async with _concurrent(app, "203.0.113.70") as client:
            await client.get("/")
            token = client.cookies.get(CSRF_COOKIE)
            lock = engine.raw_connection()  # another process writing for a while
            lock.execute("BEGIN IMMEDIATE")
            try:
                posts = [
                    asyncio.ensure_future(
                        client.post(
                            path,
                            data={"_csrf_token": token},
                            headers={
                                "Cookie": f"{CSRF_COOKIE}={token}; "
                                f"beteiligung_browser=browser-number-{n:012d}"
                            },
                        )
                    )
                    for n in range(8)
                ]
                await asyncio.sleep(0.5)  # every POST is in
                with anyio.fail_after(10):
                    reading = await client.get("/moelln/ideen")
            finally:
                lock.execute("ROLLBACK")
                lock.close()
            return [answer.status_code for answer in await asyncio.gather(*posts)], (
                reading.status_code
            )

    supports, reading = in_own_thread(scenario)
    assert reading == 200
    assert supports == [303] * 8
