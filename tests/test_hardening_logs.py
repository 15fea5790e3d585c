"""Paths, logs and clients that go away (issue 10, item 8): a path with control
characters is a German 404, not a 500; no log line can be forged through a request; a
client that drops its body halfway is an INFO line, not an ERROR traceback: through the
test client, the configured logging and a real `beteiligung serve`."""

from __future__ import annotations

import io
import logging
import logging.config
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest
from litestar import Litestar
from litestar.types import Message
from sqlalchemy import Engine

from beteiligung import logs
from beteiligung.settings import Settings
from tests.conftest import Persona
from tests.surveys import make_survey


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
