"""Town admins build surveys: create, edit, question kinds, order, conditions, the freeze
after the first response, new versions, the lifecycle, htmx partials and plain forms."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from beteiligung.audit import AuditEntry
from beteiligung.surveys.models import Option, Question, Response, Survey, SurveyPage
from beteiligung.towns.models import Town
from tests.conftest import Persona

BASE = "/verwaltung/moelln/umfragen"


# --------------------------------------------------------------------------- helpers


def _create(admin: Persona, title: str) -> int:
    response = admin.post(BASE, {"title": title})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _survey(engine: Engine, survey_id: int) -> Survey:
    with Session(engine) as db:
        survey = db.get(Survey, survey_id)
        assert survey is not None
        return survey


def _pages(engine: Engine, survey_id: int) -> list[SurveyPage]:
    with Session(engine) as db:
        query = select(SurveyPage).where(SurveyPage.survey_id == survey_id)
        return list(db.exec(query.order_by(col(SurveyPage.position))).all())


def _questions(engine: Engine, survey_id: int) -> list[Question]:
    """In the order residents see them: by page, then by position."""
    with Session(engine) as db:
        rows = db.exec(
            select(Question, SurveyPage.position)
            .join(SurveyPage, col(SurveyPage.id) == col(Question.page_id))
            .where(Question.survey_id == survey_id)
            .order_by(col(SurveyPage.position), col(Question.position))
        ).all()
        return [question for question, _position in rows]


def _question(engine: Engine, question_id: int) -> Question:
    with Session(engine) as db:
        question = db.get(Question, question_id)
        assert question is not None
        return question


def _options(engine: Engine, question_id: int) -> list[Option]:
    with Session(engine) as db:
        query = select(Option).where(Option.question_id == question_id)
        return list(db.exec(query.order_by(col(Option.position))).all())


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        return [e.action for e in db.exec(select(AuditEntry).where(AuditEntry.town_id == town.id))]


class Builder:
    """A town admin at the editor of one survey, using the plain forms."""

    def __init__(self, admin: Persona, engine: Engine, survey_id: int) -> None:
        self.admin, self.engine, self.id = admin, engine, survey_id
        self.url = f"{BASE}/{survey_id}"

    def first_page(self) -> int:
        return _pages(self.engine, self.id)[0].id or 0

    def add_page(self, title: str = "") -> int:
        response = self.admin.post(f"{self.url}/seiten", {"title": title})
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("#seite-", 1)[1])

    def add_question(self, kind: str, text: str, key: str = "", page: int | None = None) -> int:
        page_id = page or self.first_page()
        data = {"kind": kind, "text": text, "key": key}
        response = self.admin.post(f"{self.url}/seiten/{page_id}/fragen", data)
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("#frage-", 1)[1])

    def add_option(self, question_id: int, label: str, code: str = "") -> Any:
        data = {"label": label, "code": code}
        return self.admin.post(f"{self.url}/fragen/{question_id}/optionen", data)

    def choice(self, text: str, codes: list[str], page: int | None = None) -> int:
        question_id = self.add_question("single", text, page=page)
        for code in codes:
            assert self.add_option(question_id, code.capitalize(), code).status_code == 303
        return question_id

    def form(self, question_id: int, **changes: Any) -> dict[str, Any]:
        """The question's full form as the editor shows it, with some fields changed."""
        q = _question(self.engine, question_id)
        data: dict[str, Any] = {
            "kind": q.kind,
            "text": q.text,
            "key": q.key,
            "help": q.help,
            "text_en": q.text_en,
            "help_en": q.help_en,
            "condition": [f"{q.condition_key}:{c}" for c in q.condition_codes],
        }
        if q.required:
            data["required"] = "on"
        for name, value in (q.settings or {}).items():
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            else:
                data[name] = str(value)
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def update(self, question_id: int, **changes: Any) -> Any:
        return self.admin.post(
            f"{self.url}/fragen/{question_id}", self.form(question_id, **changes)
        )

    def question_action(self, question_id: int, action: str) -> Any:
        return self.admin.post(f"{self.url}/fragen/{question_id}/aktion", {"action": action})

    def page_action(self, page_id: int, action: str) -> Any:
        return self.admin.post(f"{self.url}/seiten/{page_id}/aktion", {"action": action})

    def status(self, to: str) -> Any:
        return self.admin.post(f"{self.url}/status", {"to": to})

    def respond(self) -> None:
        """A resident's response arrives: from now on the structure is frozen."""
        with Session(self.engine) as db:
            today = date.today()
            db.add(
                Response(
                    survey_id=self.id,
                    token_hash="a" * 64,
                    start_nonce="b" * 64,
                    started_on=today,
                    updated_on=today,
                    submitted_on=today,
                )
            )
            survey = db.get(Survey, self.id)
            assert survey is not None
            survey.has_responses = True
            db.add(survey)
            db.commit()


