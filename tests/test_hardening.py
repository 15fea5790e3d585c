"""Defects found trying the app as an attacker would (issue 10, items 7-10): a form's
nonce sent to another survey, control characters in paths and log lines, clients that go
away, a health check that notices a full disk or a read-only database, a session store
that fails, staff pages in the browser's cache and the CSRF cookie under https."""

from __future__ import annotations

import errno
import io
import logging
import logging.config
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest
from litestar import Litestar
from litestar.stores.memory import MemoryStore
from litestar.testing import TestClient
from litestar.types import Message
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from beteiligung import demo, logs
from beteiligung.app import create_app
from beteiligung.db import make_engine
from beteiligung.settings import Settings
from beteiligung.surveys.models import Response
from tests.conftest import Persona
from tests.surveys import make_survey

# --------------------------------------------------------------------------- item 7


def _nonce(page: Any) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert match, "no nonce in the first page"
    return match.group(1)


def _responses_of(engine: Engine, survey_id: int) -> int:
    with Session(engine) as db:
        query = select(func.count()).where(Response.survey_id == survey_id)  # type: ignore[arg-type]
        return int(db.execute(query).scalar_one())


@pytest.mark.parametrize("other_has_responses", [False, True], ids=["full-way", "short-way"])
def test_it_refuses_the_nonce_of_another_surveys_response_in_german(
    make_persona: Callable[..., Persona], engine: Engine, other_has_responses: bool
) -> None:
    """Survey B with responses already goes the short way first, which hands a collision
    to the full way; without, the full way alone. Neither may answer 500."""
    first_survey = make_survey(engine, slug="erste", one_page=True)
    other_survey = make_survey(engine, slug="zweite", one_page=True)
    resident = make_persona("resident")
    if other_has_responses:
        page = resident.get("/moelln/umfragen/zweite")
        sent = resident.post(
            "/moelln/umfragen/zweite", {"nonce": _nonce(page), "q-status": "retired"}
        )
        assert sent.status_code == 303
    page = resident.get("/moelln/umfragen/erste")
    nonce = _nonce(page)
    sent = resident.post("/moelln/umfragen/erste", {"nonce": nonce, "q-status": "retired"})
    assert sent.status_code == 303
    before = _responses_of(engine, other_survey)

    answer = resident.post(
        "/moelln/umfragen/zweite",
        {"nonce": nonce, "q-status": "working", "q-mode": "bike", "q-comment": "Mehr Bänke"},
    )

    assert answer.status_code == 422, answer.text[:2000]
    assert "Dieses Formular wurde schon für eine andere Antwort verwendet" in answer.text
    assert "Mehr Bänke" in answer.text  # what was entered is still there
    assert _nonce(answer) != nonce  # a fresh form to send again
    assert _responses_of(engine, other_survey) == before
    assert _responses_of(engine, first_survey) == 1
    again = resident.post(
        "/moelln/umfragen/zweite",
        {"nonce": _nonce(answer), "q-status": "working", "q-mode": "bike"},
    )
    assert again.status_code == 303
    assert _responses_of(engine, other_survey) == before + 1


