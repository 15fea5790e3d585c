"""Wording as people read it: sentences are not glued together, one word for a comment
without a name on public and staff pages, merged ideas named plainly."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import Engine
from sqlmodel import select

from beteiligung.db import session_scope
from beteiligung.ideas.models import Comment, IdeaEvent
from beteiligung.towns.models import Town
from tests import test_ideas
from tests.conftest import Persona
from tests.test_ideas import MakeIdea

make_idea = test_ideas.make_idea  # the fixture, shared with the other idea tests

STAFF = "/verwaltung/moelln/ideen"
# A full stop right before a capital with no space: "…hier.Einstellungen".
GLUED = re.compile(r"[a-zäöüß]\.[A-ZÄÖÜ][a-zäöüß]")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_it_keeps_a_space_between_the_moderation_mode_and_the_settings_link(
    moelln_admin: Persona, engine: Engine
) -> None:
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        town.idea_moderation = "post"
        db.add(town)
    text = visible_text(moelln_admin.get(STAFF).text)
    assert "prüfen Sie sie hier. Einstellungen für Ideen" in text
    assert not GLUED.findall(text), GLUED.findall(text)


def test_it_calls_a_comment_without_a_name_anonym_for_staff_as_in_public(
    moelln_moderator: Persona, resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea()
    with session_scope(engine) as db:
        db.add(Comment(idea_id=idea_id, body="Gute Idee, ich wäre dabei."))
    public = resident.get(f"/moelln/ideen/{idea_id}", follow_redirects=True).text
    staff = moelln_moderator.get(f"{STAFF}/{idea_id}").text
    for page in (public, staff):
        assert "Anonym" in page
        assert "Ohne Namen" not in page


def test_it_names_a_merge_in_the_timeline_plainly(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    kept = make_idea()
    with session_scope(engine) as db:
        db.add(IdeaEvent(idea_id=kept, action="merged_from", note="Doppelt", is_public=True))
    page = resident.get(f"/moelln/ideen/{kept}", follow_redirects=True).text
    assert "Eine gleichartige Idee wurde mit dieser zusammengeführt" in page
    assert "gleiche Idee wurde hier" not in page
