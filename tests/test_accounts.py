"""Staff log in and out, change and reset passwords; failed logins are throttled."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from litestar.testing import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from beteiligung import security
from beteiligung.accounts import service
from beteiligung.accounts.guard import LoginGuard
from beteiligung.accounts.models import PasswordResetToken, User
from beteiligung.app import create_app
from beteiligung.audit import AuditEntry
from beteiligung.db import utcnow
from beteiligung.settings import Settings
from beteiligung.throttle import FileCounters, Throttle
from tests.conftest import Persona

ADMIN = "admin@moelln.example"


def test_it_logs_in_with_the_right_password_and_lands_on_the_staff_page(resident: Persona) -> None:
    response = resident.login(ADMIN)
    assert response.headers["location"] == "/verwaltung"
    page = resident.get("/verwaltung")
    assert page.status_code == 200
    assert "Angemeldet als admin@moelln.example" in page.text
    assert 'href="/verwaltung/moelln"' in page.text


def test_it_returns_to_the_page_asked_for_after_login(resident: Persona) -> None:
    response = resident.get("/verwaltung/moelln/team")
    assert response.status_code == 303
    assert response.headers["location"] == "/verwaltung/anmelden?next=/verwaltung/moelln/team"
    login = resident.post(
        "/verwaltung/anmelden",
        {"email": ADMIN, "password": "demo-beteiligung", "next": "/verwaltung/moelln/team"},
    )
    assert login.headers["location"] == "/verwaltung/moelln/team"


def test_it_never_sends_a_login_to_another_site(resident: Persona) -> None:
    login = resident.post(
        "/verwaltung/anmelden",
        {"email": ADMIN, "password": "demo-beteiligung", "next": "https://evil.example/"},
    )
    assert login.headers["location"] == "/verwaltung"


def test_it_refuses_a_wrong_password_in_german_and_keeps_the_email(resident: Persona) -> None:
    response = resident.post("/verwaltung/anmelden", {"email": ADMIN, "password": "falsch-falsch"})
    assert response.status_code == 422
    assert "E-Mail-Adresse oder Passwort ist nicht richtig." in response.text
    assert 'value="admin@moelln.example"' in response.text
    assert resident.get("/verwaltung").status_code == 303


def test_it_gives_the_same_answer_for_an_unknown_email(resident: Persona) -> None:
    response = resident.post(
        "/verwaltung/anmelden", {"email": "niemand@moelln.example", "password": "irgendwas"}
    )
    assert response.status_code == 422
    assert "E-Mail-Adresse oder Passwort ist nicht richtig." in response.text


def test_it_accepts_the_email_in_any_case_and_with_spaces(resident: Persona) -> None:
    resident.login("  Admin@Moelln.EXAMPLE ")


def test_it_throttles_an_account_after_five_failures_within_the_window(
    make_persona: Any,
) -> None:
    attacker = make_persona("attacker")
    for _ in range(5):
        response = attacker.post("/verwaltung/anmelden", {"email": ADMIN, "password": "falsch"})
        assert response.status_code == 422
    response = attacker.post("/verwaltung/anmelden", {"email": ADMIN, "password": "falsch"})
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.text
    assert int(response.headers["retry-after"]) > 0
    # Even the right password is refused for a while from this client (the same address:
    # test_limits shows that the real user elsewhere still gets in).
    admin = make_persona("the real admin")
    refused = admin.post("/verwaltung/anmelden", {"email": ADMIN, "password": "demo-beteiligung"})
    assert refused.status_code == 429


def test_it_throttles_a_client_that_tries_many_accounts(resident: Persona) -> None:
    for n in range(20):  # four times the failures allowed for one account
        resident.post(
            "/verwaltung/anmelden", {"email": f"x{n}@moelln.example", "password": "falsch"}
        )
    response = resident.post(
        "/verwaltung/anmelden",
        {"email": "admin@wittenberge.example", "password": "demo-beteiligung"},
    )
    assert response.status_code == 429


def test_it_restarts_the_counts_of_an_account_after_a_successful_login(tmp_path: Any) -> None:
    guard = LoginGuard(
        Throttle(FileCounters(tmp_path / "counters"), "secret"), Settings(secret_key="x")
    )
    for _ in range(4):
        assert guard.admit(ADMIN, "client-a") is None
    guard.succeeded(ADMIN, "client-a")
    for _ in range(5):
        assert guard.admit(ADMIN, "client-a") is None
    refusal = guard.admit(ADMIN, "client-a")
    assert refusal is not None and not refusal.slowed
    assert 0 < refusal.retry_after_seconds <= 900
    # Another client of the same account is not refused.
    assert guard.admit(ADMIN, "client-b") is None


def test_it_refuses_demo_accounts_outside_demo_mode(settings: Settings, engine: Engine) -> None:
    app = create_app(replace(settings, demo=False), engine)
    with TestClient(app, base_url="http://testserver.local") as client:
        persona = Persona(client, "someone")
        response = persona.post(
            "/verwaltung/anmelden", {"email": ADMIN, "password": "demo-beteiligung"}
        )
        assert response.status_code == 422


def test_it_changes_the_password_and_ends_other_sessions(make_persona: Any) -> None:
    laptop = make_persona("admin at the laptop", ADMIN)
    phone = make_persona("admin on the phone", ADMIN)
    response = laptop.post(
        "/verwaltung/passwort",
        {
            "current_password": "demo-beteiligung",
            "password": "ein langes neues Passwort",
            "password_repeat": "ein langes neues Passwort",
        },
    )
    assert response.status_code == 303
    assert "Ihr Passwort wurde geändert." in laptop.get("/verwaltung").text
    assert laptop.get("/verwaltung").status_code == 200
    assert phone.get("/verwaltung").status_code == 303
    fresh = make_persona("again")
    fresh.login(ADMIN, "ein langes neues Passwort")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"current_password": "falsch"}, "Das bisherige Passwort ist nicht richtig."),
        ({"password": "kurz", "password_repeat": "kurz"}, "mindestens 10 Zeichen"),
        ({"password_repeat": "etwas ganz anderes"}, "stimmen nicht überein"),
    ],
)
def test_it_explains_a_refused_password_change(
    moelln_admin: Persona, form: dict[str, str], message: str
) -> None:
    data = {
        "current_password": "demo-beteiligung",
        "password": "ein langes neues Passwort",
        "password_repeat": "ein langes neues Passwort",
    } | form
    response = moelln_admin.post("/verwaltung/passwort", data)
    assert response.status_code == 422
    assert message in response.text
    assert 'href="#f-' in response.text  # the summary links to the field
    moelln_admin.post("/verwaltung/abmelden")
    moelln_admin.login(ADMIN)  # the old password still works


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on loopback."""
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def mail_persona(
    settings: Settings, engine: Engine, mailbox: tuple[Mailbox, int]
) -> Iterator[Persona]:
    mail_settings = replace(
        settings, smtp_host="127.0.0.1", smtp_port=mailbox[1], smtp_starttls=False
    )
    with TestClient(
        create_app(mail_settings, engine), base_url="http://testserver.local"
    ) as client:
        yield Persona(client, "admin who forgot the password")


