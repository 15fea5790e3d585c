"""The shipped questionnaires' logic: skipping a question skips no page that may apply, a
"no" hides what depends on it, "Nichts davon" stands alone, every scale points one way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from beteiligung.db import session_scope
from beteiligung.surveys.models import Answer, Option, Question, QuestionKind, Survey
from beteiligung.surveys.structure import UNANSWERED_CODE
from beteiligung.surveys.templates import TEMPLATES, create_from_template
from beteiligung.towns.models import Town
from tests.conftest import Persona

# Keys of version 1 of the Pendlerbefragung: version 2 keeps every one whose question is
# the same, so results stay comparable.
PENDLER_V1_KEYS = {
    "work_status", "work_place", "commute_distance", "commute_time", "commute_mode",
    "commute_days", "home_office_days", "home_suitability", "coworking_interest",
    "coworking_days", "coworking_needs", "day_price", "local_work_helps", "centre_rating",
    "vacancy_uses", "age_group", "home_district",
}  # fmt: skip
LOW_ENDS = {"sehr schlecht", "gar nicht", "unwichtig", "gar nicht wahrscheinlich"}
HIGH_ENDS = {"sehr gut", "sehr wichtig", "äußerst wahrscheinlich"}


def _pendler_start(engine: Engine) -> str:
    """The address of Mölln's demo Pendlerbefragung (made from the current template)."""
    with Session(engine) as db:
        survey = db.exec(
            select(Survey)
            .join(Town, col(Town.id) == col(Survey.town_id))
            .where(Town.slug == "moelln", Survey.template_key == "pendlerbefragung")
        ).one()
        return f"/moelln/umfragen/{survey.slug}"


def _nonce(page: Any) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert match, "no nonce in the first page"
    return match.group(1)


def _title(page: Any) -> str:
    match = re.search(r"<h2[^>]*>([^<]+)</h2>", page.text)
    return match.group(1).strip() if match else ""


def _first_page(resident: Persona, engine: Engine, data: dict[str, Any]) -> Any:
    start = _pendler_start(engine)
    response = resident.post(start, {"nonce": _nonce(resident.get(start)), **data})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_it_shows_the_commuting_pages_to_a_resident_who_skips_the_first_question(
    resident: Persona, engine: Engine
) -> None:
    second = resident.get(_first_page(resident, engine, {}))
    assert "Seite 2 von 5" in second.text
    assert "Ihr Arbeitsweg" in second.text
    assert 'name="q-commute_distance"' in second.text


def test_it_skips_the_commuting_pages_for_people_not_in_work(
    resident: Persona, engine: Engine
) -> None:
    page = resident.get(_first_page(resident, engine, {"q-work_status": "not_working"}))
    assert "Ihr Arbeitsweg" not in page.text
    assert "Innenstadt und Angaben zu Ihnen" in page.text


def _to_home_office(resident: Persona, engine: Engine) -> str:
    second = _first_page(resident, engine, {"q-work_status": "employed"})
    response = resident.post(second, {"q-commute_distance": "km_10_25"})
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_it_asks_no_coworking_questions_after_a_no_to_coworking(
    resident: Persona, engine: Engine
) -> None:
    third = _to_home_office(resident, engine)
    response = resident.post(third, {"q-coworking_interest": "no"})
    assert response.status_code == 303, response.text
    page = resident.get(response.headers["location"])
    for key in ("coworking_days", "coworking_needs", "day_price"):
        assert f'name="q-{key}"' not in page.text, key
    assert "Innenstadt und Angaben zu Ihnen" in page.text


def test_it_asks_the_coworking_questions_after_a_maybe(resident: Persona, engine: Engine) -> None:
    third = _to_home_office(resident, engine)
    response = resident.post(third, {"q-coworking_interest": "maybe"})
    page = resident.get(response.headers["location"])
    for key in ("coworking_days", "coworking_needs", "day_price"):
        assert f'name="q-{key}"' in page.text, key


def test_it_refuses_nothing_of_these_with_other_answers_and_keeps_them(
    resident: Persona, engine: Engine
) -> None:
    third = _to_home_office(resident, engine)
    response = resident.post(
        third, {"q-local_work_helps": ["coworking", "nothing"], "q-home_office_days": "days_2"}
    )
    assert response.status_code == 422
    assert "„Nichts davon“ lässt sich nicht mit anderen Antworten kombinieren" in response.text
    assert 'href="#f-q-local_work_helps"' in response.text
    for code in ("coworking", "nothing"):
        assert re.search(rf'value="{code}"[^>]*checked', response.text), code
    assert re.search(r'value="days_2"[^>]*checked', response.text)
    assert 'value="nothing" checked data-exclusive' in response.text  # the JavaScript's hook
    with Session(engine) as db:
        assert not db.exec(select(Answer).where(Answer.question_key == "local_work_helps")).all()
    alone = resident.post(third, {"q-local_work_helps": "nothing"})
    assert alone.status_code == 303


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_it_points_every_scale_of_a_template_the_same_way(template: Any) -> None:
    for question in template.questions:
        if question.kind in (QuestionKind.SCALE, QuestionKind.MATRIX):
            assert question.settings["min_label"] in LOW_ENDS, question.key
            assert question.settings["max_label"] in HIGH_ENDS, question.key


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_it_lets_none_of_these_stand_alone_in_every_template(template: Any) -> None:
    for question in template.questions:
        for option in question.options:
            if option.label in ("Nichts davon", "Keine davon", "Nichts"):
                assert question.kind != QuestionKind.MULTIPLE or option.exclusive, question.key


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_it_shows_pages_about_work_to_people_who_skip_the_question(template: Any) -> None:
    for page in template.pages:
        if page.condition_key == "work_status":
            assert UNANSWERED_CODE in page.condition_codes, page.title


def test_it_makes_version_2_of_the_pendlerbefragung_with_stable_keys(engine: Engine) -> None:
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "wittenberge")).one()
        survey = create_from_template(db, town, "pendlerbefragung", slug="neu")
        assert survey.template_version == 2
        keys = set(db.exec(select(Question.key).where(Question.survey_id == survey.id)))
        nothing = db.exec(
            select(Option)
            .join(Question, col(Question.id) == col(Option.question_id))
            .where(Question.survey_id == survey.id, Option.code == "nothing")
        ).one()
        assert nothing.exclusive
    # The home's suitability now runs the other way: a new key, every other one kept.
    assert keys - {"home_suitability_rating"} == PENDLER_V1_KEYS - {"home_suitability"}


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_it_says_each_limit_once_and_asks_in_plain_words(template: Any) -> None:
    """The page says "Höchstens n Antworten." from the setting: a help text saying it again
    doubled it; "für Sie für" read like a slip."""
    for question in template.questions:
        if question.settings.get("max_choices"):
            assert not re.search(r"(bis zu|höchstens)", question.help or "", re.I), question.key
        for text in (question.text, question.help or ""):
            assert not re.search(r"\bfür Sie für\b", text), question.key
