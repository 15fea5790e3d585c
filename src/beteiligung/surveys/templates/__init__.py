"""Shipped, versioned survey templates and making a town's survey from one.

A survey made from a template keeps the template's key and version: surveys with the same
pair share question keys and option codes, which is what makes results comparable across
towns. Only "place" questions differ, since their options are the town's own districts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from beteiligung import clock
from beteiligung.surveys.models import Option, Question, QuestionKind, Survey, SurveyPage
from beteiligung.surveys.templates.base import (
    TOWN_PLACEHOLDER,
    WORKING_CODES,
    OptionTemplate,
    PageTemplate,
    QuestionTemplate,
    SurveyTemplate,
)
from beteiligung.surveys.templates.coworking import COWORKING
from beteiligung.surveys.templates.innenstadt import INNENSTADT
from beteiligung.surveys.templates.pendler import PENDLERBEFRAGUNG
from beteiligung.towns.models import Town

__all__ = [
    "TEMPLATES",
    "WORKING_CODES",
    "OptionTemplate",
    "PageTemplate",
    "QuestionTemplate",
    "SurveyTemplate",
    "create_from_template",
    "district_code",
    "place_options",
    "template_label",
]

TEMPLATES: dict[str, SurveyTemplate] = {
    template.key: template for template in (PENDLERBEFRAGUNG, COWORKING, INNENSTADT)
}

CODE_LENGTH = 60
SLUG_LENGTH = 80


def district_code(name: str) -> str:
    """ "Dießen (Ortsmitte)" -> "diessen_ortsmitte": the same name always gives the same code."""
    text = name.strip().lower()
    for umlaut, spelled in {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}.items():
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:CODE_LENGTH].strip("_") or "district"


def place_options(town: Town, fallback: tuple[OptionTemplate, ...]) -> list[OptionTemplate]:
    """The town's districts (one per line) and the template's last option ("keine Angabe").

    Without districts the template's own options stay. Two names with the same code (which
    only differ in punctuation) get a number, in the order the town listed them.
    """
    names = [line.strip() for line in town.districts.splitlines() if line.strip()]
    if not names:
        return list(fallback)
    last = fallback[-1]
    taken = {last.code}
    options: list[OptionTemplate] = []
    for name in names:
        code = base = district_code(name)
        number = 2
        while code in taken:
            suffix = f"_{number}"
            code = base[: CODE_LENGTH - len(suffix)] + suffix
            number += 1
        taken.add(code)
        options.append(OptionTemplate(code, name[:300], name[:300]))
    return [*options, last]


def _fill(text: str, town: Town) -> str:
    # Plain replacement, not str.format: texts may contain other braces.
    return text.replace(TOWN_PLACEHOLDER, town.name)


def template_label(key: str, version: int, town: Town) -> str:
    """What staff read for a template reference: "Pendlerbefragung Mölln (Version 2)".

    The name comes with the town filled in, in the page's language; a key no shipped
    template has any more (a survey made long ago) stays as it is.
    """
    from beteiligung.i18n import gettext as _
    from beteiligung.surveys.structure import pick

    template = TEMPLATES.get(key)
    name = pick(_fill(template.title, town), _fill(template.title_en, town)) if template else key
    return _("%(title)s (Version %(version)s)", title=name, version=version)


def _settings(question: QuestionTemplate, town: Town) -> dict[str, Any]:
    return {
        name: _fill(value, town) if isinstance(value, str) else value
        for name, value in question.settings.items()
    }


def unique_slug(db: Session, town: Town, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … whichever is still free in the town."""
    wanted = wanted[:SLUG_LENGTH].strip("-")
    taken = set(
        db.exec(
            select(Survey.slug).where(
                Survey.town_id == town.id, col(Survey.slug).startswith(wanted, autoescape=True)
            )
        )
    )
    slug, number = wanted, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = wanted[: SLUG_LENGTH - len(suffix)] + suffix
        number += 1
    return slug


def create_from_template(
    db: Session, town: Town, key: str, *, slug: str | None = None, title: str | None = None
) -> Survey:
    """A draft survey of the town with the template's pages, questions and options.

    Four INSERT statements whatever the template's size; returns the flushed survey.
    Raises KeyError for an unknown template key.
    """
    template = TEMPLATES[key]
    survey = Survey(
        town_id=town.id,  # type: ignore[arg-type]
        slug=unique_slug(db, town, slug or f"{template.key}-{clock.today().year}"),
        title=(title or _fill(template.title, town))[:200],
        title_en=_fill(template.title_en, town)[:200],
        intro=_fill(template.intro, town),
        intro_en=_fill(template.intro_en, town),
        template_key=template.key,
        template_version=template.version,
    )
    db.add(survey)
    db.flush()
    pages = [
        SurveyPage(
            survey_id=survey.id,  # type: ignore[arg-type]
            position=position,
            title=_fill(page.title, town),
            title_en=_fill(page.title_en, town),
            condition_key=page.condition_key,
            condition_codes=list(page.condition_codes),
        )
        for position, page in enumerate(template.pages)
    ]
    db.add_all(pages)
    db.flush()
    questions: list[tuple[Question, QuestionTemplate]] = []
    for page_row, page in zip(pages, template.pages, strict=True):
        for position, question in enumerate(page.questions):
            row = Question(
                survey_id=survey.id,  # type: ignore[arg-type]
                page_id=page_row.id,  # type: ignore[arg-type]
                position=position,
                key=question.key,
                kind=question.kind.value,
                text=_fill(question.text, town),
                text_en=_fill(question.text_en, town),
                help=_fill(question.help, town),
                help_en=_fill(question.help_en, town),
                required=question.required,
                settings=_settings(question, town),
                condition_key=question.condition_key,
                condition_codes=list(question.condition_codes),
            )
            questions.append((row, question))
    db.add_all([row for row, _ in questions])
    db.flush()
    options: list[dict[str, Any]] = []
    for row, question in questions:
        choices = (
            place_options(town, question.options)
            if question.kind == QuestionKind.PLACE
            else question.options
        )
        options.extend(
            {
                "question_id": row.id,
                "position": position,
                "code": option.code,
                "label": _fill(option.label, town),
                "label_en": _fill(option.label_en, town),
                "exclusive": option.exclusive,
            }
            for position, option in enumerate(choices)
        )
    if options:
        db.connection().execute(insert(Option), options)
    return survey