def _link_in(message: Any) -> str:
    body = message.get_payload(decode=True).decode()
    match = re.search(r"http://testserver\.local(/verwaltung/passwort-neu/\S+)", body)
    assert match, body
    return match.group(1)


def test_it_resets_a_password_through_a_one_time_link_sent_by_smtp(
    mail_persona: Persona, mailbox: tuple[Mailbox, int]
) -> None:
    box, _port = mailbox
    response = mail_persona.post("/verwaltung/passwort-vergessen", {"email": ADMIN})
    assert response.status_code == 200
    assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert len(box.messages) == 1
    assert box.messages[0]["To"] == ADMIN
    link = _link_in(box.messages[0])
    assert mail_persona.get(link).status_code == 200
    done = mail_persona.post(
        link, {"password": "ganz neues Passwort 1", "password_repeat": "ganz neues Passwort 1"}
    )
    assert done.status_code == 303
    assert mail_persona.get("/verwaltung").status_code == 200
    # The link works once.
    again = mail_persona.get(link)
    assert again.status_code == 404
    assert "abgelaufen oder wurde schon benutzt" in again.text


def test_it_sends_no_mail_for_an_unknown_address_but_answers_the_same(
    mail_persona: Persona, mailbox: tuple[Mailbox, int]
) -> None:
    response = mail_persona.post(
        "/verwaltung/passwort-vergessen", {"email": "niemand@moelln.example"}
    )
    assert response.status_code == 200
    assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert mailbox[0].messages == []