@pytest.fixture
def builder(moelln_admin: Persona, engine: Engine) -> Builder:
    return Builder(moelln_admin, engine, _create(moelln_admin, "Pendeln in Mölln 2026"))


# --------------------------------------------------------------------------- creating


def test_it_creates_an_empty_survey_with_a_first_page(
    moelln_admin: Persona, engine: Engine
) -> None:
    survey_id = _create(moelln_admin, "Pendeln in Mölln 2026")
    survey = _survey(engine, survey_id)
    assert (survey.slug, survey.status, survey.title) == (
        "pendeln-in-moelln-2026",
        "draft",
        "Pendeln in Mölln 2026",
    )
    assert len(_pages(engine, survey_id)) == 1
    editor = moelln_admin.get(f"{BASE}/{survey_id}")
    assert editor.status_code == 200
    assert "Pendeln in Mölln 2026" in editor.text
    assert "Umfrage öffnen" in editor.text
    assert "Pendeln in Mölln 2026" in moelln_admin.get(BASE).text
    assert "survey_created" in _actions(engine)


def test_it_gives_a_second_survey_with_the_same_title_its_own_address(
    moelln_admin: Persona, engine: Engine
) -> None:
    first = _create(moelln_admin, "Innenstadt")
    second = _create(moelln_admin, "Innenstadt")
    assert _survey(engine, first).slug == "innenstadt"
    assert _survey(engine, second).slug == "innenstadt-2"


def test_it_explains_a_missing_title_on_the_list_page(moelln_admin: Persona) -> None:
    response = moelln_admin.post(BASE, {"title": "  "})
    assert response.status_code == 422
    assert 'href="#f-title"' in response.text
    assert "Bitte geben Sie einen Titel" in response.text


def test_it_creates_a_survey_from_a_shipped_template(moelln_admin: Persona, engine: Engine) -> None:
    if importlib.util.find_spec("beteiligung.surveys.templates") is None:
        pytest.skip("the survey templates are not there yet")
    from beteiligung.surveys.templates import TEMPLATES

    key, template = next(iter(TEMPLATES.items()))
    assert key in moelln_admin.get(BASE).text  # offered in the select
    response = moelln_admin.post(BASE, {"template": key, "title": ""})
    assert response.status_code == 303, response.text
    survey_id = int(response.headers["location"].rsplit("/", 1)[1])
    survey = _survey(engine, survey_id)
    assert (survey.template_key, survey.template_version) == (key, template.version)
    keys = [q.key for q in _questions(engine, survey_id)]
    assert keys == [q.key for q in template.questions]
    assert moelln_admin.get(f"{BASE}/{survey_id}").status_code == 200
    assert "survey_created" in _actions(engine)


def test_it_refuses_an_unknown_template(moelln_admin: Persona) -> None:
    response = moelln_admin.post(BASE, {"template": "gibt-es-nicht", "title": "X"})
    assert response.status_code == 422
    assert "Vorlage" in response.text


# --------------------------------------------------------------------------- settings


def test_it_saves_texts_address_and_dates(builder: Builder, engine: Engine) -> None:
    data = {
        "title": "Arbeiten in Mölln",
        "title_en": "Working in Mölln",
        "intro": "Wie kommen Sie zur Arbeit?",
        "intro_en": "How do you get to work?",
        "slug": "arbeiten-2026",
        "access_mode": "codes",
        "opens_on": "2026-05-01",
        "closes_on": "31.05.2026",
    }
    response = builder.admin.post(f"{builder.url}/einstellungen", data)
    assert response.status_code == 303, response.text
    survey = _survey(engine, builder.id)
    assert (survey.title, survey.title_en, survey.slug, survey.access_mode) == (
        "Arbeiten in Mölln",
        "Working in Mölln",
        "arbeiten-2026",
        "codes",
    )
    assert (survey.opens_on, survey.closes_on) == (date(2026, 5, 1), date(2026, 5, 31))
    assert "survey_edited" in _actions(engine)


