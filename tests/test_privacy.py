"""Privacy: nothing that identifies a visitor is stored, only necessary cookies, and
`beteiligung purge` deletes what is past its retention."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import anyio
import pytest
from sqlalchemy import Engine, inspect, select
from sqlmodel import Session

from beteiligung import cli
from beteiligung.accounts import service as accounts
from beteiligung.accounts.models import PasswordResetToken, User
from beteiligung.app import make_stores
from beteiligung.db import session_scope, utcnow
from beteiligung.purge import purge
from beteiligung.settings import Settings
from tests.conftest import Persona

# Column names that would hold a network address, a browser fingerprint or similar.
IDENTIFYING = re.compile(
    r"(^|_)(ip|ips|ip_?addr(ess)?|remote_?addr|client_?(ip|addr|host)|user_?agent|ua|"
    r"fingerprint|mac_?addr(ess)?|x_?forwarded_?for|referr?er|device_?id)($|_)",
    re.IGNORECASE,
)
README = Path(__file__).resolve().parent.parent / "README.md"


def test_no_column_is_meant_for_ip_addresses_or_user_agents(engine: Engine) -> None:
    inspector = inspect(engine)
    found = [
        f"{table}.{column['name']}"
        for table in inspector.get_table_names()
        for column in inspector.get_columns(table)
        if IDENTIFYING.search(column["name"])
    ]
    assert not found, f"columns that could identify a visitor: {found}"


def test_the_column_check_recognises_what_it_looks_for() -> None:
    for name in ["ip", "client_ip", "ip_address", "user_agent", "remote_addr", "referrer"]:
        assert IDENTIFYING.search(name), name
    for name in ["description", "zip_code", "shipping", "equipment", "title"]:
        assert not IDENTIFYING.search(name), name


def _cookie_names(persona: Persona) -> set[str]:
    return {cookie.name for cookie in persona.client.cookies.jar}


def test_a_resident_gets_only_the_csrf_cookie(resident: Persona) -> None:
    for url in ["/", "/moelln", "/moelln/impressum", "/verwaltung/anmelden"]:
        resident.get(url)
    assert _cookie_names(resident) == {"beteiligung_csrf"}


def test_the_language_choice_is_the_only_cookie_a_resident_can_add(resident: Persona) -> None:
    resident.post("/sprache", {"lang": "en", "next": "/"})
    assert _cookie_names(resident) == {"beteiligung_csrf", "lang"}


def test_staff_get_the_session_cookie_in_addition(moelln_admin: Persona) -> None:
    assert _cookie_names(moelln_admin) == {"beteiligung_csrf", "beteiligung_session"}


def test_every_cookie_is_listed_in_the_readme_with_purpose_and_lifetime() -> None:
    readme = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|([^|]+)\|([^|]+)\|([^|]+)\|$", readme, flags=re.MULTILINE)
    listed = {row[0] for row in rows if all(part.strip() for part in row[1:])}
    assert {"beteiligung_csrf", "beteiligung_session", "lang", "beteiligung_browser"} <= listed


def test_supporting_an_idea_adds_only_the_random_browser_cookie(
    resident: Persona, engine: Engine
) -> None:
    from tests.routes import moelln_idea

    with session_scope(engine) as db:
        idea, _comment, _token = moelln_idea(db)
    assert resident.post(f"/moelln/ideen/{idea.id}/unterstuetzen").status_code == 303
    assert _cookie_names(resident) == {"beteiligung_csrf", "beteiligung_browser"}


def _tokens(engine: Engine) -> int:
    with Session(engine) as db:
        return len(db.exec(select(PasswordResetToken)).all())  # type: ignore[call-overload]


def test_purge_deletes_used_and_expired_reset_links_only(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as db:
        user = db.exec(select(User).where(User.email == "admin@moelln.example")).scalar_one()  # type: ignore[call-overload]
        accounts.create_reset_token(db, user, timedelta(minutes=-1))  # expired
        used = accounts.create_reset_token(db, user, timedelta(hours=1))
        accounts.create_reset_token(db, user, timedelta(hours=1))  # still valid
    with session_scope(engine) as db:
        accounts.reset_password(db, used, "ein-neues-passwort", "ein-neues-passwort")
    assert _tokens(engine) == 3
    with session_scope(engine) as db:
        results = purge(db, settings)
    counts = {result.what: result.count for result in results}
    assert counts["abgelaufene oder benutzte Links zum Zurücksetzen des Passworts"] >= 2
    assert _tokens(engine) <= 1


def test_purge_deletes_ended_staff_sessions_from_the_file_store(
    settings: Settings, engine: Engine, moelln_admin: Persona
) -> None:
    sessions = Path(settings.data_dir) / "stores" / "sessions"
    live = {entry.name for entry in sessions.iterdir()}
    assert len(live) == 1  # the admin's login

    async def add_ended_session() -> None:
        store = make_stores(settings)["sessions"]
        await store.set("ended-session", b"{}", expires_in=timedelta(milliseconds=1))

    anyio.run(add_ended_session)
    time.sleep(0.01)
    with session_scope(engine) as db:
        results = purge(db, settings, utcnow())
    assert results[1].count == 1
    assert {entry.name for entry in sessions.iterdir()} == live
    assert moelln_admin.get("/verwaltung").status_code == 200


def test_the_purge_command_reports_counts(
    settings: Settings, engine: Engine, capsys: pytest.CaptureFixture[str], backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for name in Settings.names():
        monkeypatch.delenv(name, raising=False)
    if backend != "sqlite":
        pytest.skip("the command is shown on SQLite; purge() itself runs on both above")
    monkeypatch.setenv("BETEILIGUNG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("BETEILIGUNG_DATA_DIR", settings.data_dir)
    monkeypatch.setenv("BETEILIGUNG_SECRET_KEY", settings.secret_key)
    assert cli.main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "Gelöscht:" in out
    assert re.search(r"\d+\s+abgelaufene oder benutzte Links", out)


def test_purge_deletes_addresses_of_long_finished_ideas_only(
    engine: Engine, settings: Settings
) -> None:
    from beteiligung.ideas.models import Idea, IdeaContact
    from tests.routes import moelln_idea

    long_ago = utcnow() - timedelta(days=settings.idea_contact_days + 1)
    with session_scope(engine) as db:
        ideas = [moelln_idea(db)[0] for _ in range(4)]
        # finished long ago / finished lately / still running long ago / merged long ago
        for idea, status, when in zip(
            ideas,
            ["implemented", "not_pursued", "planned", "published"],
            [long_ago, utcnow(), long_ago, long_ago],
            strict=True,
        ):
            idea.status, idea.status_changed_at = status, when
            db.add(idea)
        ideas[3].merged_into_id = ideas[2].id
        ids = [idea.id for idea in ideas]
    with session_scope(engine) as db:
        counts = {r.what: r.count for r in purge(db, settings)}
    assert counts["E-Mail-Adressen zu abgeschlossenen Ideen nach Ablauf der Frist"] == 2
    with Session(engine) as db:
        kept = {c.idea_id for c in db.exec(select(IdeaContact)).scalars()}  # type: ignore[call-overload]
        assert kept == {ids[1], ids[2]}
        assert len(db.exec(select(Idea)).all()) == 4  # type: ignore[call-overload]
