"""The idea form in a phone browser once similar ideas are shown: Enter (or "Go" on a phone
keyboard) sends the resident's idea, never a support of the first similar idea; supporting
one opens the idea in a window of its own and keeps what was typed; after an error the
resident with JavaScript is not asked again whether the idea exists already.

Browser tests run on SQLite only (see tests/test_browser.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine
from sqlmodel import Session, select

from beteiligung.ideas.models import Idea
from tests.browser import phone, wait_for_htmx
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)
from tests.test_ideas_browser import BAHNHOF, NEW, add_idea, fill_new_idea, stored

pytestmark = pytest.mark.browser

TITLE = "Coworking im Bahnhof"
BODY = "Arbeitsplätze im Bahnhof für Pendler, mit WLAN und Kaffee."
THANKS = "Danke für Ihre Idee!"


def show_hints_live(page: Page) -> None:
    """Typing brings the similar ideas while the resident writes (htmx)."""
    page.goto(NEW)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Ihre Idee", exact=True).press_sequentially(BODY)
    wait_for_htmx(page)  # the hints for the whole text, and no request left to abort
    expect(page.locator("#aehnliche").get_by_role("heading")).to_have_text(
        "Gibt es Ihre Idee schon?"
    )
    page.get_by_label("Handlungsfeld").select_option(label="Coworking & digitales Arbeiten")


def show_hints_as_a_step(page: Page) -> None:
    """Without JavaScript the similar ideas come as a step after "Idee einreichen"."""
    page.goto(NEW)
    fill_new_idea(page, TITLE, BODY)
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#aehnliche").get_by_role("heading")).to_have_text(
        "Gibt es Ihre Idee schon?"
    )


def new_idea(engine: Engine) -> Idea | None:
    with Session(engine) as db:
        return db.exec(select(Idea).where(Idea.title == TITLE)).first()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_the_idea_form_sends_the_idea_and_supports_nothing(
    browser: Browser, live: str, engine: Engine, javascript: bool
) -> None:
    bahnhof = add_idea(engine, BAHNHOF)
    with phone(browser, live, javascript=javascript) as (page, _watch):
        if javascript:
            show_hints_live(page)
        else:
            show_hints_as_a_step(page)
        page.get_by_label("Titel").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    assert stored(engine, bahnhof).support_count == 0
    assert new_idea(engine) is not None


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_supporting_a_similar_idea_keeps_the_typed_idea(
    browser: Browser, live: str, engine: Engine, javascript: bool
) -> None:
    bahnhof = add_idea(engine, BAHNHOF)
    with phone(browser, live, javascript=javascript) as (page, _watch):
        if javascript:
            show_hints_live(page)
        else:
            show_hints_as_a_step(page)
        button = page.get_by_role("button", name=re.compile("Diese Idee unterstützen"))
        with page.context.expect_page() as opened:
            button.click()
        idea_page = opened.value
        expect(idea_page.get_by_role("heading", level=1)).to_have_text(BAHNHOF)
        expect(idea_page.locator("#unterstuetzung")).to_contain_text(
            "1 Person unterstützt diese Idee."
        )
        # the resident's own idea is still there, ready to send or to leave
        expect(page.get_by_label("Titel")).to_have_value(TITLE)
        expect(page.get_by_label("Ihre Idee", exact=True)).to_have_value(BODY)
    assert stored(engine, bahnhof).support_count == 1
    assert new_idea(engine) is None


def test_after_an_error_a_resident_with_javascript_is_not_asked_about_similar_ideas_again(
    browser: Browser, live: str, engine: Engine
) -> None:
    add_idea(engine, BAHNHOF)
    with phone(browser, live) as (page, _watch):
        show_hints_live(page)
        page.get_by_label("Ihre E-Mail-Adresse").fill("keine-adresse")
        page.get_by_role("button", name="Idee einreichen").click()
        expect(page.locator(".error-summary")).to_contain_text("gültige E-Mail-Adresse")
        # the hints the resident saw before sending are still shown beside the error
        expect(page.locator("#aehnliche").get_by_role("heading")).to_have_text(
            "Gibt es Ihre Idee schon?"
        )
        page.get_by_label("Ihre E-Mail-Adresse").fill("")
        page.get_by_role("button", name="Idee einreichen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    assert new_idea(engine) is not None