def test_it_explains_wrong_settings_and_keeps_the_input(builder: Builder, engine: Engine) -> None:
    data = {
        "title": "Neuer Titel",
        "slug": "Böse Adresse",
        "access_mode": "open",
        "opens_on": "2026-06-01",
        "closes_on": "2026-05-01",
    }
    response = builder.admin.post(f"{builder.url}/einstellungen", data)
    assert response.status_code == 422
    assert "<html" in response.text
    assert 'href="#f-survey-slug"' in response.text
    assert 'href="#f-survey-closes_on"' in response.text
    assert "Enddatum" in response.text
    assert 'value="Neuer Titel"' in response.text
    assert _survey(engine, builder.id).title == "Pendeln in Mölln 2026"


# --------------------------------------------------------------------------- questions


KIND_SETTINGS = {
    "single": ({}, {}),
    "place": ({}, {}),
    "multiple": (
        {"max_choices": "2", "other": "on"},
        {"max_choices": 2, "other": True},
    ),
    "scale": (
        {"min": "0", "max": "10", "min_label": "gar nicht", "max_label": "sehr", "dont_know": "on"},
        {"min": 0, "max": 10, "min_label": "gar nicht", "max_label": "sehr", "dont_know": True},
    ),
    "matrix": (
        {"min": "1", "max": "5", "min_label": "schlecht", "max_label": "gut"},
        {"min": 1, "max": 5, "min_label": "schlecht", "max_label": "gut", "dont_know": False},
    ),
    "number": (
        {"min": "0", "max": "250,5", "unit": "km", "integer": None},
        {"min": 0, "max": 250.5, "unit": "km", "integer": False},
    ),
    "short_text": ({"max_length": "80"}, {"max_length": 80}),
    "long_text": ({"max_length": "5000"}, {"max_length": 5000}),
}


def test_it_adds_and_configures_a_question_of_every_kind(builder: Builder) -> None:
    for kind, (posted, stored) in KIND_SETTINGS.items():
        question_id = builder.add_question(kind, f"Frage vom Typ {kind}")
        assert _question(builder.engine, question_id).kind == kind
        response = builder.update(question_id, **posted)
        assert response.status_code == 303, (kind, response.text)
        assert _question(builder.engine, question_id).settings == stored, kind
    kinds = [q.kind for q in _questions(builder.engine, builder.id)]
    assert kinds == list(KIND_SETTINGS)
    assert _actions(builder.engine).count("question_added") == len(KIND_SETTINGS)
    assert "question_edited" in _actions(builder.engine)


@pytest.mark.parametrize(
    ("kind", "posted", "field"),
    [
        ("short_text", {"max_length": "300"}, "max_length"),
        ("long_text", {"max_length": "0"}, "max_length"),
        ("scale", {"min": "2", "max": "5"}, "min"),
        ("scale", {"min": "1", "max": "7"}, "max"),
        ("number", {"min": "10", "max": "5"}, "max"),
        ("multiple", {"max_choices": "null"}, "max_choices"),
    ],
)
def test_it_refuses_settings_out_of_range(
    builder: Builder, kind: str, posted: dict[str, str], field: str
) -> None:
    question_id = builder.add_question(kind, "Eine Frage")
    before = _question(builder.engine, question_id).settings
    response = builder.update(question_id, **posted)
    assert response.status_code == 422
    assert f'href="#f-q{question_id}-{field}"' in response.text
    assert _question(builder.engine, question_id).settings == before


def test_it_makes_keys_and_codes_from_the_texts_and_keeps_them_unique(builder: Builder) -> None:
    first = builder.add_question("single", "Wie kommen Sie zur Arbeit?")
    second = builder.add_question("single", "Wie kommen Sie zur Arbeit?")
    assert _question(builder.engine, first).key == "wie_kommen_sie_zur_arbeit"
    assert _question(builder.engine, second).key == "wie_kommen_sie_zur_arbeit_2"
    assert builder.add_option(first, "Mit dem Rad").status_code == 303
    assert builder.add_option(first, "Mit dem Rad").status_code == 303
    assert [o.code for o in _options(builder.engine, first)] == ["mit_dem_rad", "mit_dem_rad_2"]
    taken = builder.add_option(first, "Zu Fuß", "mit_dem_rad")
    assert taken.status_code == 422
    assert "schon eine andere Antwort" in taken.text
    reserved = builder.add_option(first, "Sonstiges", "other")
    assert reserved.status_code == 422
    bad_key = builder.update(second, key="Böser Schlüssel")
    assert bad_key.status_code == 422
    assert "Kleinbuchstaben" in bad_key.text
    same_key = builder.update(second, key="wie_kommen_sie_zur_arbeit")
    assert same_key.status_code == 422
    assert "schon eine andere Frage" in same_key.text


