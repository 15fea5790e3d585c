"""Answering a survey: when a survey is open, its row for the resident's pages (cached
briefly per worker), and reading and checking a page's form.

An answer is a dict: {"codes": [...], "number": float | None, "text": str,
"rows": {row code: number}}; only the parts a kind uses are set. Form fields are
named `q-<key>` (matrix rows `q-<key>-<row>`, the "other" text `q-<key>-other`).
Storing a response, its answers, a page and the submission is in surveys/responses.py.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Executable, Row, bindparam, event
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from beteiligung.db import read_row
from beteiligung.i18n import gettext as _
from beteiligung.surveys.models import AccessMode, QuestionKind, Survey, SurveyStatus
from beteiligung.surveys.structure import (
    DONT_KNOW_CODE,
    OTHER_CODE,
    PageDef,
    QuestionDef,
    Structure,
)
from beteiligung.towns.models import Town
from beteiligung.web import has_control_chars

AnswerValue = dict[str, Any]
Answers = dict[str, AnswerValue]
FormData = Mapping[str, list[str]]


# --------------------------------------------------------------------------- status


def availability(survey: Survey, today: date) -> str:
    """ "open", "not_yet", "closed" or "draft": the dates take effect by themselves."""
    return availability_of(survey.status, survey.opens_on, survey.closes_on, today)


def availability_of(status: str, opens_on: date | None, closes_on: date | None, today: date) -> str:
    if status == SurveyStatus.DRAFT:
        return "draft"
    if status == SurveyStatus.CLOSED:
        return "closed"
    if opens_on and today < opens_on:
        return "not_yet"
    if closes_on and today > closes_on:
        return "closed"
    return "open"


def needs_code(survey: Survey) -> bool:
    return survey.access_mode == AccessMode.CODES


# A resident's survey page: the town's name and every column of the survey, in one query
# (sent for each view; see start_routes.survey_start).
PUBLIC_HEAD: Executable = (
    sa_select(
        col(Town.slug).label("town_slug"),
        col(Town.name).label("town_name"),
        *Survey.__table__.columns,  # type: ignore[attr-defined]
    )
    .join(Town, col(Town.id) == col(Survey.town_id))
    .where(col(Town.slug) == bindparam("town_slug"), col(Survey.slug) == bindparam("survey_slug"))
    .where(col(Town.published))  # a draft town's surveys are not there for residents
)


# How long a worker shows a survey's row without asking the database again. A change made
# through this process's engine is seen at once (_HeadCache.forget); other workers see it
# after at most this long.
HEAD_SECONDS = 1.0
_HEAD_TABLES = tuple(
    f"{verb} {table}{after}"
    for verb in ("UPDATE", "DELETE FROM", "INSERT INTO")
    for table in ("survey", "town")
    for after in (" ", "\n", "(")
)
_HEAD_WRITTEN = "beteiligung_head_written"


class _HeadCache:
    """Rows of PUBLIC_HEAD per (town, survey slug), with the time they were read."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[float, Row[Any] | None]] = {}
        self.generation = 0  # counts the forgets: a read that overlapped one is not kept

    def forget(self) -> None:
        self.generation += 1
        self.rows.clear()

    def on_statement(self, conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(_HEAD_TABLES):
            conn.info[_HEAD_WRITTEN] = True
            self.forget()

    def on_commit(self, conn: Connection) -> None:
        if conn.info.pop(_HEAD_WRITTEN, False):
            self.forget()


_head_caches: WeakKeyDictionary[Engine, _HeadCache] = WeakKeyDictionary()


def _head_cache(engine: Engine) -> _HeadCache:
    cache = _head_caches.get(engine)
    if cache is None:
        cache = _head_caches[engine] = _HeadCache()
        # Before the write and again at its commit: a view in between may have read the
        # old row, which must not outlive the transaction that changed it.
        event.listen(engine, "before_cursor_execute", cache.on_statement)
        event.listen(engine, "commit", cache.on_commit)
    return cache


def public_head(engine: Engine, town_slug: str, survey_slug: str) -> Row[Any] | None:
    """The row for a survey residents may see (not a draft), or None; from the database
    at most HEAD_SECONDS ago."""
    cache, key, now = _head_cache(engine), (town_slug, survey_slug), time.monotonic()
    hit = cache.rows.get(key)
    if hit is not None and now - hit[0] < HEAD_SECONDS:
        row = hit[1]
    else:
        generation = cache.generation
        row = read_row(engine, PUBLIC_HEAD, {"town_slug": town_slug, "survey_slug": survey_slug})
        if generation == cache.generation:
            if len(cache.rows) >= 10_000:  # unknown addresses are kept too: bounded
                cache.rows.clear()
            cache.rows[key] = (now, row)
    if row is None or row.status == SurveyStatus.DRAFT:
        return None
    return row


def open_surveys(db: Session, town_id: int, today: date) -> list[Survey]:
    """The town's surveys residents can answer today, newest first."""
    candidates = db.exec(
        select(Survey)
        .where(Survey.town_id == town_id, Survey.status == SurveyStatus.OPEN.value)
        .order_by(col(Survey.id).desc())
    ).all()
    return [survey for survey in candidates if availability(survey, today) == "open"]


# --------------------------------------------------------------------------- reading forms


@dataclass
class PageInput:
    answers: Answers = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> German message
    # What the resident entered, as entered, to show again: field name -> values.
    raw: dict[str, list[str]] = field(default_factory=dict)


def field_name(question: QuestionDef, row: str = "") -> str:
    return f"q-{question.key}-{row}" if row else f"q-{question.key}"


def _clean(value: str, limit: int) -> tuple[str, str | None]:
    text = value.replace("\r\n", "\n").strip()
    if has_control_chars(text):
        return text, _("Bitte entfernen Sie Steuerzeichen aus Ihrer Antwort.")
    if len(text) > limit:
        return text, _(
            "Bitte kürzen Sie Ihre Antwort auf höchstens %(limit)s Zeichen (jetzt %(count)s).",
            limit=limit,
            count=len(text),
        )
    return text, None


def _number(raw: str, question: QuestionDef) -> tuple[float | None, str | None]:
    text = raw.strip().replace(" ", "").replace(",", ".")
    if not text:
        return None, None
    try:
        value = float(text)
    except ValueError:
        return None, _("Bitte geben Sie eine Zahl ein, z. B. 12.")
    if not math.isfinite(value):
        return None, _("Bitte geben Sie eine Zahl ein, z. B. 12.")
    if question.setting("integer") and not value.is_integer():
        return None, _("Bitte geben Sie eine ganze Zahl ein.")
    low, high = question.setting("min"), question.setting("max")
    if (low is not None and value < low) or (high is not None and value > high):
        return None, _(
            "Bitte geben Sie eine Zahl zwischen %(min)s und %(max)s ein.",
            min=_fmt(low),
            max=_fmt(high),
        )
    return value, None


def _fmt(value: Any) -> str:
    if value is None:
        return "…"
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number).replace(".", ",")


