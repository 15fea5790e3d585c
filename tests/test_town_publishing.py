"""A new town is a draft until its admin has entered the legal texts and published it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from beteiligung import migrate
from beteiligung.db import make_engine, session_scope
from beteiligung.settings import Settings
from beteiligung.surveys import codes
from beteiligung.surveys.models import AccessMode, SurveyStatus
from beteiligung.surveys.templates import create_from_template
from beteiligung.towns.models import Town
from tests.conftest import PG_URL_ENV, TEST_SECRET, Persona

TEXTS = {
    "imprint_text": "Stadt Bad Belzig, vertreten durch den Bürgermeister.",
    "privacy_text": "Verantwortlich ist die Stadt Bad Belzig.",
    "accessibility_text": "Diese Seiten sind weitgehend barrierefrei.",
}


def _new_town(federation_admin: Persona) -> None:
    response = federation_admin.post(
        "/verwaltung/verbund/staedte",
        {"name": "Bad Belzig", "slug": "", "ags": "12069020", "contact_email": ""},
    )
    assert response.status_code == 303, response.text


def _survey_and_code(engine: Engine) -> tuple[str, str]:
    """An open survey of the draft town, by link and with one invitation code."""
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "bad-belzig")).one()
        survey = create_from_template(db, town, "innenstadt")
        survey.status = SurveyStatus.OPEN.value
        survey.access_mode = AccessMode.CODES.value
        db.add(survey)
        db.flush()
        return survey.slug, codes.generate_codes(db, survey, 1)[0].code


def test_it_keeps_a_new_town_off_the_start_page_and_its_pages_from_the_public(
    federation_admin: Persona, resident: Persona, engine: Engine
) -> None:
    _new_town(federation_admin)
    survey_slug, code = _survey_and_code(engine)
    start = resident.get("/").text
    assert "Bad Belzig" not in start
    assert "Fünf Kleinstädte" in start
    for path in [
        "/bad-belzig",
        "/bad-belzig/impressum",
        "/bad-belzig/datenschutz",
        "/bad-belzig/barrierefreiheit",
        "/bad-belzig/ideen",
        "/bad-belzig/ideen/neu",
        f"/bad-belzig/umfragen/{survey_slug}",
        f"/bad-belzig/umfragen/{survey_slug}?code={code}",
        f"/u/{code}",
    ]:
        assert resident.get(path).status_code == 404, path
    idea = {
        "title": "Coworking im Bahnhof",
        "body": "Im alten Bahnhof ist Platz.",
        "field": "coworking",
    }
    assert resident.post("/bad-belzig/ideen/neu", idea).status_code == 404
    assert resident.post(f"/bad-belzig/umfragen/{survey_slug}", {}).status_code == 404
    assert "Bad Belzig" not in resident.get("/impressum").text
    # Its staff prepare it: the town's pages as a draft, the survey in the builder.
    draft = federation_admin.get("/bad-belzig")
    assert draft.status_code == 200
    assert "Entwurf" in draft.text
    assert federation_admin.get("/bad-belzig/impressum").status_code == 200


def test_it_refuses_to_publish_a_town_naming_the_missing_texts(
    federation_admin: Persona, resident: Persona
) -> None:
    _new_town(federation_admin)
    overview = federation_admin.get("/verwaltung/bad-belzig")
    assert "Veröffentlichen" in overview.text
    refused = federation_admin.post("/verwaltung/bad-belzig/veroeffentlichen")
    assert refused.status_code == 422
    assert (
        "Es fehlt: Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit" in refused.text
    )
    saved = federation_admin.post("/verwaltung/bad-belzig/texte", {"imprint_text": "Impressum"})
    assert saved.status_code == 303
    refused = federation_admin.post("/verwaltung/bad-belzig/veroeffentlichen")
    assert refused.status_code == 422
    assert "Es fehlt: Datenschutzerklärung, Erklärung zur Barrierefreiheit." in refused.text
    assert resident.get("/bad-belzig").status_code == 404


def test_it_publishes_a_town_with_its_texts_and_counts_it_on_the_start_page(
    federation_admin: Persona, resident: Persona, engine: Engine
) -> None:
    _new_town(federation_admin)
    assert federation_admin.post("/verwaltung/bad-belzig/texte", TEXTS).status_code == 303
    published = federation_admin.post("/verwaltung/bad-belzig/veroeffentlichen")
    assert published.status_code == 303
    assert published.headers["location"] == "/verwaltung/bad-belzig"
    assert "ist jetzt öffentlich" in federation_admin.get("/verwaltung/bad-belzig").text
    assert resident.get("/bad-belzig").status_code == 200
    assert "Entwurf" not in resident.get("/bad-belzig").text
    assert resident.get("/bad-belzig/ideen/neu").status_code == 200
    start = resident.get("/").text
    assert "Bad Belzig" in start
    assert "Sechs Kleinstädte arbeiten gemeinsam" in start
    assert "Fünf" not in start
    with Session(engine) as db:
        actions = db.exec(text("SELECT action FROM audit_entry")).all()
    assert ("town_published",) in [tuple(row) for row in actions]


def test_it_refuses_publishing_to_a_moderator(moelln_moderator: Persona) -> None:
    assert moelln_moderator.post("/verwaltung/moelln/veroeffentlichen").status_code == 403


# --------------------------------------------------------------------------- the migration


def _fresh_engine(backend: str, tmp_path: Path) -> tuple[Engine, Callable[[], None]]:
    """An empty database of the backend, and how to remove it."""
    if backend == "sqlite":
        engine = make_engine(
            Settings(database_url=f"sqlite:///{tmp_path / 'old.sqlite3'}", secret_key=TEST_SECRET)
        )
        return engine, engine.dispose
    url = os.environ.get(PG_URL_ENV, "")
    if not url:
        pytest.skip(f"PostgreSQL not configured ({PG_URL_ENV})")
    schema = f"bt_migration_{os.getpid()}"
    admin = make_engine(Settings(database_url=url, secret_key=TEST_SECRET))
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(
        Settings(database_url=url, secret_key=TEST_SECRET),
        connect_args={"options": f"-csearch_path={schema}"},
    )

    def drop() -> None:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()

    return engine, drop


def test_it_publishes_every_town_that_existed_before_the_migration(
    backend: str, tmp_path: Path
) -> None:
    engine, drop = _fresh_engine(backend, tmp_path)
    try:
        migrate.upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO town (slug, name, bundesland, ags, contact_email, "
                    "contact_phone, contact_address, imprint_text, privacy_text, "
                    "accessibility_text, districts, idea_moderation, rejection_reasons, "
                    "created_at) VALUES ('alt', 'Altstadt', 'Bayern', '09000001', '', '', '', "
                    "'', '', '', '', 'pre', '', CURRENT_TIMESTAMP)"
                )
            )
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT published FROM town")).scalar_one() in (True, 1)
        with session_scope(engine) as db:
            town = db.exec(select(Town).where(Town.slug == "alt")).one()
            assert town.published
        migrate.check(engine)
    finally:
        drop()
