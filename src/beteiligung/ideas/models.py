"""Ideas of residents, their supporters, comments, and the moderation timeline.

Residents have no account. An idea's author may leave an e-mail address for notices;
it lives in its own table (IdeaContact), never on the idea, and is never shown.
Supporters and reporters are known only as a keyed hash of a random browser cookie,
so one browser counts once without anything that identifies a person.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from beteiligung import clock
from beteiligung.db import utcnow
from beteiligung.i18n import lazy


class IdeaStatus(StrEnum):
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    IN_REVIEW = "in_review"
    PLANNED = "planned"
    IN_IMPLEMENTATION = "in_implementation"
    IMPLEMENTED = "implemented"
    NOT_PURSUED = "not_pursued"


STATUS_LABELS = {
    IdeaStatus.SUBMITTED: lazy("Eingereicht"),
    IdeaStatus.PUBLISHED: lazy("Veröffentlicht"),
    IdeaStatus.REJECTED: lazy("Abgelehnt"),
    IdeaStatus.IN_REVIEW: lazy("In Prüfung"),
    IdeaStatus.PLANNED: lazy("Geplant"),
    IdeaStatus.IN_IMPLEMENTATION: lazy("In Umsetzung"),
    IdeaStatus.IMPLEMENTED: lazy("Umgesetzt"),
    IdeaStatus.NOT_PURSUED: lazy("Nicht weiterverfolgt"),
}

# The lifecycle: which status may follow which. Rejected ideas can be reconsidered,
# finished ones reopened for review, so a wrong decision never needs the database.
TRANSITIONS: dict[IdeaStatus, tuple[IdeaStatus, ...]] = {
    IdeaStatus.SUBMITTED: (IdeaStatus.PUBLISHED, IdeaStatus.REJECTED),
    IdeaStatus.PUBLISHED: (IdeaStatus.IN_REVIEW, IdeaStatus.REJECTED, IdeaStatus.NOT_PURSUED),
    IdeaStatus.REJECTED: (IdeaStatus.PUBLISHED,),
    IdeaStatus.IN_REVIEW: (IdeaStatus.PLANNED, IdeaStatus.NOT_PURSUED),
    IdeaStatus.PLANNED: (IdeaStatus.IN_IMPLEMENTATION, IdeaStatus.NOT_PURSUED),
    IdeaStatus.IN_IMPLEMENTATION: (IdeaStatus.IMPLEMENTED, IdeaStatus.NOT_PURSUED),
    IdeaStatus.IMPLEMENTED: (IdeaStatus.IN_REVIEW,),
    IdeaStatus.NOT_PURSUED: (IdeaStatus.IN_REVIEW,),
}


class ModerationMode(StrEnum):
    PRE = "pre"  # nothing public before a moderator publishes it
    POST = "post"  # public at once, moderated afterwards


class Idea(SQLModel, table=True):
    __tablename__ = "idea"
    __table_args__ = (
        Index("ix_idea_town_public", "town_id", "is_public", "status"),
        Index("ix_idea_town_created", "town_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    town_id: int = Field(foreign_key="town.id", index=True, ondelete="CASCADE")
    field_id: int = Field(foreign_key="field_of_action.id", ondelete="RESTRICT")
    title: str = Field(max_length=120)
    body: str = Field(max_length=3000)
    place: str = Field(default="", max_length=120)
    status: str = Field(default=IdeaStatus.SUBMITTED.value, max_length=20)
    # The public note of the latest status change (for a rejection: the reason).
    status_note: str = Field(default="", max_length=1000)
    is_public: bool = Field(default=False)
    # False while no moderator has looked at it: the queue (also under post-moderation).
    reviewed: bool = Field(default=False)
    official_answer: str = Field(default="", max_length=5000)
    official_answer_at: datetime | None = None
    merged_into_id: int | None = Field(
        default=None, foreign_key="idea.id", index=True, ondelete="SET NULL"
    )
    support_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    # Normalised word stems of title and text, for "Gibt es Ihre Idee schon?".
    terms: str = Field(default="", max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)
    status_changed_at: datetime = Field(default_factory=utcnow)


class IdeaContact(SQLModel, table=True):
    """The author's e-mail for notices about one idea: stored apart, never shown."""

    __tablename__ = "idea_contact"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", unique=True, ondelete="CASCADE")
    # The links in every notice (stop notices, delete the address) carry a keyed hash of
    # this row's id, so no token needs to be stored.
    email: str = Field(max_length=254)
    notify: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class Support(SQLModel, table=True):
    __tablename__ = "idea_support"
    __table_args__ = (UniqueConstraint("idea_id", "supporter", name="uq_support_idea_supporter"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    supporter: str = Field(max_length=64)  # keyed hash of the browser's random cookie
    created_on: date = Field(default_factory=clock.today)  # the towns' day, not the server's


class Comment(SQLModel, table=True):
    __tablename__ = "idea_comment"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    author_name: str = Field(default="", max_length=60)
    body: str = Field(max_length=2000)
    hidden: bool = Field(default=False)
    hidden_reason: str = Field(default="", max_length=300)
    # Reports since a moderator last looked at the comment: > 0 puts it in the queue.
    open_reports: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)


class CommentReport(SQLModel, table=True):
    __tablename__ = "idea_comment_report"
    __table_args__ = (
        UniqueConstraint("comment_id", "reporter", name="uq_comment_report_reporter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="idea_comment.id", index=True, ondelete="CASCADE")
    reporter: str = Field(max_length=64)
    created_on: date = Field(default_factory=clock.today)


class IdeaEvent(SQLModel, table=True):
    """One step in an idea's life: the moderation record; public steps form its timeline."""

    __tablename__ = "idea_event"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    action: str = Field(max_length=30)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=5000)  # public when is_public
    detail: str = Field(default="", max_length=2000)  # for staff only (e.g. what was corrected)
    is_public: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
