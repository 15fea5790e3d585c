"""Defects found trying the app as an attacker would (issue 10, items 7, 9 and 10): a
form's nonce sent to another survey, a health check that notices a full disk or a
read-only database, a session store that fails, staff pages in the browser's cache and
the CSRF cookie under https. Item 8 (paths, logs, clients that go away):
test_hardening_logs.py."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.stores.memory import MemoryStore
from litestar.testing import TestClient
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from beteiligung import demo
from beteiligung.app import create_app
from beteiligung.db import make_engine
from beteiligung.settings import Settings
from beteiligung.surveys import responses
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
    make_persona: Callable[..., Persona],
    engine: Engine,
    other_has_responses: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Survey B with responses already goes the short way first, which hands a collision
    to the full way; without, the full way alone. Neither may answer 500."""
    short_way: list[str | None] = []
    start_alone = responses.start_alone

    async def counted(*args: Any) -> str | None:
        short_way.append(await start_alone(*args))
        return short_way[-1]

    monkeypatch.setattr(responses, "start_alone", counted)
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
    # the short way found the nonce taken and handed the form to the full way
    assert short_way[-1:] == ([None] if other_has_responses else [])
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
