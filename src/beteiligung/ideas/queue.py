"""What staff see of their town's ideas: the moderation queue with its duplicate hints,
the overview of every idea, an idea's whole record, and the ideas a duplicate may join.

Read-only; the actions themselves are in ideas/moderation.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from beteiligung.accounts.models import User
from beteiligung.ideas.models import Comment, Idea, IdeaEvent, IdeaStatus
from beteiligung.ideas.service import public_filter
from beteiligung.ideas.similarity import Candidate, most_similar
from beteiligung.towns.models import Town


@dataclass(frozen=True)
class Queue:
    ideas: list[Idea]
    comments: list[tuple[Comment, Idea]]
    hints: dict[int, list[Idea]]


def queue(db: Session, town: Town) -> Queue:
    waiting = list(
        db.exec(
            select(Idea)
            .where(
                Idea.town_id == town.id,
                col(Idea.reviewed).is_(False),
                col(Idea.merged_into_id).is_(None),
                col(Idea.status).in_([IdeaStatus.SUBMITTED.value, IdeaStatus.PUBLISHED.value]),
            )
            .order_by(col(Idea.created_at), col(Idea.id))
        )
    )
    reported = list(
        db.exec(
            select(Comment, Idea)
            .join(Idea, col(Idea.id) == col(Comment.idea_id))
            .where(
                Idea.town_id == town.id,
                col(Comment.hidden).is_(False),
                col(Comment.open_reports) > 0,
            )
            .order_by(col(Comment.open_reports).desc(), col(Comment.id))
        )
    )
    return Queue(waiting, [(c, i) for c, i in reported], duplicate_hints(db, town, waiting))


def duplicate_hints(db: Session, town: Town, ideas: list[Idea]) -> dict[int, list[Idea]]:
    """For each idea: other ideas of the town (public or waiting) whose text is similar."""
    if not ideas:
        return {}
    rows = list(
        db.exec(
            select(Idea.id, Idea.terms).where(
                Idea.town_id == town.id, col(Idea.merged_into_id).is_(None)
            )
        )
    )
    found: dict[int, list[int]] = {}
    for idea in ideas:
        candidates = (Candidate(i or 0, t) for i, t in rows if i != idea.id)
        found[idea.id or 0] = [i for i, _score in most_similar(idea.terms, candidates, limit=3)]
    wanted = {i for ids in found.values() for i in ids}
    by_id = (
        {i.id: i for i in db.exec(select(Idea).where(col(Idea.id).in_(wanted)))} if wanted else {}
    )
    return {key: [by_id[i] for i in ids if i in by_id] for key, ids in found.items() if ids}


def record_of(db: Session, idea: Idea) -> list[tuple[IdeaEvent, str]]:
    """The idea's whole record for staff, public or not, each step with who did it."""
    query = (
        select(IdeaEvent, User.email)
        .join(User, col(User.id) == col(IdeaEvent.user_id), isouter=True)
        .where(IdeaEvent.idea_id == idea.id)
        .order_by(col(IdeaEvent.created_at), col(IdeaEvent.id))
    )
    return [(event, email or "") for event, email in db.exec(query)]


def staff_ideas(db: Session, town: Town, status: str = "") -> list[Idea]:
    """Every idea of the town for the staff overview, newest first (merged ones at the end)."""
    conditions: list[ColumnElement[bool]] = [col(Idea.town_id) == town.id]
    if status in IdeaStatus.__members__.values():
        conditions.append(col(Idea.status) == status)
    query = (
        select(Idea)
        .where(*conditions)
        .order_by(col(Idea.merged_into_id).is_not(None), col(Idea.created_at).desc())
        .limit(500)
    )
    return list(db.exec(query))


def merge_targets(db: Session, town: Town, idea: Idea) -> list[Idea]:
    """Ideas a duplicate may be merged into: public, of the same town, not merged."""
    query = (
        select(Idea)
        .where(*public_filter(town.id or 0), Idea.id != idea.id)
        .order_by(col(Idea.title))
        .limit(500)
    )
    return list(db.exec(query))
