"""Answering a survey: read a page's form, check it, store it, resume, submit.

An answer is a dict: {"codes": [...], "number": float | None, "text": str,
"rows": {row code: number}}; only the parts a kind uses are set. Form fields are
named `q-<key>` (matrix rows `q-<key>-<row>`, the "other" text `q-<key>-other`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from weakref import WeakKeyDictionary

import psycopg
from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    Row,
    bindparam,
    delete,
    event,
    insert,
    text,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from beteiligung.db import read_row, writing
from beteiligung.db_async import LoopWriter
from beteiligung.i18n import gettext as _
from beteiligung.surveys.models import (
    AccessMode,
    Answer,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
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


# A resident's survey page: the town's name and every column of the survey, in one query
# (sent for each view; see routes.survey_start).
PUBLIC_HEAD: Executable = (
    sa_select(
        col(Town.slug).label("town_slug"),
        col(Town.name).label("town_name"),
        *Survey.__table__.columns,  # type: ignore[attr-defined]
    )
    .join(Town, col(Town.id) == col(Survey.town_id))
    .where(col(Town.slug) == bindparam("town_slug"), col(Survey.slug) == bindparam("survey_slug"))
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


# --------------------------------------------------------------------------- responses


def token_for(secret: str, nonce: str) -> str:
    """The resume token follows from the first page's nonce: a repeated first submission
    finds the same response and the same link."""
    return hmac.new(secret.encode(), b"resume:" + nonce.encode(), hashlib.sha256).hexdigest()[:32]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def response_by_token(db: Session, survey: Survey, token: str) -> Response | None:
    return db.exec(
        select(Response).where(
            Response.survey_id == survey.id, Response.token_hash == token_hash(token)
        )
    ).first()


# Built once (a statement costs more to build than to send); values as parameters.
NEW_RESPONSE_PG, NEW_RESPONSE_SQLITE = (
    insert_(Response.__table__)  # type: ignore[attr-defined]
    .on_conflict_do_nothing()
    .returning(Response.__table__.c.id)  # type: ignore[attr-defined]
    for insert_ in (pg_insert, sqlite_insert)
)


@dataclass(frozen=True)
class NextStep:
    """Where a resident goes after sending a page, and what the response records."""

    next_page: int  # the page to resume at (len(pages): none left)
    complete: bool = False  # every required answer is there: submit now
    page: int | None = None  # the page to show next; None: the "saved" page, or thanks


def next_step(structure: Structure, page: PageDef, known: Answers, action: str) -> NextStep:
    """`known`: the effective answers, this page's included."""
    following = structure.next_page(page.position, known)
    next_position = following if following is not None else len(structure.pages)
    if action == "later":
        return NextStep(next_position)
    if following is not None:
        return NextStep(next_position, page=following)
    missing = structure.first_missing(known, page.position)
    if missing is not None:
        # Pages skipped by hand-made addresses: back to the first with a required answer open.
        return NextStep(next_position, page=missing)
    return NextStep(len(structure.pages), complete=True)


def _new_response(
    survey_id: int, token: str, nonce: str, today: date, step: NextStep | None
) -> dict[str, Any]:
    return {
        "survey_id": survey_id,
        "token_hash": token_hash(token),
        "start_nonce": hashlib.sha256(nonce.encode()).hexdigest(),
        "started_on": today,
        "updated_on": today,
        "next_page": step.next_page if step else 0,
        "submitted_on": today if step and step.complete else None,
    }


def start_response(
    db: Session,
    survey: Survey,
    secret: str,
    nonce: str,
    today: date,
    step: NextStep | None = None,
) -> tuple[Response, str, bool]:
    """The response for this first-page form: (response, token, created now?).

    A new one is stored as `step` says (a one-page survey is complete at once) by one
    INSERT … ON CONFLICT DO NOTHING: the same form sent twice, even at the same moment,
    finds the response that the first one made."""
    token = token_for(secret, nonce)
    values = _new_response(survey.id or 0, token, nonce, today, step)
    postgresql = db.get_bind().dialect.name == "postgresql"
    statement = NEW_RESPONSE_PG if postgresql else NEW_RESPONSE_SQLITE
    new_id = db.connection().execute(statement, values).scalar()
    if new_id is None:
        existing = response_by_token(db, survey, token)
        if existing is None:  # another unique value collided: not this form's response
            raise IntegrityError("INSERT INTO survey_response", values, Exception("conflict"))
        return existing, token, False
    response = Response(id=new_id, **values)
    make_transient_to_detached(response)
    db.add(response)  # the stored row, without reading it back
    if not survey.has_responses:
        # Freezes the structure; a conditional UPDATE so concurrent first answers don't race.
        db.execute(update(Survey).where(col(Survey.id) == survey.id).values(has_responses=True))
    return response, token, True