# --------------------------------------------------------------------------- item 8


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/app.css%00",
        "/static/css/app.css%0aERROR%20forged",
        "/moelln/umfragen/a%00b",
        "/moelln/ideen/1%00",
        "/verwaltung/anmelden%0d%0a",
    ],
)
def test_it_answers_a_path_with_control_characters_with_a_german_404(
    resident: Persona, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    answer = resident.get(path)
    assert answer.status_code == 404
    assert "Seite nicht gefunden" in answer.text
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


async def _send_half_a_body(app: Litestar, path: str) -> list[Message]:
    """A POST whose client goes away after the first half of its body."""
    events: list[Message] = [
        {"type": "http.request", "body": b"_csrf_token=abc&lang=", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        if events:
            return events.pop(0)
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver.local"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", b"4000"),
            (b"cookie", b"beteiligung_csrf=abc"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver.local", 80),
        "state": {},
    }
    await app(scope, receive, send)  # type: ignore[arg-type]
    return sent


@pytest.mark.parametrize(
    "path", ["/sprache", "/moelln/umfragen/testumfrage", "/verwaltung/anmelden"]
)
def test_it_logs_a_client_that_went_away_halfway_through_its_body_as_info_without_traceback(
    app: Litestar, engine: Engine, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    make_survey(engine)
    caplog.set_level(logging.INFO)
    anyio.run(_send_half_a_body, app, path)
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert not problems, [r.getMessage() for r in problems]
    assert [r.getMessage() for r in caplog.records if r.name == "beteiligung"] == [
        f"Verbindung während der Anfrage abgebrochen: POST {path}"
    ]


def test_the_configured_logging_writes_one_line_per_message_and_indents_tracebacks() -> None:
    """What `beteiligung serve` hands to uvicorn (and every command uses): a line break in a
    message cannot start a line of its own, nor can one in an exception's text."""
    stream = io.StringIO()
    formatter = logging.config.DictConfigurator(logs.log_config("INFO")).configure_formatter(
        logs.log_config("INFO")["formatters"]["escaped"]
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("beteiligung.test_hardening")
    logger.addHandler(handler)
    try:
        logger.warning("Pfad %s", "/a\nERROR beteiligung: forged\r\x1b[2J\x00\u2028")
        try:
            raise ValueError("kaputt\nERROR beteiligung: forged too")
        except ValueError:
            logger.exception("Fehler bei %s", "/b\n")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    records = [line for line in lines if not line.startswith(logs.TRACEBACK_PREFIX)]
    assert len(records) == 2, lines
    assert records[0].endswith(
        "WARNING beteiligung.test_hardening: Pfad /a\\nERROR beteiligung: forged\\r\\x1b[2J\\x00\\u2028"
    )
    assert records[1].endswith("ERROR beteiligung.test_hardening: Fehler bei /b\\n")
    assert f"{logs.TRACEBACK_PREFIX}ERROR beteiligung: forged too" in lines
    assert not any("\x1b" in line or "\x00" in line for line in lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60  # a busy machine: only an upper bound, never a figure
    while time.monotonic() < deadline:
        assert server.poll() is None, "beteiligung serve ended"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"GET /static/css/app.css HTTP/1.1\r\nHost: x\r\n\r\n")
                if conn.recv(12).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("beteiligung serve did not answer")


def test_beteiligung_serve_logs_a_dropped_body_as_one_escaped_info_line_in_each_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in Settings.names():
        monkeypatch.delenv(name, raising=False)
    env = {
        **os.environ,
        "BETEILIGUNG_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "BETEILIGUNG_DATA_DIR": str(tmp_path / "data"),
        "BETEILIGUNG_SECRET_KEY": "serve-test-secret-key-long-enough",
    }
    port = _free_port()
    script = Path(sys.executable).parent / "beteiligung"
    command = [str(script), "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        _wait_for(port, server)
        # A path with a Unicode line separator, which some log viewers break at; the body
        # announced as 4000 bytes, 20 sent, then the connection closed.
        path = "/moelln/umfragen/x%E2%80%A8ERROR%20beteiligung:%20forged"
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Cookie: beteiligung_csrf=abc\r\n\r\n_csrf_token=abc&q-a="
        )
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(head.encode())
        deadline = time.monotonic() + 60
        output = b""
        assert server.stderr is not None
        os.set_blocking(server.stderr.fileno(), False)
        while b"abgebrochen" not in output and time.monotonic() < deadline:
            output += server.stderr.read() or b""
            time.sleep(0.1)
    finally:
        server.terminate()
        _, rest = server.communicate(timeout=30)
    output += rest or b""
    text = output.decode()
    assert "INFO beteiligung: Verbindung während der Anfrage abgebrochen: POST " in text, text
    assert "/moelln/umfragen/x\\u2028ERROR beteiligung: forged" in text
    assert "Traceback" not in text and " ERROR " not in text
    # uvicorn's own lines go through the same format (no colours, no second style).
    assert re.search(r"^\S+ \S+ INFO uvicorn.error: Started server process", text, re.M), text


# --------------------------------------------------------------------------- item 9


class _UnreachableStore(MemoryStore):
    """A session store whose server is down (Redis gone)."""

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def full_disk_under(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Writes to files below a folder fail as on a full disk (ENOSPC), as root too."""
    folders: list[str] = []
    real_write = os.write

    def write(fd: int, data: Any) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if any(target.startswith(folder) for folder in folders):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    return lambda folder: folders.append(str(folder))


def _login_form(persona: Persona) -> dict[str, str]:
    return {"email": "admin@moelln.example", "password": demo.DEMO_PASSWORD}


def test_it_answers_a_login_whose_session_cannot_be_saved_on_a_full_disk_with_a_german_503(
    resident: Persona, settings: Settings, full_disk_under: Callable[[Path], None]
) -> None:
    full_disk_under(settings.data_path / "stores" / "sessions")
    answer = resident.post("/verwaltung/anmelden", _login_form(resident))
    assert answer.status_code == 503, answer.headers
    assert answer.headers["retry-after"]
    assert "Ihre Anmeldung konnte gerade nicht gespeichert werden" in answer.text
    assert "beteiligung_session" not in answer.headers.get("set-cookie", "")


def test_it_answers_staff_with_a_german_503_when_the_session_store_is_down(
    app: Litestar, make_persona: Callable[..., Persona]
) -> None:
    admin = make_persona("Mölln admin", "admin@moelln.example")
    app.stores.register("sessions", _UnreachableStore(), allow_override=True)
    answer = admin.get("/verwaltung/moelln")
    assert answer.status_code == 503
    assert answer.headers["retry-after"]
    assert "Ihre Anmeldung konnte gerade nicht gespeichert werden" in answer.text
    login = make_persona("Mölln moderator")
    login.client.app.stores.register("sessions", _UnreachableStore(), allow_override=True)
    answer = login.post(
        "/verwaltung/anmelden",
        {"email": "moderation@moelln.example", "password": demo.DEMO_PASSWORD},
    )
    assert answer.status_code == 503


def _health(persona: Persona) -> tuple[int, dict[str, str]]:
    answer = persona.get("/healthz")
    assert answer.headers["cache-control"] == "no-store"
    return answer.status_code, answer.json()


def test_health_says_ok_when_database_folders_and_sessions_take_a_write(
    resident: Persona, settings: Settings
) -> None:
    before = sorted(path.name for path in settings.data_path.rglob("*"))
    assert _health(resident) == (
        200,
        {"status": "ok", "database": "ok", "storage": "ok", "sessions": "ok"},
    )
    # nothing left behind: no probe file, no session key
    assert sorted(path.name for path in settings.data_path.rglob("*")) == before


def test_health_reports_a_read_only_database_with_503(
    backend: str,
    settings: Settings,
    engine: Engine,
    engine_kwargs: dict[str, Any],
) -> None:
    if backend == "sqlite":
        path = engine.url.database
        kwargs: dict[str, Any] = {
            "creator": lambda: sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False
            )
        }
    else:
        options = engine_kwargs["connect_args"]["options"]
        kwargs = {"connect_args": {"options": f"{options} -c default_transaction_read_only=on"}}
    read_only = make_engine(settings, **kwargs)
    try:
        with TestClient(create_app(settings, read_only)) as client:
            answer = client.get("/healthz")
    finally:
        read_only.dispose()
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "error",
        "database": "read-only",
        "storage": "ok",
        "sessions": "ok",
    }


def test_health_reports_a_full_disk_with_503(
    resident: Persona, settings: Settings, full_disk_under: Callable[[Path], None]
) -> None:
    full_disk_under(settings.data_path)
    status, body = _health(resident)
    assert status == 503
    assert body == {
        "status": "error",
        "database": "ok",
        "storage": "not writable",
        "sessions": "not writable",
    }


def test_health_reports_a_file_where_the_data_folder_must_be_with_503(
    resident: Persona, settings: Settings
) -> None:
    resident.get("/healthz")
    shutil.rmtree(settings.data_path)
    settings.data_path.write_text("not a folder")
    status, body = _health(resident)
    assert status == 503
    assert body["storage"] == body["sessions"] == "not writable"
    assert body["database"] == "ok"


def test_health_reports_a_session_store_that_is_down_with_503(
    app: Litestar, resident: Persona
) -> None:
    app.stores.register("sessions", _UnreachableStore(), allow_override=True)
    assert _health(resident) == (
        503,
        {"status": "error", "database": "ok", "storage": "ok", "sessions": "not writable"},
    )


# --------------------------------------------------------------------------- item 10


@pytest.mark.parametrize(
    "path",
    [
        "/verwaltung",
        "/verwaltung/moelln",
        "/verwaltung/moelln/team",
        "/verwaltung/moelln/ideen",
        "/verwaltung/moelln/umfragen",
        "/moelln",  # a public page, with the staff's own menu
        "/moelln/ideen",
        "/verwaltung/gibt-es-nicht",
    ],
)
def test_it_keeps_every_page_for_staff_out_of_caches(moelln_admin: Persona, path: str) -> None:
    answer = moelln_admin.get(path)
    assert answer.headers["cache-control"] == "no-store", (answer.status_code, answer.headers)


def test_it_keeps_the_login_page_out_of_caches_and_public_pages_and_static_files_cacheable(
    resident: Persona, moelln_admin: Persona
) -> None:
    assert resident.get("/verwaltung/anmelden").headers["cache-control"] == "no-store"
    assert "no-store" not in resident.get("/moelln").headers.get("cache-control", "")
    static = moelln_admin.get("/static/css/app.css")
    assert "immutable" in static.headers["cache-control"]


@pytest.mark.parametrize("settings_overrides", [{"base_url": "https://beteiligung.example"}])
def test_it_names_the_csrf_cookie_host_only_under_https_and_forms_and_htmx_still_work(
    settings: Settings, engine: Engine
) -> None:
    with TestClient(create_app(settings, engine), base_url="https://beteiligung.example") as client:
        page = client.get("/verwaltung/anmelden")
        cookie = next(
            value
            for name, value in page.headers.multi_items()
            if name == "set-cookie" and "csrf" in value
        )
        assert cookie.startswith("__Host-beteiligung_csrf=")
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"path", "secure"} <= attributes and "domain" not in attributes
        assert "Path=/;" in cookie or cookie.endswith("Path=/")
        token = client.cookies["__Host-beteiligung_csrf"]
        assert "beteiligung_csrf" not in client.cookies  # no second, unprefixed cookie
        login = client.post(
            "/verwaltung/anmelden",
            data={
                "_csrf_token": token,
                "email": "admin@moelln.example",
                "password": demo.DEMO_PASSWORD,
            },
            follow_redirects=False,
        )
        assert login.status_code == 303, login.text[:500]
        # htmx sends the token that the page gives it in hx-headers, not the cookie's name
        staff_page = client.get("/verwaltung/moelln")
        match = re.search(r"hx-headers='\{\"x-csrftoken\": \"([^\"]+)\"\}'", staff_page.text)
        assert match, "no token for htmx in the page"
        language = client.post(
            "/sprache",
            data={"lang": "en", "next": "/moelln"},
            headers={"HX-Request": "true", "x-csrftoken": match.group(1)},
            follow_redirects=False,
        )
        assert language.status_code == 303
        refused = client.post("/sprache", data={"lang": "en"}, follow_redirects=False)
        assert refused.status_code == 403