def test_it_changes_a_question_and_its_options(builder: Builder, engine: Engine) -> None:
    question_id = builder.choice("Womit fahren Sie?", ["car", "bike"])
    revision = _survey(engine, builder.id).revision
    response = builder.update(question_id, text="Womit fahren Sie meistens?", required="on")
    assert response.status_code == 303
    question = _question(engine, question_id)
    assert (question.text, question.required) == ("Womit fahren Sie meistens?", True)
    option = _options(engine, question_id)[0]
    changed = builder.admin.post(
        f"{builder.url}/optionen/{option.id}",
        {"label": "Mit dem Auto", "label_en": "By car", "code": "auto"},
    )
    assert changed.status_code == 303
    option = _options(engine, question_id)[0]
    assert (option.label, option.label_en, option.code) == ("Mit dem Auto", "By car", "auto")
    assert _survey(engine, builder.id).revision >= revision + 2
    assert "option_edited" in _actions(engine)


def test_it_turns_a_choice_question_into_a_number_without_options(builder: Builder) -> None:
    question_id = builder.choice("Wie weit?", ["near", "far"])
    response = builder.update(question_id, kind="number")
    assert response.status_code == 303
    question = _question(builder.engine, question_id)
    assert question.kind == "number"
    assert question.settings == {"unit": "", "integer": False}
    assert _options(builder.engine, question_id) == []


# --------------------------------------------------------------------------- order


def test_it_reorders_pages_questions_and_options(builder: Builder, engine: Engine) -> None:
    first_page = builder.first_page()
    a = builder.add_question("short_text", "Frage A")
    b = builder.add_question("short_text", "Frage B")
    second_page = builder.add_page("Zweite Seite")
    c = builder.add_question("short_text", "Frage C", page=second_page)
    assert builder.question_action(b, "up").status_code == 303
    assert [q.id for q in _questions(engine, builder.id)] == [b, a, c]
    # at the bottom of a page a question moves on to the next page, and back
    assert builder.question_action(a, "down").status_code == 303
    assert _question(engine, a).page_id == second_page
    assert [q.id for q in _questions(engine, builder.id)] == [b, a, c]
    assert builder.question_action(a, "up").status_code == 303
    assert _question(engine, a).page_id == first_page
    edge = builder.question_action(b, "up")
    assert edge.status_code == 422
    assert builder.page_action(second_page, "up").status_code == 303
    assert [p.id for p in _pages(engine, builder.id)] == [second_page, first_page]
    choice = builder.choice("Womit?", ["car", "bike", "bus"])
    bus = _options(engine, choice)[2]
    moved = builder.admin.post(f"{builder.url}/optionen/{bus.id}/aktion", {"action": "up"})
    assert moved.status_code == 303
    assert [o.code for o in _options(engine, choice)] == ["car", "bus", "bike"]
    actions = _actions(engine)
    assert {"question_moved", "page_moved", "option_moved"} <= set(actions)


def test_it_deletes_questions_options_and_pages(builder: Builder, engine: Engine) -> None:
    choice = builder.choice("Womit?", ["car", "bike"])
    bike = _options(engine, choice)[1]
    response = builder.admin.post(f"{builder.url}/optionen/{bike.id}/aktion", {"action": "delete"})
    assert response.status_code == 303
    assert [o.code for o in _options(engine, choice)] == ["car"]
    page = builder.add_page()
    builder.add_question("long_text", "Was noch?", page=page)
    assert builder.question_action(choice, "delete").status_code == 303
    assert builder.page_action(page, "delete").status_code == 303
    assert _questions(engine, builder.id) == []
    only = builder.page_action(builder.first_page(), "delete")
    assert only.status_code == 422
    assert "einzige Seite" in only.text
    assert {"option_deleted", "question_deleted", "page_deleted"} <= set(_actions(engine))


def test_it_asks_what_to_do_when_no_action_is_given(builder: Builder) -> None:
    question_id = builder.add_question("short_text", "Frage")
    response = builder.admin.post(f"{builder.url}/fragen/{question_id}/aktion", {})
    assert response.status_code == 422
    assert _question(builder.engine, question_id).text == "Frage"


# --------------------------------------------------------------------------- conditions