# The short way stores a response only while the survey's row still says what the worker's
# cached copy said: open today, open link, has responses, the same revision. A change made
# a moment ago by another worker (or the command line) then sends the form the full way,
# which explains a refusal. {p}name{s} is a named parameter in the driver's spelling.
_NEW_RESPONSE = """INSERT INTO survey_response
        (survey_id, token_hash, start_nonce, started_on, updated_on, next_page, submitted_on)
    SELECT {p}survey_id{s}, {p}token_hash{s}, {p}start_nonce{s}, {p}started_on{s},
        {p}updated_on{s}, {p}next_page{s}, {p}submitted_on{s}
    FROM survey WHERE id = {p}survey_id{s} AND status = {p}open{s}
        AND access_mode = {p}link{s} AND has_responses AND revision = {p}revision{s}
        AND (opens_on IS NULL OR opens_on <= {p}today{s})
        AND (closes_on IS NULL OR closes_on >= {p}today{s})
    ON CONFLICT DO NOTHING
    RETURNING id"""

# PostgreSQL: the new response and its answers in one statement (psycopg's placeholders),
# atomic by itself without BEGIN and COMMIT. The answers come as one JSON array of
# [question key, option, row, number, text], so the text is the same for any number of them
# (psycopg prepares it once per connection) and Python does not dump them value by value.
# Sent twice, the second finds the nonce taken and stores nothing.
NEW_RESPONSE_WITH_ANSWERS_PG = """WITH new_response AS (
    {new_response}
), new_answers AS (
    INSERT INTO survey_answer
        (response_id, survey_id, question_key, option_code, row_code, number, text)
    SELECT new_response.id, %(survey_id)s, a->>0, a->>1, a->>2, CAST(a->>3 AS float8), a->>4
    FROM new_response, json_array_elements(CAST(%(answers)s AS json)) AS a
)
SELECT id FROM new_response""".replace("{new_response}", _NEW_RESPONSE.format(p="%(", s=")s"))
# SQLite: the response, then its answers with ANSWER_INSERT, in one write transaction.
NEW_RESPONSE_IF_STILL_SQLITE = text(_NEW_RESPONSE.format(p=":", s=""))


async def start_alone(
    writer: LoopWriter,
    survey_id: int,
    revision: int,
    secret: str,
    nonce: str,
    today: date,
    step: NextStep,
    answers: Answers,
) -> str | None:
    """A new response with its first page's answers, outside any request session: the
    resume token, or None when this form was sent before (or another unique value
    collided, or the survey changed or is gone), which the full way (start_response)
    sorts out. Only while the survey is still open, by link, with responses (the full way
    marks the first) and at this `revision`: the statement checks the row itself. PostgreSQL: one statement from the event loop; SQLite: two in one
    write transaction on the writer's thread."""
    token = token_for(secret, nonce)
    values = _new_response(survey_id, token, nonce, today, step)
    values.update(
        open=SurveyStatus.OPEN.value, link=AccessMode.OPEN.value, revision=revision, today=today
    )
    if writer.postgresql:
        values["answers"] = json.dumps(_values(answers), ensure_ascii=False)
        try:
            stored = await writer.fetchone(NEW_RESPONSE_WITH_ANSWERS_PG, values)
        except psycopg.IntegrityError:  # the survey was deleted a moment ago
            return None
    else:
        rows = _rows(0, survey_id, answers)
        stored = await writer.on_thread(_start_sqlite, writer.engine, values, rows)
    return token if stored is not None else None


def _start_sqlite(engine: Engine, values: dict[str, Any], rows: list[dict[str, Any]]) -> Any:
    try:
        with writing(engine).begin() as conn:
            new_id = conn.execute(NEW_RESPONSE_IF_STILL_SQLITE, values).scalar()
            if new_id is not None and rows:
                conn.execute(ANSWER_INSERT, [{**row, "response_id": new_id} for row in rows])
    except IntegrityError:  # the survey was deleted a moment ago
        return None
    return new_id


