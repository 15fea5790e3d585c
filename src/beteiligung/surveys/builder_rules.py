"""Rules every survey-building step shares (no HTTP): refused changes, names, the freeze,
the revision, conditions, and the editor's view of a survey.

Every change to pages, questions or options raises the survey's revision (the residents'
structure cache is keyed by it); conditions may only point backwards, checked with
`structure.condition_problem` on the structure as it would be after a change; once a
survey has responses its structure is frozen and only wording may still change, so that
stored answers keep their meaning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from beteiligung import audit, clock
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.surveys.models import (
    CONDITION_KINDS,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPage,
)
from beteiligung.surveys.structure import Structure, condition_problem
from beteiligung.towns.service import slugify

NAME_RE = re.compile(r"^[a-z0-9_]+$")  # question keys and option codes
# Answers use these codes themselves ("Sonstiges", "weiß nicht"): no option may take them.
RESERVED_CODES = frozenset({"other", "dont_know"})
OPTION_KINDS = frozenset(
    {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.PLACE, QuestionKind.MATRIX}
)


class BuilderError(Exception):
    """A refused change: German messages per form field, or general ones."""

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message or "; ".join((fields or {}).values()))
        self.fields: dict[str, str] = dict(fields or {})
        self.general: list[str] = []
        if message and field:
            self.fields.setdefault(field, message)
        elif message:
            self.general.append(message)


def frozen_message() -> str:
    return _(
        "Diese Umfrage hat schon Antworten. Damit sie ihre Bedeutung behalten, lässt sich "
        "der Aufbau (Seiten, Fragen, Antwortmöglichkeiten, Bedingungen) nicht mehr ändern; "
        "Texte können Sie weiter korrigieren. Für einen anderen Aufbau: Legen Sie eine neue "
        "Version an."
    )


# --------------------------------------------------------------------------- small helpers


def clean_text(
    raw: Mapping[str, Any], name: str, limit: int, errors: dict[str, str], *, required: str = ""
) -> str:
    """A posted text, trimmed; its problem goes into `errors` under the field's name."""
    value = raw.get(name, "")
    text = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        errors[name] = _("Bitte entfernen Sie die Steuerzeichen aus dem Text.")
    elif len(text) > limit:
        errors[name] = _(
            "Bitte kürzen Sie den Text auf höchstens %(n)s Zeichen (jetzt %(len)s).",
            n=limit,
            len=len(text),
        )
    elif required and not text:
        errors[name] = required
    return text


def text_of(raw: Mapping[str, Any], name: str) -> str:
    """A single posted value; a repeated or missing field counts as empty."""
    value = raw.get(name, "")
    return value if isinstance(value, str) else ""


def is_checked(raw: Mapping[str, Any], name: str) -> bool:
    value = raw.get(name)
    if isinstance(value, list):
        value = value[-1] if value else ""
    return isinstance(value, str) and value.lower() in {"on", "1", "true", "ja", "yes"}


def as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    return []


def machine_name(text: str, fallback: str, limit: int = 30) -> str:
    """ "Wie weit ist Ihr Arbeitsweg?" -> "wie_weit_ist_ihr_arbeitsweg": readable in exports."""
    name = slugify(text).replace("-", "_")
    if len(name) > limit:
        cut = name[:limit]
        name = cut.rsplit("_", 1)[0] if "_" in cut else cut
    return name or fallback


def unique_name(base: str, taken: set[str], limit: int = 60) -> str:
    base = base[: limit - 4]
    if base not in taken:
        return base
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def check_name(value: str, field_name: str, errors: dict[str, str]) -> None:
    if not NAME_RE.match(value) or len(value) > 60:
        errors[field_name] = _(
            "Nur Kleinbuchstaben a–z, Ziffern und Unterstriche, höchstens 60 Zeichen, "
            "z. B. arbeitsweg_km."
        )


def today() -> date:
    """The towns' day (BETEILIGUNG_TIME_ZONE), the same as the residents' pages use."""
    return clock.today()


def record_action(
    db: Session, survey: Survey, actor: User | None, action: str, detail: str
) -> None:
    audit.record(
        db,
        action=action,
        user_id=actor.id if actor else None,
        town_id=survey.town_id,
        detail=f"{survey.slug}: {detail}" if detail else survey.slug,
    )


# --------------------------------------------------------------------------- freeze and revision


def is_frozen(db: Session, survey: Survey) -> bool:
    if survey.has_responses:
        return True
    first = db.exec(select(Response.id).where(Response.survey_id == survey.id).limit(1)).first()
    return first is not None


def ensure_unfrozen(db: Session, survey: Survey) -> None:
    if is_frozen(db, survey):
        raise BuilderError(frozen_message())


def bump_revision(db: Session, survey: Survey) -> None:
    """survey.revision += 1, as one UPDATE: two admins editing at once never share a number
    (the structure cache would keep the older structure)."""
    db.execute(
        update(Survey)
        .where(col(Survey.id) == survey.id)
        .values(revision=col(Survey.revision) + 1)
        .execution_options(synchronize_session="fetch")
    )


# --------------------------------------------------------------------------- conditions


def _where(structure: Structure, page_position: int, question_key: str | None) -> str:
    if question_key is None:
        return _("Seite %(n)s", n=page_position + 1)
    question = structure.question(question_key)
    return _("Frage „%(text)s“", text=question.text_de if question else question_key)