def test_it_accepts_a_condition_on_an_earlier_choice(builder: Builder, engine: Engine) -> None:
    mode = builder.choice("Womit?", ["car", "bike"])
    distance = builder.add_question("number", "Wie weit?")
    response = builder.update(distance, condition=["womit:car"])
    assert response.status_code == 303, response.text
    question = _question(engine, distance)
    assert (question.condition_key, question.condition_codes) == ("womit", ["car"])
    page = builder.add_page()
    assert (
        builder.admin.post(
            f"{builder.url}/seiten/{page}", {"title": "Radfahrende", "condition": "womit:bike"}
        ).status_code
        == 303
    )
    assert _pages(engine, builder.id)[1].condition_key == "womit"
    # the key follows a renamed question
    assert builder.update(mode, key="verkehrsmittel").status_code == 303
    assert _question(engine, distance).condition_key == "verkehrsmittel"
    assert _pages(engine, builder.id)[1].condition_key == "verkehrsmittel"
    editor = builder.admin.get(builder.url)
    assert "nur anzeigen, wenn bei Frage 1" in editor.text


def test_it_refuses_a_condition_on_a_later_question_or_on_itself(builder: Builder) -> None:
    first = builder.choice("Womit?", ["car", "bike"])
    second = builder.choice("Wie oft?", ["daily", "weekly"])
    forward = builder.update(first, condition=["wie_oft:daily"])
    assert forward.status_code == 422
    assert "nur auf eine frühere Frage" in forward.text
    assert f'href="#f-q{first}-condition"' in forward.text
    itself = builder.update(second, condition=["wie_oft:daily"])
    assert itself.status_code == 422
    assert "nicht auf eine spätere oder auf sich selbst" in itself.text
    unknown = builder.update(second, condition=["womit:plane"])
    assert unknown.status_code == 422
    two = builder.update(second, condition=["womit:car", "wie_oft:daily"])
    assert two.status_code == 422
    assert "nur auf eine Frage" in two.text
    assert _question(builder.engine, first).condition_key == ""
    assert _question(builder.engine, second).condition_key == ""


def test_it_refuses_a_loop_of_conditions(builder: Builder) -> None:
    first = builder.choice("Womit?", ["car", "bike"])
    second = builder.choice("Wie oft?", ["daily", "weekly"])
    assert builder.update(second, condition=["womit:car"]).status_code == 303
    loop = builder.update(first, condition=["wie_oft:daily"])
    assert loop.status_code == 422
    page_on_own_question = builder.admin.post(
        f"{builder.url}/seiten/{builder.first_page()}", {"condition": "womit:car"}
    )
    assert page_on_own_question.status_code == 422
    assert _question(builder.engine, first).condition_key == ""


def test_it_refuses_changes_that_would_break_a_condition(builder: Builder, engine: Engine) -> None:
    mode = builder.choice("Womit?", ["car", "bike"])
    distance = builder.add_question("number", "Wie weit?")
    assert builder.update(distance, condition=["womit:car"]).status_code == 303
    moved = builder.question_action(distance, "up")
    assert moved.status_code == 422
    assert "wäre danach ungültig" in moved.text
    deleted = builder.question_action(mode, "delete")
    assert deleted.status_code == 422
    assert "beziehen sich Bedingungen" in deleted.text
    car = _options(engine, mode)[0]
    option = builder.admin.post(f"{builder.url}/optionen/{car.id}/aktion", {"action": "delete"})
    assert option.status_code == 422
    kind = builder.update(mode, kind="short_text")
    assert kind.status_code == 422
    second_page = builder.add_page()
    assert (
        builder.admin.post(
            f"{builder.url}/seiten/{second_page}", {"condition": "womit:bike"}
        ).status_code
        == 303
    )
    page_up = builder.page_action(second_page, "up")
    assert page_up.status_code == 422
    assert [q.id for q in _questions(engine, builder.id)] == [mode, distance]
    assert len(_options(engine, mode)) == 2


# --------------------------------------------------------------------------- freeze


def test_it_freezes_the_structure_after_the_first_response(
    builder: Builder, engine: Engine
) -> None:
    mode = builder.choice("Womit?", ["car", "bike"])
    page = builder.first_page()
    builder.respond()
    refusals = [
        builder.admin.post(f"{builder.url}/seiten/{page}/fragen", {"kind": "single", "text": "X"}),
        builder.admin.post(f"{builder.url}/seiten", {"title": "Neu"}),
        builder.add_option(mode, "Bus"),
        builder.update(mode, kind="multiple"),
        builder.update(mode, key="anders"),
        builder.update(mode, required="on"),
        builder.question_action(mode, "delete"),
        builder.admin.post(
            f"{builder.url}/optionen/{_options(engine, mode)[0].id}",
            {"label": "Auto", "code": "auto"},
        ),
    ]
    for response in refusals:
        assert response.status_code == 422
        assert "Diese Umfrage hat schon Antworten." in response.text
        assert "Legen Sie eine neue Version an." in response.text
    assert [o.code for o in _options(engine, mode)] == ["car", "bike"]
    assert _question(engine, mode).kind == "single"


