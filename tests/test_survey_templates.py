"""Shipped survey templates and the demo surveys: stable keys, sound conditions, real towns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from beteiligung import demo
from beteiligung.db import session_scope
from beteiligung.surveys.models import (
    CONDITION_KINDS,
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPage,
)
from beteiligung.surveys.structure import UNANSWERED_CODE
from beteiligung.surveys.templates import TEMPLATES, SurveyTemplate, create_from_template
from beteiligung.towns.models import Town

SCALE_SETTINGS = {"min", "max", "min_label", "max_label", "min_label_en", "max_label_en"}
ALLOWED_SETTINGS = {
    QuestionKind.SINGLE: set(),
    QuestionKind.PLACE: set(),
    QuestionKind.MULTIPLE: {"max_choices", "other"},
    QuestionKind.SCALE: SCALE_SETTINGS | {"dont_know"},
    QuestionKind.MATRIX: SCALE_SETTINGS | {"dont_know"},
    QuestionKind.NUMBER: {"min", "max", "unit", "unit_en", "integer"},
    QuestionKind.SHORT_TEXT: {"max_length"},
    QuestionKind.LONG_TEXT: {"max_length"},
}
OPTION_KINDS = CONDITION_KINDS | {QuestionKind.MATRIX}
LONG_COMMUTES = ("km_25_50", "km_50_plus")

templates = pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))


def _town(db: Session, slug: str) -> Town:
    return db.exec(select(Town).where(Town.slug == slug)).one()


def _is_code(value: str) -> bool:
    return bool(value) and value.isascii() and value.replace("_", "").isalnum() and value.islower()


@templates
def test_it_ships_templates_with_unique_keys_and_codes(template: SurveyTemplate) -> None:
    keys = [question.key for question in template.questions]
    assert len(keys) == len(set(keys))
    assert all(_is_code(key) and len(key) <= 60 for key in keys)
    for question in template.questions:
        codes = [option.code for option in question.options]
        assert len(codes) == len(set(codes)), question.key
        assert all(_is_code(code) and len(code) <= 60 for code in codes), question.key
        assert bool(codes) == (question.kind in OPTION_KINDS), question.key
        assert not question.required, f"{question.key}: template questions are optional"


@templates
def test_it_lets_conditions_point_only_at_earlier_pages_choices(template: SurveyTemplate) -> None:
    # Stricter than the rule (an earlier question): a page without JavaScript cannot react
    # to an answer given on the same page.
    earlier: dict[str, set[str]] = {}
    for page in template.pages:
        governed = [(page.condition_key, page.condition_codes)] + [
            (q.condition_key, q.condition_codes) for q in page.questions
        ]
        for key, codes in governed:
            if key:
                assert key in earlier, f"{key} is not a choice question on an earlier page"
                assert codes and set(codes) - {UNANSWERED_CODE} <= earlier[key], f"{key}: {codes}"
            else:
                assert not codes
        for question in page.questions:
            if question.kind in CONDITION_KINDS:
                earlier[question.key] = {option.code for option in question.options}
    assert any(page.condition_key for page in template.pages) or template.key == "innenstadt"


@templates
def test_it_has_german_and_english_text_everywhere(template: SurveyTemplate) -> None:
    texts = [template.title, template.title_en, template.intro, template.intro_en]
    for page in template.pages:
        texts += [page.title, page.title_en]
        for question in page.questions:
            texts += [question.text, question.text_en]
            assert bool(question.help) == bool(question.help_en), question.key
            texts += [
                text for option in question.options for text in (option.label, option.label_en)
            ]
            for name, value in question.settings.items():
                if name.endswith("_label") or name == "unit":
                    texts += [value, question.settings[f"{name}_en"]]
    assert all(isinstance(text, str) and text.strip() for text in texts)


@templates
def test_it_uses_only_the_documented_settings_of_each_kind(template: SurveyTemplate) -> None:
    for question in template.questions:
        settings = question.settings
        assert set(settings) <= ALLOWED_SETTINGS[question.kind], question.key
        if question.kind in (QuestionKind.SCALE, QuestionKind.MATRIX):
            assert (settings["min"], settings["max"]) in ((1, 5), (0, 10)), question.key
        if question.kind == QuestionKind.NUMBER:
            assert settings["min"] < settings["max"], question.key
        if "other" in settings:
            assert "other" not in {option.code for option in question.options}, question.key


def test_it_ships_the_three_templates_with_the_pendlerbefragung_in_five_pages() -> None:
    assert set(TEMPLATES) == {"pendlerbefragung", "coworking", "innenstadt"}
    pendler = TEMPLATES["pendlerbefragung"]
    assert len(pendler.pages) == 5
    assert len(pendler.questions) == 17
    # Version 2: the coworking questions have a page of their own behind the interest.
    coworking_page = next(p for p in pendler.pages if p.condition_key == "coworking_interest")
    assert coworking_page.condition_codes == ("yes_regularly", "yes_occasionally", "maybe")
    assert [q.key for q in coworking_page.questions] == [
        "coworking_days",
        "coworking_needs",
        "day_price",
    ]
    assert pendler.question("local_work_helps").settings == {"max_choices": 3}
    kinds = {q.kind for template in TEMPLATES.values() for q in template.questions}
    assert kinds == set(QuestionKind)


@templates
def test_it_puts_the_towns_name_into_a_new_survey(engine: Engine, template: SurveyTemplate) -> None:
    with session_scope(engine) as db:
        town = _town(db, "moelln")
        survey = create_from_template(db, town, template.key)
        assert survey.id is not None
        assert (survey.status, survey.template_key) == ("draft", template.key)
        assert survey.template_version == template.version
        pages = db.exec(select(SurveyPage).where(SurveyPage.survey_id == survey.id)).all()
        questions = db.exec(select(Question).where(Question.survey_id == survey.id)).all()
        options = db.exec(
            select(Option).join(Question).where(Question.survey_id == survey.id)
        ).all()
        texts = [survey.title, survey.title_en, survey.intro, survey.intro_en]
        texts += [text for page in pages for text in (page.title, page.title_en)]
        texts += [t for q in questions for t in (q.text, q.text_en, q.help, q.help_en)]
        texts += [text for option in options for text in (option.label, option.label_en)]
    assert "Mölln" in survey.title
    assert not [text for text in texts if "{town}" in text]
    assert any("Mölln" in text for text in texts[4:])
    assert [page.position for page in pages] == list(range(len(template.pages)))
    assert [q.key for q in sorted(questions, key=lambda q: (q.page_id, q.position))] == [
        q.key for q in template.questions
    ]


def test_it_gives_a_second_survey_from_a_template_its_own_slug(engine: Engine) -> None:
    with session_scope(engine) as db:
        town = _town(db, "wittenberge")
        first = create_from_template(db, town, "coworking")
        second = create_from_template(db, town, "coworking", title="Coworking, zweite Runde")
        keys = {
            survey.id: db.exec(
                select(Question.key)
                .where(Question.survey_id == survey.id)
                .order_by(col(Question.page_id), col(Question.position))
            ).all()
            for survey in (first, second)
        }
    assert first.slug.startswith("coworking-20")
    assert second.slug == f"{first.slug}-2"
    assert second.title == "Coworking, zweite Runde"
    assert keys[first.id] == keys[second.id]


def test_it_offers_the_towns_districts_in_place_questions(engine: Engine) -> None:
    with session_scope(engine) as db:
        town = _town(db, "dippoldiswalde")
        town.districts = "Kernstadt\n\nSchmiedeberg und Umgebung\n  Reichstädt  \nReichstädt!"
        survey = create_from_template(db, town, "innenstadt")
        town.districts = ""
        fallback = create_from_template(db, town, "innenstadt")

        def codes(survey: Survey) -> list[str]:
            return list(
                db.exec(
                    select(Option.code)
                    .join(Question)
                    .where(Question.survey_id == survey.id, Question.key == "home_district")
                    .order_by(col(Option.position))
                )
            )

        assert codes(survey) == [
            "kernstadt",
            "schmiedeberg_und_umgebung",
            "reichstaedt",
            "reichstaedt_2",
            "no_answer",
        ]
        assert codes(fallback) == ["kernstadt", "ortsteil", "no_answer"]


def test_it_seeds_one_open_pendlerbefragung_per_town_only_once(engine: Engine) -> None:
    with session_scope(engine) as db:
        again = demo.seed_demo(db, with_accounts=True)
        surveys = db.exec(select(Survey)).all()
        towns = db.exec(select(Town)).all()
        responses = db.exec(select(func.count()).select_from(Response)).one()
    assert again == {"towns": 0, "accounts": 0, "surveys": 0, "responses": 0}
    assert sorted(s.town_id for s in surveys) == sorted(t.id for t in towns)
    assert {(s.template_key, s.status, s.access_mode) for s in surveys} == {
        ("pendlerbefragung", "open", "open")
    }
    assert all(3 <= len(town.districts.splitlines()) <= 8 for town in towns)
    assert responses == 0


@pytest.fixture
def seeded(database: tuple[str, Engine]) -> Iterator[Engine]:
    engine = database[1]
    with session_scope(engine) as db:
        created = demo.seed_demo(db, with_accounts=False, with_responses=True)
    assert created["surveys"] == 5
    assert 5 * 200 <= created["responses"] <= 5 * 400
    yield engine


def _structure(db: Session, survey: Survey) -> tuple[dict[str, Question], dict[str, Any]]:
    questions = {q.key: q for q in db.exec(select(Question).where(Question.survey_id == survey.id))}
    pages = {p.id: p for p in db.exec(select(SurveyPage).where(SurveyPage.survey_id == survey.id))}
    codes: dict[str, set[str]] = defaultdict(set)
    for question_key, code in db.exec(
        select(Question.key, Option.code).join(Option).where(Question.survey_id == survey.id)
    ):
        codes[question_key].add(code)
    return questions, {"pages": pages, "codes": codes}


def _answers_by_response(db: Session, survey: Survey) -> dict[int, list[Answer]]:
    by_response: dict[int, list[Answer]] = defaultdict(list)
    for answer in db.exec(select(Answer).where(Answer.survey_id == survey.id)):
        by_response[answer.response_id].append(answer)
    return by_response


def test_it_seeds_complete_responses_in_every_town_that_follow_the_conditions(
    seeded: Engine,
) -> None:
    with session_scope(seeded) as db:
        again = demo.seed_demo(db, with_accounts=False, with_responses=True)
        assert again["responses"] == 0
        for survey in db.exec(select(Survey)).all():
            assert survey.has_responses
            questions, structure = _structure(db, survey)
            responses = db.exec(select(Response).where(Response.survey_id == survey.id)).all()
            assert 200 <= len(responses) <= 400
            assert all(r.submitted_on and r.next_page == len(structure["pages"]) for r in responses)
            answered_keys: set[str] = set()
            for answers in _answers_by_response(db, survey).values():
                chosen: dict[str, set[str]] = defaultdict(set)
                for answer in answers:
                    chosen[answer.question_key].add(answer.option_code)
                for key in chosen:
                    question = questions[key]
                    page = structure["pages"][question.page_id]
                    for cond_key, cond_codes in (
                        (page.condition_key, page.condition_codes),
                        (question.condition_key, question.condition_codes),
                    ):
                        if cond_key:
                            given = chosen.get(cond_key)
                            holds = (
                                UNANSWERED_CODE in cond_codes
                                if given is None
                                else bool(given & set(cond_codes))
                            )
                            assert holds, (key, chosen)
                answered_keys |= set(chosen)
            # Every question is answered by someone, and some leave optional ones out.
            assert answered_keys == set(questions)
            per_question = db.exec(
                select(Answer.question_key, func.count(func.distinct(Answer.response_id)))
                .where(Answer.survey_id == survey.id)
                .group_by(Answer.question_key)
            ).all()
            assert min(count for _, count in per_question) < len(responses)


def test_it_seeds_answers_that_only_use_the_surveys_codes(seeded: Engine) -> None:
    with session_scope(seeded) as db:
        for survey in db.exec(select(Survey)).all():
            questions, structure = _structure(db, survey)
            for response_id, answers in _answers_by_response(db, survey).items():
                rows: dict[str, list[Answer]] = defaultdict(list)
                for answer in answers:
                    rows[answer.question_key].append(answer)
                for key, given in rows.items():
                    _check_answer(questions[key], structure["codes"][key], given, response_id)


def _check_answer(question: Question, codes: set[str], given: list[Answer], where: int) -> None:
    kind, settings = QuestionKind(question.kind), question.settings
    label = (where, question.key, [(a.option_code, a.row_code, a.number) for a in given])
    if kind in CONDITION_KINDS:
        allowed = codes | ({"other"} if settings.get("other") else set())
        assert {a.option_code for a in given} <= allowed, label
        assert len({a.option_code for a in given}) == len(given), label
        assert all(a.text == "" or a.option_code == "other" for a in given), label
        if kind != QuestionKind.MULTIPLE:
            assert len(given) == 1, label
        elif "max_choices" in settings:
            assert len(given) <= settings["max_choices"], label
    elif kind in (QuestionKind.SCALE, QuestionKind.MATRIX, QuestionKind.NUMBER):
        if kind == QuestionKind.MATRIX:
            assert all(a.row_code in codes for a in given), label
        for answer in given:
            if answer.option_code:
                assert answer.option_code == "dont_know" and settings.get("dont_know"), label
                assert answer.number is None, label
            else:
                assert answer.number is not None, label
                assert settings["min"] <= answer.number <= settings["max"], label
        if kind != QuestionKind.MATRIX:
            assert len(given) == 1 and given[0].row_code == "", label
    else:
        assert len(given) == 1 and not given[0].option_code, label
        assert 0 < len(given[0].text) <= settings["max_length"], label


def test_it_seeds_longer_commutes_around_diessen_than_around_moelln(seeded: Engine) -> None:
    with session_scope(seeded) as db:
        long_share: dict[str, float] = {}
        for slug in ("diessen-am-ammersee", "moelln"):
            rows = db.exec(
                select(Answer.option_code, func.count())
                .join(Survey, col(Survey.id) == col(Answer.survey_id))
                .join(Town, col(Town.id) == col(Survey.town_id))
                .where(Town.slug == slug, Answer.question_key == "commute_distance")
                .group_by(Answer.option_code)
            ).all()
            counts = dict(rows)
            long_share[slug] = sum(counts.get(code, 0) for code in LONG_COMMUTES) / sum(
                counts.values()
            )
    assert long_share["diessen-am-ammersee"] > long_share["moelln"] + 0.1