def test_it_explains_an_invalid_email_on_the_reset_form(resident: Persona) -> None:
    response = resident.post("/verwaltung/passwort-vergessen", {"email": "kein-at-zeichen"})
    assert response.status_code == 422
    assert "gültige E-Mail-Adresse" in response.text
    assert 'value="kein-at-zeichen"' in response.text


def test_it_prints_the_reset_mail_to_the_log_without_smtp(
    resident: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="beteiligung.mail"):
        resident.post("/verwaltung/passwort-vergessen", {"email": ADMIN})
    assert "/verwaltung/passwort-neu/" in caplog.text


def test_it_refuses_an_expired_reset_link(engine: Engine, resident: Persona) -> None:
    from datetime import timedelta

    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == ADMIN)).one()
        token = service.create_reset_token(db, user, timedelta(minutes=-1))
        db.commit()
    response = resident.get(f"/verwaltung/passwort-neu/{token}")
    assert response.status_code == 404
    posted = resident.post(
        f"/verwaltung/passwort-neu/{token}",
        {"password": "ganz neues Passwort 1", "password_repeat": "ganz neues Passwort 1"},
    )
    assert posted.status_code == 422
    assert "abgelaufen" in posted.text


def test_it_invalidates_open_reset_links_when_the_password_changes(engine: Engine) -> None:
    from datetime import timedelta

    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == ADMIN)).one()
        token = service.create_reset_token(db, user, timedelta(hours=1))
        service.change_password(
            db, user, "demo-beteiligung", "neues Passwort 12", "neues Passwort 12"
        )
        db.commit()
        assert service.valid_reset_token(db, token) is None
        used = db.exec(select(PasswordResetToken)).all()
        assert all(t.used_at is not None and t.used_at <= utcnow() for t in used)


def test_it_uses_argon2id_with_at_least_the_rfc_9106_low_memory_parameters() -> None:
    production = PasswordHasher()
    assert production.type.name == "ID"
    assert production.memory_cost >= 65536 and production.time_cost >= 3


def test_it_rehashes_a_password_when_the_parameters_change(engine: Engine) -> None:
    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == ADMIN)).one()
        old_hash = user.password_hash
        stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
        original, security._hasher = security._hasher, stronger
        try:
            login = service.check_login(engine, ADMIN, "demo-beteiligung", demo_mode=True)
            assert login is not None
            assert service.finish_login(db, login) is user
        finally:
            security._hasher = original
        assert user.password_hash != old_hash
        assert "m=2048,t=2" in user.password_hash


def test_it_records_password_changes_in_the_audit_log(engine: Engine) -> None:
    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == ADMIN)).one()
        service.change_password(
            db, user, "demo-beteiligung", "neues Passwort 12", "neues Passwort 12"
        )
        db.commit()
        actions = [
            e.action for e in db.exec(select(AuditEntry).where(AuditEntry.user_id == user.id))
        ]
    assert "password_changed" in actions