def test_it_still_allows_wording_fixes_after_the_first_response(
    builder: Builder, engine: Engine
) -> None:
    mode = builder.choice("Womit?", ["car", "bike"])
    scale = builder.add_question("scale", "Wie zufrieden?")
    builder.respond()
    revision = _survey(engine, builder.id).revision
    wording = builder.admin.post(
        f"{builder.url}/fragen/{mode}",
        {
            "scope": "wording",
            "text": "Womit fahren Sie?",
            "help": "Eine Antwort",
            "text_en": "How?",
        },
    )
    assert wording.status_code == 303, wording.text
    assert (
        builder.update(scale, text="Wie zufrieden sind Sie?", max_label="sehr").status_code == 303
    )
    assert _question(engine, scale).settings["max_label"] == "sehr"
    car = _options(engine, mode)[0]
    label = builder.admin.post(
        f"{builder.url}/optionen/{car.id}", {"label": "Auto (auch Mitfahrt)"}
    )
    assert label.status_code == 303
    settings = {"title": "Pendeln 2026", "slug": _survey(engine, builder.id).slug}
    settings |= {"access_mode": "open", "intro": "Neu", "opens_on": "", "closes_on": ""}
    assert builder.admin.post(f"{builder.url}/einstellungen", settings).status_code == 303
    question = _question(engine, mode)
    assert (question.text, question.help, question.text_en) == (
        "Womit fahren Sie?",
        "Eine Antwort",
        "How?",
    )
    assert _options(engine, mode)[0].label == "Auto (auch Mitfahrt)"
    assert _survey(engine, builder.id).revision > revision  # residents see the new wording
    editor = builder.admin.get(builder.url)
    assert "Diese Umfrage hat schon Antworten." in editor.text
    assert "Frage hinzufügen" not in editor.text
    assert 'name="scope" value="wording"' in editor.text


# --------------------------------------------------------------------------- versions


def test_it_copies_a_survey_as_a_new_version_with_the_same_keys(
    builder: Builder, engine: Engine
) -> None:
    mode = builder.choice("Womit?", ["car", "bike"])
    distance = builder.add_question("number", "Wie weit?")
    assert builder.update(distance, condition=["womit:car"], unit="km").status_code == 303
    builder.respond()
    response = builder.admin.post(f"{builder.url}/neue-version")
    assert response.status_code == 303
    copy_id = int(response.headers["location"].rsplit("/", 1)[1])
    copy = _survey(engine, copy_id)
    assert (copy.slug, copy.status, copy.copied_from_id) == (
        "pendeln-in-moelln-2026-v2",
        "draft",
        builder.id,
    )
    assert not copy.has_responses
    original = [
        (q.key, q.kind, q.settings, q.condition_codes) for q in _questions(engine, builder.id)
    ]
    copied = [(q.key, q.kind, q.settings, q.condition_codes) for q in _questions(engine, copy_id)]
    assert copied == original
    copied_mode = _questions(engine, copy_id)[0]
    assert [o.code for o in _options(engine, copied_mode.id or 0)] == ["car", "bike"]
    assert [o.code for o in _options(engine, mode)] == ["car", "bike"]
    # the new version can change its structure again
    assert (
        Builder(builder.admin, engine, copy_id).add_option(copied_mode.id or 0, "Bus").status_code
        == 303
    )
    again = builder.admin.post(f"{builder.url}/neue-version")
    assert _survey(engine, int(again.headers["location"].rsplit("/", 1)[1])).slug.endswith("-v3")
    assert "survey_copied" in _actions(engine)


# --------------------------------------------------------------------------- lifecycle


def test_it_moves_a_survey_through_its_lifecycle(builder: Builder, engine: Engine) -> None:
    empty = builder.status("open")
    assert empty.status_code == 422
    assert "noch keine Frage" in empty.text
    mode = builder.add_question("single", "Womit?")
    assert builder.add_option(mode, "Auto").status_code == 303
    one_option = builder.status("open")
    assert one_option.status_code == 422
    assert "mindestens zwei Antwortmöglichkeiten" in one_option.text
    assert builder.add_option(mode, "Rad").status_code == 303
    assert builder.status("open").status_code == 303
    assert _survey(engine, builder.id).status == "open"
    assert builder.status("draft").status_code == 303  # nobody has answered yet
    assert builder.status("open").status_code == 303
    assert builder.status("closed").status_code == 303
    assert builder.status("draft").status_code == 422  # closed -> draft is no step
    assert builder.status("open").status_code == 303  # reopened
    builder.respond()
    back = builder.status("draft")
    assert back.status_code == 422
    assert "kann nicht mehr zum Entwurf werden" in back.text
    assert _survey(engine, builder.id).status == "open"
    assert builder.status("closed").status_code == 303
    actions = _actions(engine)
    for action in ("survey_opened", "survey_drafted", "survey_closed", "survey_reopened"):
        assert action in actions


