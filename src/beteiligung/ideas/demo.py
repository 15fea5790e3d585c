"""Demo ideas for the five pilot towns: each idea with its history, supporters, comments,
reports and official answer, as if residents and moderators had used the platform for a year.

Idempotent: a town that has ideas already gets none. Supporters and reporters are made-up
keys (nobody's browser), the authors' addresses are on the reserved `.example` domain.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from beteiligung.accounts.models import User
from beteiligung.db import utcnow
from beteiligung.ideas.demo_content import DEMO_IDEAS, DemoIdea
from beteiligung.ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaContact,
    IdeaEvent,
    IdeaStatus,
    Support,
)
from beteiligung.ideas.similarity import terms_of
from beteiligung.plans.models import FieldOfAction
from beteiligung.towns.models import Town

# The steps each final status went through, after "submitted".
PATHS: dict[str, tuple[str, ...]] = {
    "submitted": (),
    "published": ("published",),
    "rejected": ("rejected",),
    "in_review": ("published", "in_review"),
    "planned": ("published", "in_review", "planned"),
    "in_implementation": ("published", "in_review", "planned", "in_implementation"),
    "implemented": ("published", "in_review", "planned", "in_implementation", "implemented"),
    "not_pursued": ("published", "in_review", "not_pursued"),
}
# Notes of the steps before the last one (the last one carries the idea's own note).
STEP_NOTES = {
    "in_review": "Die Verwaltung prüft, ob und wie sich die Idee umsetzen lässt.",
    "planned": "Die Idee ist in die Planung der Stadt aufgenommen.",
    "in_implementation": "Die Umsetzung hat begonnen.",
}
DEMO_REASONS = (
    "Dafür ist die Stadt nicht zuständig; wir haben Ihr Anliegen an die zuständige Stelle "
    "weitergegeben.\n"
    "Diese Idee gibt es bereits; bitte unterstützen Sie die vorhandene.\n"
    "Der Beitrag verstößt gegen unsere Regeln (Werbung, Beleidigung oder persönliche Daten)."
)
# Mölln moderates afterwards, the others before publishing: the demo shows both.
POST_MODERATED = {"moelln"}


def _key(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in ("demo", *parts)).encode()).hexdigest()


def _moments(start: datetime, count: int) -> list[datetime]:
    """`count` points in time spread between `start` and two days ago."""
    end = utcnow() - timedelta(days=2)
    span = max(end - start, timedelta(days=count + 1))
    return [start + span * (i + 1) / (count + 1) for i in range(count)]


def _add_idea(
    db: Session, town: Town, spec: DemoIdea, field_id: int, moderator_id: int | None
) -> Idea:
    created = utcnow() - timedelta(days=spec.days_ago, hours=spec.days_ago % 9)
    post = town.slug in POST_MODERATED
    # Under post-moderation a new idea is public at once, waiting only to be checked.
    status = "published" if post and spec.status == "submitted" else spec.status
    steps = () if post and spec.status == "submitted" else PATHS[spec.status]
    public = status not in {"submitted", "rejected"} or (status == "rejected" and post)
    idea = Idea(
        town_id=town.id or 0,
        field_id=field_id,
        title=spec.title,
        body=spec.body,
        place=spec.place,
        status=status,
        status_note=spec.status_note,
        is_public=public,
        reviewed=spec.status != "submitted",
        terms=terms_of(spec.title, spec.body),
        created_at=created,
        status_changed_at=created,
    )
    db.add(idea)
    db.flush()
    db.add(IdeaEvent(idea_id=idea.id or 0, action="submitted", is_public=True, created_at=created))
    before = IdeaStatus.SUBMITTED.value
    moments = _moments(created, len(steps) + (1 if spec.official_answer else 0))
    for number, (step, moment) in enumerate(zip(steps, moments, strict=False)):
        last = number == len(steps) - 1
        action = {"published": "published", "rejected": "rejected"}.get(step, "status_changed")
        note = spec.status_note if last else STEP_NOTES.get(step, "")
        db.add(
            IdeaEvent(
                idea_id=idea.id or 0,
                user_id=moderator_id,
                action=action,
                from_status=before,
                to_status=step,
                note=note,
                is_public=True,
                created_at=moment,
            )
        )
        before = step
        idea.status_changed_at = moment
    if spec.official_answer:
        answered = moments[-1]
        idea.official_answer = spec.official_answer
        idea.official_answer_at = answered
        db.add(
            IdeaEvent(
                idea_id=idea.id or 0,
                user_id=moderator_id,
                action="answered",
                note=spec.official_answer,
                is_public=True,
                created_at=answered,
            )
        )
    _add_people(db, town, spec, idea)
    db.add(idea)
    return idea


def _add_people(db: Session, town: Town, spec: DemoIdea, idea: Idea) -> None:
    """Supporters, comments with their reports, and the author's address."""
    if not idea.is_public:
        return
    for number in range(spec.supporters):
        day = (
            utcnow() - timedelta(days=spec.days_ago * (number + 1) / (spec.supporters + 1))
        ).date()
        db.add(
            Support(
                idea_id=idea.id or 0, supporter=_key(town.slug, spec.key, number), created_on=day
            )
        )
    idea.support_count = spec.supporters
    visible = 0
    for number, demo_comment in enumerate(spec.comments):
        comment = Comment(
            idea_id=idea.id or 0,
            author_name=demo_comment.author,
            body=demo_comment.body,
            hidden=bool(demo_comment.hidden_reason),
            hidden_reason=demo_comment.hidden_reason,
            open_reports=0 if demo_comment.hidden_reason else demo_comment.reports,
            created_at=utcnow() - timedelta(days=demo_comment.days_ago, hours=number),
        )
        db.add(comment)
        db.flush()
        visible += not comment.hidden
        for report in range(demo_comment.reports):
            reporter = _key(town.slug, spec.key, "report", number, report)
            db.add(CommentReport(comment_id=comment.id or 0, reporter=reporter))
    idea.comment_count = visible
    if spec.email_notices:
        db.add(IdeaContact(idea_id=idea.id or 0, email=f"idee-{spec.key}@{town.slug}.example"))


