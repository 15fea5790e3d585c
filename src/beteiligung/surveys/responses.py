"""A resident's response: the resume token, a new response (the full way in the request
session, the short way in one statement outside it), its answers' rows, a page saved,
the response submitted.

Reading and checking a page's form is in surveys/service.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import psycopg
from sqlalchemy import Engine, delete, insert, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from beteiligung.db import writing
from beteiligung.db_async import LoopWriter
from beteiligung.surveys.models import AccessMode, Answer, Response, Survey, SurveyStatus
from beteiligung.surveys.service import Answers
from beteiligung.surveys.structure import DONT_KNOW_CODE, OTHER_CODE, PageDef, Structure


def token_for(secret: str, nonce: str) -> str:
    """The resume token follows from the first page's nonce: a repeated first submission
    finds the same response and the same link."""
    return hmac.new(secret.encode(), b"resume:" + nonce.encode(), hashlib.sha256).hexdigest()[:32]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


class NonceTaken(Exception):
    """A first page's nonce that belongs to a response to another survey."""


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
    finds the response that the first one made. NonceTaken: the nonce belongs to a
    response to another survey."""
    token = token_for(secret, nonce)
    values = _new_response(survey.id or 0, token, nonce, today, step)
    postgresql = db.get_bind().dialect.name == "postgresql"
    statement = NEW_RESPONSE_PG if postgresql else NEW_RESPONSE_SQLITE
    new_id = db.connection().execute(statement, values).scalar()
    if new_id is None:
        existing = response_by_token(db, survey, token)
        if existing is None:
            # The nonce is taken, but not by this survey: a first page of another survey
            # (or one sent under another secret key). Nothing was stored.
            raise NonceTaken()
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
    marks the first) and at this `revision`: the statement checks the row itself.
    PostgreSQL: one statement from the event loop; SQLite: two in one write transaction
    on the writer's thread."""
    token = token_for(secret, nonce)
    values = _new_response(survey_id, token, nonce, today, step)
    values.update(
        open=SurveyStatus.OPEN.value, link=AccessMode.OPEN.value, revision=revision, today=today
    )
    if writer.postgresql:
        values["answers"] = json.dumps(_values(answers), ensure_ascii=False)
        try:
            row = await writer.fetchone(NEW_RESPONSE_WITH_ANSWERS_PG, values)
        except psycopg.IntegrityError:  # the survey was deleted while the statement ran
            return None
        stored = row is not None
    else:
        stored = await writer.on_thread(_start_sqlite, writer.engine, values, answers) is not None
    return token if stored else None


def _start_sqlite(engine: Engine, values: dict[str, Any], answers: Answers) -> int | None:
    """The write lock is taken first (BEGIN IMMEDIATE): nobody deletes the survey between
    the check in the INSERT and the answers."""
    with writing(engine).begin() as conn:
        new_id: int | None = conn.execute(NEW_RESPONSE_IF_STILL_SQLITE, values).scalar()
        rows = _rows(new_id, values["survey_id"], answers) if new_id is not None else []
        if rows:
            conn.execute(ANSWER_INSERT, rows)
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