def test_it_refuses_to_open_a_survey_whose_end_date_has_passed(builder: Builder) -> None:
    builder.choice("Womit?", ["car", "bike"])
    past = (date.today() - timedelta(days=3)).isoformat()
    settings = {"title": "Alt", "slug": "alt", "access_mode": "open", "closes_on": past}
    assert builder.admin.post(f"{builder.url}/einstellungen", settings).status_code == 303
    response = builder.status("open")
    assert response.status_code == 422
    assert "Enddatum liegt in der Vergangenheit" in response.text


def test_it_deletes_a_draft_only_when_confirmed(builder: Builder, engine: Engine) -> None:
    unconfirmed = builder.admin.post(f"{builder.url}/loeschen", {})
    assert unconfirmed.status_code == 422
    assert 'href="#f-delete-confirm"' in unconfirmed.text
    confirmed = builder.admin.post(f"{builder.url}/loeschen", {"confirm": "on"})
    assert confirmed.status_code == 303
    with Session(engine) as db:
        assert db.get(Survey, builder.id) is None
    assert "survey_deleted" in _actions(engine)


# --------------------------------------------------------------------------- htmx and plain forms


def test_it_answers_htmx_with_the_question_block_only(builder: Builder) -> None:
    question_id = builder.add_question("short_text", "Ihr Beruf?")
    data = builder.form(question_id, text="Was ist Ihr Beruf?")
    response = builder.admin.htmx_post(f"{builder.url}/fragen/{question_id}", data)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="frage-{question_id}"' in response.text
    assert "Was ist Ihr Beruf?" in response.text
    assert 'role="status"' in response.text
    assert "HX-Request" in response.headers.get("vary", "")
    refused = builder.admin.htmx_post(
        f"{builder.url}/fragen/{question_id}", builder.form(question_id, text="")
    )
    assert refused.status_code == 422
    assert "<html" not in refused.text
    assert "error-summary" in refused.text
    assert f'href="#f-q{question_id}-text"' in refused.text
    assert _question(builder.engine, question_id).text == "Was ist Ihr Beruf?"