def conditions_problem(structure: Structure) -> str | None:
    """The first condition that `structure` would break, explained, or None."""
    for page in structure.pages:
        governed = [(None, page.condition)] + [(q.key, q.condition) for q in page.questions]
        for key, condition in governed:
            if condition is None:
                continue
            codes = sorted(condition.codes)
            problem = condition_problem(structure, page.position, key, condition.key, codes)
            if problem:
                return _(
                    "Das geht nicht: Die Bedingung bei %(where)s wäre danach ungültig. %(problem)s",
                    where=_where(structure, page.position, key),
                    problem=problem,
                )
    return None


def references_to(structure: Structure, key: str, code: str | None = None) -> list[str]:
    """Pages and questions whose condition uses question `key` (and answer `code`)."""
    found = []
    for page in structure.pages:
        governed = [(None, page.condition)] + [(q.key, q.condition) for q in page.questions]
        for governed_key, condition in governed:
            if condition and condition.key == key and (code is None or code in condition.codes):
                found.append(_where(structure, page.position, governed_key))
    return found


def parse_condition(raw: Mapping[str, Any], errors: dict[str, str]) -> tuple[str, list[str]]:
    """The checked boxes "key:code" of a condition field -> (key, codes), one question only."""
    pairs = [value.partition(":") for value in as_list(raw.get("condition"))]
    keys = {key for key, _sep, _code in pairs}
    if len(keys) > 1:
        errors["condition"] = _(
            "Eine Bedingung kann sich nur auf eine Frage beziehen. "
            "Bitte wählen Sie nur Antworten derselben Frage."
        )
        return "", []
    codes = [code for _key, _sep, code in pairs]
    return (keys.pop(), codes) if keys else ("", [])


def set_condition(target: SurveyPage | Question, key: str, codes: list[str]) -> None:
    target.condition_key = key
    target.condition_codes = list(codes) if key else []


def same_condition(target: SurveyPage | Question, key: str, codes: list[str]) -> bool:
    current = sorted(target.condition_codes or []) if target.condition_key else []
    return target.condition_key == key and current == sorted(codes if key else [])


# --------------------------------------------------------------------------- the editor's view


@dataclass
class QuestionOutline:
    question: Question
    options: list[Option]
    number: int  # 1-based, across the survey
    page_index: int
    # Earlier choice questions that a condition on this question may point at.
    candidates: list[QuestionOutline] = field(default_factory=list)

    @property
    def has_options(self) -> bool:
        return self.question.kind in OPTION_KINDS


@dataclass
class PageOutline:
    page: SurveyPage
    index: int
    questions: list[QuestionOutline]
    candidates: list[QuestionOutline]  # choice questions on earlier pages


def survey_rows(
    db: Session, survey: Survey
) -> tuple[list[SurveyPage], list[Question], list[Option]]:
    pages = db.exec(
        select(SurveyPage)
        .where(SurveyPage.survey_id == survey.id)
        .order_by(col(SurveyPage.position), col(SurveyPage.id))
    ).all()
    questions = db.exec(
        select(Question)
        .where(Question.survey_id == survey.id)
        .order_by(col(Question.position), col(Question.id))
    ).all()
    options = db.exec(
        select(Option)
        .join(Question, col(Question.id) == col(Option.question_id))
        .where(Question.survey_id == survey.id)
        .order_by(col(Option.position), col(Option.id))
    ).all()
    return list(pages), list(questions), list(options)


def outline(db: Session, survey: Survey) -> list[PageOutline]:
    """Pages, questions and options as rows (with ids for the forms), in order."""
    pages, questions, options = survey_rows(db, survey)
    options_of: dict[int, list[Option]] = {}
    for option in options:
        options_of.setdefault(option.question_id, []).append(option)
    result: list[PageOutline] = []
    earlier: list[QuestionOutline] = []
    number = 0
    for index, page in enumerate(pages):
        page_outline = PageOutline(page, index, [], list(earlier))
        for question in (q for q in questions if q.page_id == page.id):
            number += 1
            item = QuestionOutline(
                question, options_of.get(question.id or 0, []), number, index, list(earlier)
            )
            page_outline.questions.append(item)
            if question.kind in CONDITION_KINDS:
                earlier.append(item)
        result.append(page_outline)
    return result


def find_question(pages: list[PageOutline], question_id: int) -> QuestionOutline | None:
    return next((q for page in pages for q in page.questions if q.question.id == question_id), None)


def readiness_problems(structure: Structure) -> list[str]:
    """What keeps a survey from being opened."""
    problems = []
    if not structure.questions:
        problems.append(_("Die Umfrage hat noch keine Frage. Fügen Sie mindestens eine hinzu."))
    for page in structure.pages:
        if not page.questions and structure.questions:
            problems.append(
                _(
                    "Seite %(n)s hat keine Fragen. Fügen Sie eine hinzu oder löschen Sie die Seite.",
                    n=page.position + 1,
                )
            )
        for question in page.questions:
            count = len(question.options)
            if question.kind in (QuestionKind.SINGLE, QuestionKind.PLACE) and count < 2:
                problems.append(
                    _(
                        "Die Frage „%(text)s“ braucht mindestens zwei Antwortmöglichkeiten.",
                        text=question.text_de,
                    )
                )
            elif question.kind == QuestionKind.MULTIPLE and count < 1:
                problems.append(
                    _(
                        "Die Frage „%(text)s“ braucht mindestens eine Antwortmöglichkeit.",
                        text=question.text_de,
                    )
                )
            elif question.kind == QuestionKind.MATRIX and count < 1:
                problems.append(
                    _("Die Matrix „%(text)s“ braucht mindestens eine Zeile.", text=question.text_de)
                )
    problem = conditions_problem(structure)
    if problem:
        problems.append(problem)
    return problems
