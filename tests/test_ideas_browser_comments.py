"""Comments in a phone browser: posting one with htmx breaks no rule of the page's
Content-Security-Policy, and a report sent without JavaScript ends on the idea's page,
so reloading it sends nothing again.

Browser tests run on SQLite only (see tests/test_browser.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine
from sqlmodel import Session

from beteiligung.db import session_scope
from beteiligung.ideas.models import Comment
from tests.browser import phone
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)
from tests.test_ideas_browser import BAHNHOF, add_idea, public_url

pytestmark = pytest.mark.browser


def test_posting_a_comment_in_a_resized_box_applies_no_inline_style(
    browser: Browser, live: str, engine: Engine
) -> None:
    idea = add_idea(engine, BAHNHOF)
    with phone(browser, live) as (page, watch):
        page.goto(public_url(engine, idea))
        box = page.get_by_label("Ihr Kommentar")
        # What dragging the corner of a text box leaves behind: a style attribute.
        box.evaluate("el => { el.style.height = '12em'; }")
        box.fill("Da wäre ich jeden Dienstag dabei!")
        page.get_by_role("button", name="Kommentar senden").click()
        expect(page.locator("#kommentare").get_by_role("status")).to_have_text(
            "Danke! Ihr Kommentar ist jetzt zu lesen."
        )
        # htmx settles on a timer after the swap; a blocked style would be logged by then
        expect(page.locator("#kommentare.htmx-settling")).to_have_count(0)
        assert not [e for e in watch.errors if "inline style" in e], watch.errors


def test_a_report_without_javascript_lands_on_the_idea_page(
    browser: Browser, live: str, engine: Engine
) -> None:
    idea = add_idea(engine, BAHNHOF)
    with session_scope(engine) as db:
        comment = Comment(idea_id=idea, body="Unsachlicher Beitrag")
        db.add(comment)
        db.flush()
        comment_id = comment.id
    with phone(browser, live, javascript=False) as (page, _watch):
        page.goto(public_url(engine, idea))
        page.get_by_role("button", name="Kommentar melden").click()
        expect(page.locator(f"#kommentar-{comment_id}").get_by_role("status")).to_have_text(
            "Danke für Ihren Hinweis. Die Moderation sieht sich den Kommentar an."
        )
        assert page.url.startswith(f"{live}{public_url(engine, idea)}?gemeldet=")
        page.reload()  # a GET: nothing is sent again, and the page is still there
        expect(page.get_by_role("heading", level=1)).to_have_text(BAHNHOF)
    with Session(engine) as db:
        stored = db.get(Comment, comment_id)
        assert stored is not None and stored.open_reports == 1