def test_it_answers_htmx_with_the_structure_when_the_order_changes(builder: Builder) -> None:
    page = builder.first_page()
    response = builder.admin.htmx_post(
        f"{builder.url}/seiten/{page}/fragen", {"kind": "single", "text": "Wie zufrieden?"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="aufbau"' in response.text
    assert "Wie zufrieden?" in response.text
    question_id = _questions(builder.engine, builder.id)[0].id
    option = builder.admin.htmx_post(f"{builder.url}/fragen/{question_id}/optionen", {"label": ""})
    assert option.status_code == 422
    assert f'id="frage-{question_id}"' in option.text
    assert "Bitte geben Sie die Antwort ein." in option.text


def test_it_answers_plain_forms_with_a_redirect_or_the_whole_editor(builder: Builder) -> None:
    question_id = builder.add_question("short_text", "Ihr Beruf?")
    saved = builder.update(question_id, text="Ihr Beruf")
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{builder.url}#frage-{question_id}"
    page = builder.admin.get(saved.headers["location"])
    assert "Die Frage wurde gespeichert." in page.text
    refused = builder.update(question_id, text="")
    assert refused.status_code == 422
    assert "<html" in refused.text
    assert f'href="#f-q{question_id}-text"' in refused.text
    assert f'id="f-q{question_id}-text"' in refused.text


def test_it_previews_the_survey_read_only(builder: Builder, resident: Persona) -> None:
    mode = builder.choice("Womit fahren Sie?", ["car", "bike"])
    distance = builder.add_question("number", "Wie weit ist es?")
    assert (
        builder.update(distance, condition=["womit_fahren_sie:car"], unit="km").status_code == 303
    )
    preview = builder.admin.get(f"{builder.url}/vorschau")
    assert preview.status_code == 200
    assert "Womit fahren Sie?" in preview.text
    assert "disabled" in preview.text
    assert "Nur sichtbar, wenn" in preview.text
    assert "<form" not in preview.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert mode
    assert (
        resident.get(f"/moelln/umfragen/{_survey(builder.engine, builder.id).slug}").status_code
        == 404
    )


# --------------------------------------------------------------------------- who may


def test_it_hides_a_towns_builder_from_another_towns_admin(
    builder: Builder, wittenberge_admin: Persona
) -> None:
    question_id = builder.add_question("short_text", "Frage")
    assert wittenberge_admin.get(BASE).status_code == 404
    assert wittenberge_admin.get(builder.url).status_code == 404
    assert (
        wittenberge_admin.post(f"{builder.url}/fragen/{question_id}", {"text": "X"}).status_code
        == 404
    )
    # Mölln's survey reached through Wittenberge's address is not found either
    crosswise = f"/verwaltung/wittenberge/umfragen/{builder.id}"
    assert wittenberge_admin.get(crosswise).status_code == 404
    assert wittenberge_admin.post(f"{crosswise}/neue-version").status_code == 404
    assert _question(builder.engine, question_id).text == "Frage"


def test_it_refuses_the_builder_to_a_moderator(builder: Builder, moelln_moderator: Persona) -> None:
    assert moelln_moderator.get(BASE).status_code == 403
    assert moelln_moderator.get(builder.url).status_code == 403
    assert moelln_moderator.post(f"{builder.url}/seiten", {"title": "X"}).status_code == 403
    assert len(_pages(builder.engine, builder.id)) == 1


def test_it_lets_the_federation_admin_build_in_any_town(
    federation_admin: Persona, engine: Engine
) -> None:
    response = federation_admin.post("/verwaltung/wittenberge/umfragen", {"title": "Verbund-Test"})
    assert response.status_code == 303
    assert federation_admin.get(response.headers["location"]).status_code == 200


def test_it_lists_builder_actions_in_the_audit_log(builder: Builder) -> None:
    builder.add_question("short_text", "Frage")
    log = builder.admin.get("/verwaltung/moelln/protokoll")
    assert "Umfrage angelegt" in log.text
    assert "Frage angelegt" in log.text


def test_it_finds_no_question_through_another_surveys_address(
    builder: Builder, moelln_admin: Persona
) -> None:
    question_id = builder.add_question("short_text", "Frage")
    other = _create(moelln_admin, "Andere Umfrage")
    wrong = f"{BASE}/{other}/fragen/{question_id}"
    assert moelln_admin.post(wrong, builder.form(question_id, text="Gekapert")).status_code == 404
    assert moelln_admin.post(f"{wrong}/aktion", {"action": "delete"}).status_code == 404
    assert _question(builder.engine, question_id).text == "Frage"


BAD_VALUES = ["a\x00b", "x" * 20_000, "<script>alert(1)</script>", "1e400", "", "🙂"]


def test_it_answers_bad_input_in_every_builder_form_calmly(builder: Builder) -> None:
    """Never a 5xx; a refused form explains itself; nothing typed comes back unescaped."""
    choice = builder.choice("Womit?", ["car", "bike"])
    option = _options(builder.engine, choice)[0].id
    page = builder.first_page()
    forms = {
        BASE: ["title", "template"],
        f"{builder.url}/einstellungen": ["title", "slug", "access_mode", "opens_on", "intro"],
        f"{builder.url}/status": ["to"],
        f"{builder.url}/seiten/{page}": ["title", "condition"],
        f"{builder.url}/seiten/{page}/fragen": ["kind", "text", "key"],
        f"{builder.url}/fragen/{choice}": ["kind", "text", "key", "condition", "max_choices"],
        f"{builder.url}/fragen/{choice}/optionen": ["label", "code"],
        f"{builder.url}/optionen/{option}": ["label", "code"],
        f"{builder.url}/optionen/{option}/aktion": ["action"],
    }
    wrong = []
    for url, names in forms.items():
        base = builder.form(choice) if url.endswith(f"/fragen/{choice}") else {}
        for name in names:
            for value in BAD_VALUES:
                for data in ({**base, name: value}, {**base, name: [value, value]}):
                    response = builder.admin.post(url, data)
                    if response.status_code not in (303, 422):
                        wrong.append(f"{url} {name}={value[:20]!r}: {response.status_code}")
                    elif response.status_code == 422 and "error-summary" not in response.text:
                        wrong.append(f"{url} {name}={value[:20]!r}: 422 without summary")
                    if "<script>alert" in response.text:
                        wrong.append(f"{url} {name}: unescaped")
    assert not wrong, "\n".join(wrong[:20])