def lock(db: Session, response: Response) -> Response:
    """The response again, locked until the request ends (PostgreSQL: SELECT … FOR UPDATE;
    SQLite has one writer anyway). Two requests for the same response, a double click or
    two tabs, then write one after the other and the second sees what the first stored."""
    return db.exec(
        select(Response)
        .where(Response.id == response.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def answers_of(db: Session, response: Response) -> Answers:
    answers: Answers = {}
    for row in db.exec(select(Answer).where(Answer.response_id == response.id)):
        value = answers.setdefault(row.question_key, {})
        if row.row_code:
            if row.option_code == DONT_KNOW_CODE:
                value.setdefault("dont_know_rows", []).append(row.row_code)
            else:
                value.setdefault("rows", {})[row.row_code] = row.number
            continue
        if row.option_code:
            value.setdefault("codes", []).append(row.option_code)
            if row.text:
                value["text"] = row.text
        elif row.number is not None:
            value["number"] = row.number
        elif row.text:
            value["text"] = row.text
    return answers


AnswerRow = tuple[str, str, str, float | None, str]  # question key, option, row, number, text
_ANSWER_COLUMNS = ("question_key", "option_code", "row_code", "number", "text")


def _values(answers: Answers) -> list[AnswerRow]:
    """The survey_answer values of these answers, in the order of _ANSWER_COLUMNS."""
    values: list[AnswerRow] = []
    for key, answer in answers.items():
        count = len(values)
        codes = answer.get("codes", ())
        if codes:
            other = answer.get("text", "")
            values += [(key, code, "", None, other if code == OTHER_CODE else "") for code in codes]
        for code, number in answer.get("rows", {}).items():
            values.append((key, "", code, number, ""))
        for code in answer.get("dont_know_rows", ()):
            values.append((key, DONT_KNOW_CODE, code, None, ""))
        if len(values) == count and answer.get("number") is not None:
            values.append((key, "", "", answer["number"], ""))
        elif len(values) == count and answer.get("text"):
            values.append((key, "", "", None, answer["text"]))
    return values


def _rows(response_id: int, survey_id: int, answers: Answers) -> list[dict[str, Any]]:
    """The survey_answer rows of these answers, for ANSWER_INSERT."""
    ids = {"response_id": response_id, "survey_id": survey_id}
    return [{**ids, **dict(zip(_ANSWER_COLUMNS, value, strict=True))} for value in _values(answers)]


ANSWER_INSERT = insert(Answer.__table__)  # type: ignore[attr-defined]


def add_answers(db: Session, response: Response, answers: Answers) -> None:
    """The answers' rows in one Core INSERT, sent as one executemany (psycopg: one pipeline
    of a prepared statement): no ids read back, no ORM objects, no ORM bulk machinery."""
    rows = _rows(response.id or 0, response.survey_id, answers)
    if rows:
        db.connection().execute(ANSWER_INSERT, rows)


def save_page(
    db: Session, response: Response, page: PageDef, answers: Answers, next_page: int, today: date
) -> None:
    """Replace what is stored for this page's questions (hidden ones included)."""
    keys = [question.key for question in page.questions]
    db.execute(
        delete(Answer).where(
            col(Answer.response_id) == response.id, col(Answer.question_key).in_(keys)
        )
    )
    add_answers(db, response, answers)
    response.next_page = next_page
    response.updated_on = today
    db.add(response)


def submit(
    db: Session,
    structure: Structure,
    response: Response,
    today: date,
    answers: Answers | None = None,
) -> None:
    """Mark the response complete and drop answers to questions that ended up hidden.
    `answers`: everything stored for it, where the caller knows (saves reading it again)."""
    if answers is None:
        answers = answers_of(db, response)
    hidden = set(answers) - set(structure.effective(answers))
    if hidden:
        db.execute(
            delete(Answer).where(
                col(Answer.response_id) == response.id, col(Answer.question_key).in_(hidden)
            )
        )
    response.submitted_on = today
    response.updated_on = today
    response.next_page = len(structure.pages)
    db.add(response)


def resume_expired(response: Response, today: date, days: int) -> bool:
    return response.submitted_on is None and response.updated_on < today - timedelta(days=days)


def needs_code(survey: Survey) -> bool:
    return survey.access_mode == AccessMode.CODES
