"""Town admins build choice logic: an answer that stands alone, and a condition that also
holds for people who left the question out."""

from __future__ import annotations

import re

from sqlalchemy import Engine

from tests.conftest import Persona
from tests.test_survey_builder import BASE, Builder, _create, _options, _pages


def _builder(moelln_admin: Persona, engine: Engine) -> Builder:
    return Builder(moelln_admin, engine, _create(moelln_admin, "Wünsche für Mölln"))


def test_it_lets_a_town_admin_mark_an_option_as_standing_alone(
    moelln_admin: Persona, engine: Engine
) -> None:
    builder = _builder(moelln_admin, engine)
    question = builder.add_question("multiple", "Was fehlt Ihnen?")
    assert builder.add_option(question, "Ein Café", "cafe").status_code == 303
    added = builder.admin.post(
        f"{builder.url}/fragen/{question}/optionen",
        {"label": "Nichts davon", "code": "nothing", "exclusive_field": "1", "exclusive": "on"},
    )
    assert added.status_code == 303, added.text
    cafe, nothing = _options(engine, question)
    assert (cafe.exclusive, nothing.exclusive) == (False, True)
    editor = builder.admin.get(builder.url).text
    assert "Schließt die anderen Antworten aus" in editor
    # Unticked in the option's own form: no longer standing alone.
    url = f"{BASE}/{builder.id}/optionen/{nothing.id}"
    form = {"label": "Nichts davon", "code": "nothing", "label_en": "", "exclusive_field": "1"}
    assert builder.admin.post(url, form).status_code == 303
    assert not _options(engine, question)[1].exclusive
    assert builder.admin.post(url, {**form, "exclusive": "on"}).status_code == 303
    assert _options(engine, question)[1].exclusive


def test_it_keeps_the_exclusive_mark_once_the_survey_has_answers(
    moelln_admin: Persona, engine: Engine
) -> None:
    builder = _builder(moelln_admin, engine)
    question = builder.add_question("multiple", "Was fehlt Ihnen?")
    assert builder.add_option(question, "Ein Café", "cafe").status_code == 303
    builder.respond()
    cafe = _options(engine, question)[0]
    url = f"{BASE}/{builder.id}/optionen/{cafe.id}"
    refused = builder.admin.post(
        url, {"label": "Ein Café", "exclusive_field": "1", "exclusive": "on"}
    )
    assert refused.status_code == 422
    assert not _options(engine, question)[0].exclusive
    # A wording fix from the frozen survey's form (without the box) goes through.
    assert builder.admin.post(url, {"label": "Ein Café am Markt"}).status_code == 303


def test_it_offers_a_condition_for_people_who_left_the_question_out(
    moelln_admin: Persona, engine: Engine
) -> None:
    builder = _builder(moelln_admin, engine)
    builder.choice("Arbeiten Sie?", ["ja", "nein"])
    page = builder.add_page("Arbeitsweg")
    editor = builder.admin.get(builder.url).text
    assert re.search(r'value="arbeiten_sie:-"', editor), "no box for an unanswered question"
    response = builder.admin.post(
        f"{builder.url}/seiten/{page}",
        {"title": "Arbeitsweg", "condition": ["arbeiten_sie:ja", "arbeiten_sie:-"]},
    )
    assert response.status_code == 303, response.text
    stored = _pages(engine, builder.id)[1]
    assert (stored.condition_key, sorted(stored.condition_codes)) == ("arbeiten_sie", ["-", "ja"])
    assert "„Ja“ oder keine Antwort" in builder.admin.get(builder.url).text