def _merge(db: Session, ideas: dict[str, Idea], spec: DemoIdea, moderator_id: int | None) -> None:
    duplicate, kept = ideas[spec.key], ideas[spec.merged_into]
    moment = duplicate.created_at + timedelta(days=2)
    duplicate.merged_into_id = kept.id
    # As a real merge does: supporters and comments move over (the demo keys never overlap).
    db.flush()
    db.execute(update(Support).where(col(Support.idea_id) == duplicate.id).values(idea_id=kept.id))
    db.execute(update(Comment).where(col(Comment.idea_id) == duplicate.id).values(idea_id=kept.id))
    kept.support_count += duplicate.support_count
    kept.comment_count += duplicate.comment_count
    duplicate.support_count = duplicate.comment_count = 0
    db.add(kept)
    for idea, action, note in (
        (duplicate, "merged", "Doppelte Idee"),
        (kept, "merged_from", duplicate.title),
    ):
        db.add(
            IdeaEvent(
                idea_id=idea.id or 0,
                user_id=moderator_id,
                action=action,
                note=note,
                is_public=True,
                created_at=moment,
            )
        )
    db.add(duplicate)


def seed_demo_ideas(db: Session, towns: dict[str, Town]) -> int:
    """Adds the demo ideas to every demo town that has none yet; returns how many."""
    fields = {f.key: f.id or 0 for f in db.exec(select(FieldOfAction))}
    added = 0
    for slug, specs in DEMO_IDEAS.items():
        town = towns.get(slug)
        if town is None:
            continue
        existing = db.exec(
            select(func.count()).select_from(Idea).where(Idea.town_id == town.id)
        ).one()
        if existing:
            continue
        if not town.rejection_reasons:
            town.rejection_reasons = DEMO_REASONS
        town.idea_moderation = "post" if slug in POST_MODERATED else "pre"
        db.add(town)
        moderator = db.exec(select(User).where(User.email == f"moderation@{slug}.example")).first()
        moderator_id = moderator.id if moderator else None
        ideas = {
            spec.key: _add_idea(db, town, spec, fields[spec.field], moderator_id) for spec in specs
        }
        for spec in specs:
            if spec.merged_into:
                _merge(db, ideas, spec, moderator_id)
        added += len(specs)
    db.flush()
    return added