def _scale_value(raw: str, question: QuestionDef) -> tuple[AnswerValue | None, str | None]:
    if raw == DONT_KNOW_CODE and question.setting("dont_know"):
        return {"codes": [DONT_KNOW_CODE]}, None
    try:
        number = int(raw)
    except ValueError:
        return None, _("Bitte wählen Sie einen der angebotenen Werte.")
    if number not in question.scale:
        return None, _("Bitte wählen Sie einen der angebotenen Werte.")
    return {"number": float(number)}, None


def read_question(question: QuestionDef, form: FormData) -> tuple[AnswerValue | None, str | None]:
    """The answer to one question from the form, or an error. None, None: not answered."""
    name = field_name(question)
    values = [v for v in form.get(name, []) if v != ""]
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.PLACE):
        if not values:
            return None, None
        if len(values) > 1 or values[0] not in question.codes:
            return None, _("Bitte wählen Sie eine der angebotenen Antworten.")
        return {"codes": [values[0]]}, None
    if kind == QuestionKind.MULTIPLE:
        if not values:
            return None, None
        codes = list(dict.fromkeys(values))
        allowed = question.codes | ({OTHER_CODE} if question.setting("other") else set())
        if not set(codes) <= allowed:
            return None, _("Bitte wählen Sie nur unter den angebotenen Antworten.")
        alone = next((o for o in question.exclusive_options if o.code in codes), None)
        if alone is not None and len(codes) > 1:
            # Without JavaScript nothing unticks the others: say which answer stands alone.
            return None, _(
                "„%(label)s“ lässt sich nicht mit anderen Antworten kombinieren. Bitte wählen "
                "Sie entweder „%(label)s“ oder die zutreffenden anderen Antworten.",
                label=alone.label,
            )
        most = question.setting("max_choices")
        if most and len(codes) > int(most):
            return None, _("Bitte wählen Sie höchstens %(n)s Antworten.", n=int(most))
        answer: AnswerValue = {"codes": codes}
        if OTHER_CODE in codes:
            other, problem = _clean(" ".join(form.get(name + "-other", [])), 200)
            if problem:
                return None, problem
            if not other:
                return None, _("Bitte beschreiben Sie „Sonstiges“ kurz oder wählen Sie es ab.")
            answer["text"] = other
        return answer, None
    if kind == QuestionKind.SCALE:
        if not values:
            return None, None
        if len(values) > 1:
            return None, _("Bitte wählen Sie einen der angebotenen Werte.")
        return _scale_value(values[0], question)
    if kind == QuestionKind.MATRIX:
        rows: dict[str, float] = {}
        unsure: list[str] = []
        for option in question.options:
            row_values = [v for v in form.get(field_name(question, option.code), []) if v]
            if not row_values:
                continue
            value, problem = _scale_value(row_values[0], question)
            if problem or value is None or len(row_values) > 1:
                return None, problem or _("Bitte wählen Sie je Zeile einen Wert.")
            if "number" in value:
                rows[option.code] = value["number"]
            else:
                unsure.append(option.code)
        if not rows and not unsure:
            return None, None
        return {"rows": rows, "dont_know_rows": unsure}, None
    if kind == QuestionKind.NUMBER:
        raw = values[0] if values else ""
        if len(values) > 1:
            return None, _("Bitte geben Sie eine Zahl ein, z. B. 12.")
        number, problem = _number(raw, question)
        if problem:
            return None, problem
        return ({"number": number}, None) if number is not None else (None, None)
    # short and long text
    text, problem = _clean(
        " ".join(values) if len(values) > 1 else (values or [""])[0], question.max_length
    )
    if problem:
        return None, problem
    return ({"text": text}, None) if text else (None, None)


def read_page(structure: Structure, page: PageDef, form: FormData, known: Answers) -> PageInput:
    """Check every question the resident sees on this page, given all answers so far."""
    result = PageInput(raw={k: list(v) for k, v in form.items() if k.startswith("q-")})
    current = dict(known)
    for question in page.questions:
        current.pop(question.key, None)
    # Answers on this page can govern later questions on the same page.
    for question in page.questions:
        if question.condition is not None and not question.condition.holds(current):
            continue
        answer, problem = read_question(question, form)
        if problem:
            result.errors[field_name(question)] = problem
            continue
        if answer is None:
            if question.required:
                result.errors[field_name(question)] = _("Bitte beantworten Sie diese Frage.")
            continue
        result.answers[question.key] = answer
        current[question.key] = answer
    return result
