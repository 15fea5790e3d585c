"""Surveys: structure (pages, questions, options), anonymous responses, invitation codes.

Keys and codes are stable: once a survey has a response its structure is frozen, and
surveys made from the same template version share keys, so answers stay comparable
across towns. Texts are German; the `*_en` fields hold an optional English version.
Responses carry no IP, no user agent, no account, and dates only to the day.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from beteiligung.db import utcnow


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class AccessMode(StrEnum):
    OPEN = "open"  # anyone with the link
    CODES = "codes"  # one response per invitation code (letters to a sample)


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    MATRIX = "matrix"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    PLACE = "place"


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.PLACE}
# Kinds a condition may point at: their answers are option codes.
CONDITION_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.PLACE}


class Survey(SQLModel, table=True):
    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("town_id", "slug", name="uq_survey_town_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    town_id: int = Field(foreign_key="town.id", index=True, ondelete="CASCADE")
    slug: str = Field(max_length=80)
    title: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200)
    intro: str = Field(default="", max_length=10_000)
    intro_en: str = Field(default="", max_length=10_000)
    status: str = Field(default=SurveyStatus.DRAFT.value, max_length=10)
    access_mode: str = Field(default=AccessMode.OPEN.value, max_length=10)
    # Optional dates on which the survey opens and closes by itself (town's local day).
    opens_on: date | None = None
    closes_on: date | None = None
    # Shipped template and its version: surveys with the same pair are comparable.
    template_key: str = Field(default="", max_length=60)
    template_version: int = Field(default=0)
    # The survey this one was copied from as a new version (structure changes after answers).
    copied_from_id: int | None = Field(default=None, foreign_key="survey.id", ondelete="SET NULL")
    # Raised on every change of the structure; the structure cache is keyed by it.
    revision: int = Field(default=1)
    # Kept from the first response on: structural edits are refused from then on.
    has_responses: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)


class SurveyPage(SQLModel, table=True):
    __tablename__ = "survey_page"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    title: str = Field(default="", max_length=200)
    title_en: str = Field(default="", max_length=200)
    # Show the page only when an earlier question's answer has one of these option codes.
    condition_key: str = Field(default="", max_length=60)
    condition_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Question(SQLModel, table=True):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "key", name="uq_question_survey_key"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    page_id: int = Field(foreign_key="survey_page.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    key: str = Field(max_length=60)
    kind: str = Field(max_length=20)
    text: str = Field(max_length=1000)
    text_en: str = Field(default="", max_length=1000)
    help: str = Field(default="", max_length=2000)
    help_en: str = Field(default="", max_length=2000)
    required: bool = Field(default=False)
    # Kind-specific settings: scale min/max/labels/dont_know, number min/max/unit,
    # multiple max_choices/other, text max_length (see surveys.structure).
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    condition_key: str = Field(default="", max_length=60)
    condition_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Option(SQLModel, table=True):
    """A choice of a single/multiple/place question, or a row of a matrix question."""

    __tablename__ = "survey_option"
    __table_args__ = (UniqueConstraint("question_id", "code", name="uq_option_question_code"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="survey_question.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    code: str = Field(max_length=60)
    label: str = Field(max_length=300)
    label_en: str = Field(default="", max_length=300)
    # Multiple choice: an answer that cannot be ticked together with others ("Nichts davon").
    exclusive: bool = Field(default=False)


class Response(SQLModel, table=True):
    """One resident's answers. Found again only through the resume token in their link."""

    __tablename__ = "survey_response"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    # SHA-256 of the secret in the resume link; the link itself is only shown on screen.
    token_hash: str = Field(max_length=64, unique=True)
    # Random value of the first page's form: sending it twice never makes two responses.
    start_nonce: str = Field(max_length=64, unique=True)
    started_on: date
    updated_on: date = Field(index=True)
    submitted_on: date | None = Field(default=None, index=True)
    # The position of the next page to answer (0-based), for resuming.
    next_page: int = Field(default=0)


class Answer(SQLModel, table=True):
    """One value: a chosen option, a matrix row's value, a number or a text.

    A multiple-choice question has one row per chosen option; a matrix one per row.
    """

    __tablename__ = "survey_answer"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="survey_response.id", index=True, ondelete="CASCADE")
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    question_key: str = Field(max_length=60)
    option_code: str = Field(default="", max_length=60)
    row_code: str = Field(default="", max_length=60)
    number: float | None = None
    text: str = Field(default="", max_length=5000)


class InvitationCode(SQLModel, table=True):
    __tablename__ = "survey_invitation_code"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=16, unique=True)
    # Set once, atomically, by the first response that uses the code.
    response_id: int | None = Field(
        default=None, foreign_key="survey_response.id", unique=True, ondelete="SET NULL"
    )
    used_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
