"""The demo ideas: plausible, consistent with the rules, and seeded once."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from beteiligung import demo
from beteiligung.db import session_scope
from beteiligung.ideas.demo_content import validate
from beteiligung.ideas.models import Comment, Idea, IdeaStatus, Support
from beteiligung.towns.models import Town
from tests.conftest import Persona


def test_the_demo_content_keeps_its_own_rules() -> None:
    assert validate() == []


def test_it_seeds_every_town_with_ideas_in_every_state_once(
    engine: Engine, resident: Persona
) -> None:
    with session_scope(engine) as db:
        first = demo.seed_demo(db, with_accounts=True, with_ideas=True)
    with session_scope(engine) as db:
        again = demo.seed_demo(db, with_accounts=True, with_ideas=True)
    assert first["ideas"] >= 5 * 15 and again["ideas"] == 0

    with Session(engine) as db:
        for town in db.exec(select(Town)).all():
            ideas = db.exec(select(Idea).where(Idea.town_id == town.id)).all()
            assert 15 <= len(ideas) <= 30, town.slug
            statuses = {idea.status for idea in ideas}
            finished = {IdeaStatus.IMPLEMENTED, IdeaStatus.NOT_PURSUED, IdeaStatus.PLANNED}
            assert finished <= statuses, town.slug
            assert any(idea.official_answer for idea in ideas)
            assert any(idea.merged_into_id for idea in ideas)
            assert any(not idea.reviewed for idea in ideas)  # something waits in the queue
        # The stored counters agree with the rows they count.
        supports = dict(
            db.exec(select(Support.idea_id, func.count()).group_by(col(Support.idea_id))).all()
        )
        comments = dict(
            db.exec(
                select(Comment.idea_id, func.count())
                .where(col(Comment.hidden).is_(False))
                .group_by(col(Comment.idea_id))
            ).all()
        )
        for idea in db.exec(select(Idea)).all():
            assert idea.support_count == supports.get(idea.id, 0), idea.title
            assert idea.comment_count == comments.get(idea.id, 0), idea.title

    page = resident.get("/moelln/ideen?sortierung=unterstuetzt")
    assert page.status_code == 200 and 'class="card idea-card"' in page.text
