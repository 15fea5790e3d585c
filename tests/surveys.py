"""A small survey with every question kind and conditions, built straight into the tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from beteiligung.db import session_scope
from beteiligung.surveys.models import Option, Question, Survey, SurveyPage, SurveyStatus
from beteiligung.towns.models import Town

# (page title, page condition, [(key, kind, text, required, settings, condition, options)])
PAGES: list[tuple[str, tuple[str, list[str]] | None, list[tuple[Any, ...]]]] = [
    (
        "Über Sie",
        None,
        [
            ("status", "single", "Sind Sie berufstätig?", True, {}, None,
             [("working", "Ja"), ("retired", "Nein, im Ruhestand")]),
            ("mode", "single", "Womit fahren Sie zur Arbeit?", False, {}, ("status", ["working"]),
             [("car", "Auto"), ("train", "Zug"), ("bike", "Rad")]),
            ("wishes", "multiple", "Was wünschen Sie sich?", False, {"max_choices": 2, "other": True},
             None, [("cafe", "Café"), ("cowork", "Coworking"), ("shop", "Laden")]),
        ],
    ),
    (
        "Arbeitsweg",
        ("status", ["working"]),
        [
            ("distance", "number", "Wie weit ist Ihr Arbeitsweg?", False,
             {"min": 0, "max": 300, "unit": "km", "integer": True}, None, []),
            ("home", "scale", "Wie gut können Sie zu Hause arbeiten?", False,
             {"min": 1, "max": 5, "min_label": "sehr gut", "max_label": "gar nicht", "dont_know": True},
             None, []),
        ],
    ),
    (
        "Innenstadt",
        None,
        [
            ("centre", "matrix", "Wie bewerten Sie die Innenstadt?", False,
             {"min": 1, "max": 5, "min_label": "sehr gut", "max_label": "schlecht", "dont_know": True}, None,
             [("shops", "Läden"), ("cafes", "Cafés")]),
            ("district", "place", "Wo wohnen Sie?", False, {}, None,
             [("kern", "Kernstadt"), ("ost", "Ortsteil Ost")]),
            ("comment", "long_text", "Was möchten Sie noch sagen?", False, {"max_length": 50}, None, []),
        ],
    ),
]  # fmt: skip


def make_survey(
    engine: Engine,
    town_slug: str = "moelln",
    slug: str = "testumfrage",
    status: SurveyStatus = SurveyStatus.OPEN,
    one_page: bool = False,
    **fields: Any,
) -> int:
    """The survey of PAGES; `one_page`: every question on one page, in the same order."""
    pages = PAGES
    if one_page:
        pages = [(PAGES[0][0], None, [question for _, _, page in PAGES for question in page])]
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == town_slug)).one()
        survey = Survey(
            town_id=town.id or 0, slug=slug, title="Testumfrage", title_en="Test survey",
            intro="Bitte machen Sie mit.", status=status.value, **fields,
        )  # fmt: skip
        db.add(survey)
        db.flush()
        for position, (title, condition, questions) in enumerate(pages):
            page = SurveyPage(
                survey_id=survey.id or 0,
                position=position,
                title=title,
                condition_key=condition[0] if condition else "",
                condition_codes=condition[1] if condition else [],
            )
            db.add(page)
            db.flush()
            for index, (key, kind, text, required, settings, cond, options) in enumerate(questions):
                question = Question(
                    survey_id=survey.id or 0, page_id=page.id or 0, position=index, key=key,
                    kind=kind, text=text, required=required, settings=settings,
                    condition_key=cond[0] if cond else "", condition_codes=cond[1] if cond else [],
                )  # fmt: skip
                db.add(question)
                db.flush()
                for number, (code, label) in enumerate(options):
                    db.add(
                        Option(
                            question_id=question.id or 0, position=number, code=code, label=label
                        )
                    )
        db.flush()
        return survey.id or 0
