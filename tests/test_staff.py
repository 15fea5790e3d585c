"""Staff pages: who may see and change what, team and texts, new towns, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from beteiligung.accounts.models import Membership, Role, User
from beteiligung.audit import AuditEntry
from beteiligung.towns.models import Town
from tests.conftest import Persona

TOWN_ADMIN_PAGES = ["team", "texte", "protokoll"]


def _membership_id(engine: Engine, email: str, slug: str) -> int:
    with Session(engine) as db:
        row = db.exec(
            select(Membership)
            .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
            .join(Town, Town.id == Membership.town_id)  # type: ignore[arg-type]
            .where(User.email == email, Town.slug == slug)
        ).one()
        assert row.id is not None
        return row.id


def _actions(engine: Engine, slug: str) -> list[str]:
    with Session(engine) as db:
        town = db.exec(select(Town).where(Town.slug == slug)).one()
        return [e.action for e in db.exec(select(AuditEntry).where(AuditEntry.town_id == town.id))]


def test_it_sends_anonymous_visitors_of_staff_pages_to_the_login(resident: Persona) -> None:
    response = resident.get("/verwaltung/moelln/team")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/verwaltung/anmelden?next=")


@pytest.mark.parametrize("page", ["", *TOWN_ADMIN_PAGES])
def test_it_answers_404_to_a_moderator_of_another_town(
    moelln_moderator: Persona, page: str
) -> None:
    response = moelln_moderator.get(f"/verwaltung/wittenberge/{page}".rstrip("/"))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


@pytest.mark.parametrize("page", TOWN_ADMIN_PAGES)
def test_it_answers_403_to_a_moderator_on_admin_pages(moelln_moderator: Persona, page: str) -> None:
    response = moelln_moderator.get(f"/verwaltung/moelln/{page}")
    assert response.status_code == 403
    assert "nötige Berechtigung" in response.text


def test_it_shows_a_moderator_their_own_towns_staff_page(moelln_moderator: Persona) -> None:
    response = moelln_moderator.get("/verwaltung/moelln")
    assert response.status_code == 200
    assert "Mölln" in response.text


def test_it_keeps_a_town_admin_out_of_another_towns_team(
    wittenberge_admin: Persona, engine: Engine
) -> None:
    member = _membership_id(engine, "moderation@moelln.example", "moelln")
    page = wittenberge_admin.get("/verwaltung/moelln/team")
    assert page.status_code == 404
    removal = wittenberge_admin.post(f"/verwaltung/moelln/team/{member}/entfernen")
    assert removal.status_code == 404
    # a membership of Mölln reached through Wittenberge's address is not found either
    crosswise = wittenberge_admin.post(f"/verwaltung/wittenberge/team/{member}/entfernen")
    assert crosswise.status_code == 404
    _membership_id(engine, "moderation@moelln.example", "moelln")  # still there


def test_it_lets_the_federation_admin_into_every_town(federation_admin: Persona) -> None:
    for slug in ("moelln", "wittenberge", "diessen-am-ammersee"):
        assert federation_admin.get(f"/verwaltung/{slug}/team").status_code == 200


def test_it_refuses_the_federation_pages_to_a_town_admin(wittenberge_admin: Persona) -> None:
    assert wittenberge_admin.get("/verwaltung/verbund/staedte").status_code == 403
    response = wittenberge_admin.post(
        "/verwaltung/verbund/staedte", {"name": "Neustadt", "ags": "12345678"}
    )
    assert response.status_code == 403


def test_it_lets_the_federation_admin_create_a_town(
    federation_admin: Persona, resident: Persona
) -> None:
    response = federation_admin.post(
        "/verwaltung/verbund/staedte",
        {"name": "Bad Belzig", "slug": "", "ags": "12069020", "contact_email": ""},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/verwaltung/bad-belzig/team"
    # A draft until its admin publishes it: its staff see it, the public does not.
    assert resident.get("/bad-belzig").status_code == 404
    home = federation_admin.get("/bad-belzig")
    assert home.status_code == 200
    assert "Brandenburg" in home.text
    assert "Entwurf" in home.text


def test_it_explains_every_mistake_in_a_new_town_and_keeps_the_input(
    federation_admin: Persona,
) -> None:
    response = federation_admin.post(
        "/verwaltung/verbund/staedte",
        {"name": "", "slug": "Böse Adresse!", "ags": "1234", "contact_email": "x@y.de"},
    )
    assert response.status_code == 422
    assert "Bitte geben Sie den Namen der Stadt ein." in response.text
    assert "8 Ziffern" in response.text
    assert 'href="#f-ags"' in response.text
    assert 'value="x@y.de"' in response.text


def test_it_refuses_a_town_whose_ags_or_address_is_taken(federation_admin: Persona) -> None:
    response = federation_admin.post(
        "/verwaltung/verbund/staedte",
        {"name": "Mölln", "slug": "moelln", "ags": "01053090", "contact_email": ""},
    )
    assert response.status_code == 422
    assert "schon vergeben" in response.text
    assert "Gemeindeschlüssel gibt es schon" in response.text


def test_it_refuses_a_reserved_address_for_a_town(federation_admin: Persona) -> None:
    response = federation_admin.post(
        "/verwaltung/verbund/staedte",
        {"name": "Verwaltung", "slug": "verwaltung", "ags": "12069020", "contact_email": ""},
    )
    assert response.status_code == 422
    assert "reserviert" in response.text


def test_it_lets_a_town_admin_add_a_team_member(
    moelln_admin: Persona, engine: Engine, make_persona: object
) -> None:
    response = moelln_admin.post(
        "/verwaltung/moelln/team", {"email": "Neu@Moelln.example", "role": "moderator"}
    )
    assert response.status_code == 303
    team = moelln_admin.get("/verwaltung/moelln/team")
    assert "neu@moelln.example" in team.text
    assert "member_added" in _actions(engine, "moelln")


def test_it_explains_a_bad_team_member_address_and_keeps_it(moelln_admin: Persona) -> None:
    response = moelln_admin.post(
        "/verwaltung/moelln/team", {"email": "kein-at-zeichen", "role": "moderator"}
    )
    assert response.status_code == 422
    assert 'value="kein-at-zeichen"' in response.text
    assert 'href="#f-email"' in response.text


def test_it_refuses_an_unknown_role(moelln_admin: Persona) -> None:
    response = moelln_admin.post(
        "/verwaltung/moelln/team", {"email": "neu@moelln.example", "role": "kaiser"}
    )
    assert response.status_code == 422
    assert "Rolle" in response.text


def test_it_changes_a_role_and_records_it(moelln_admin: Persona, engine: Engine) -> None:
    member = _membership_id(engine, "moderation@moelln.example", "moelln")
    response = moelln_admin.post(
        f"/verwaltung/moelln/team/{member}/rolle", {"role": Role.TOWN_ADMIN.value}
    )
    assert response.status_code == 303
    with Session(engine) as db:
        assert db.get(Membership, member).role == Role.TOWN_ADMIN.value  # type: ignore[union-attr]
    assert "role_changed" in _actions(engine, "moelln")


def test_it_keeps_the_last_town_admin(moelln_admin: Persona, engine: Engine) -> None:
    own = _membership_id(engine, "admin@moelln.example", "moelln")
    demote = moelln_admin.post(f"/verwaltung/moelln/team/{own}/rolle", {"role": "moderator"})
    assert demote.status_code == 422
    assert "Admin" in demote.text
    remove = moelln_admin.post(f"/verwaltung/moelln/team/{own}/entfernen")
    assert remove.status_code == 422
    with Session(engine) as db:
        assert db.get(Membership, own).role == Role.TOWN_ADMIN.value  # type: ignore[union-attr]


def test_it_removes_a_team_member_who_then_loses_access(
    moelln_admin: Persona, moelln_moderator: Persona, engine: Engine
) -> None:
    member = _membership_id(engine, "moderation@moelln.example", "moelln")
    assert moelln_moderator.get("/verwaltung/moelln").status_code == 200
    response = moelln_admin.post(f"/verwaltung/moelln/team/{member}/entfernen")
    assert response.status_code == 303
    assert moelln_moderator.get("/verwaltung/moelln").status_code == 404
    assert "member_removed" in _actions(engine, "moelln")


def test_it_saves_the_towns_legal_texts_and_shows_them(
    moelln_admin: Persona, resident: Persona, engine: Engine
) -> None:
    form = moelln_admin.get("/verwaltung/moelln/texte")
    assert form.status_code == 200
    values = {
        "contact_email": "rathaus@moelln.example",
        "contact_phone": "04542 8030",
        "contact_address": "Wasserkrüger Weg 16, 23879 Mölln",
        "imprint_text": "Stadt Mölln, vertreten durch den Bürgermeister.",
        "privacy_text": "Verantwortlich ist die Stadt Mölln.",
        "accessibility_text": "Diese Seiten sind weitgehend barrierefrei.",
    }
    response = moelln_admin.post("/verwaltung/moelln/texte", values)
    assert response.status_code == 303
    assert "vertreten durch den Bürgermeister" in resident.get("/moelln/impressum").text
    assert "town_texts_changed" in _actions(engine, "moelln")


def test_it_shows_the_audit_log_to_the_town_admin(moelln_admin: Persona, engine: Engine) -> None:
    moelln_admin.post(
        "/verwaltung/moelln/team", {"email": "neu@moelln.example", "role": "moderator"}
    )
    log = moelln_admin.get("/verwaltung/moelln/protokoll")
    assert log.status_code == 200
    assert "neu@moelln.example" in log.text
