"""The similar ideas beside the idea form follow the text as it ends up, however late the
server answers: on a busy machine an answer for half-typed text used to come back after the
resident had finished, replace the element that was waiting to ask for the whole text, and
so drop that last question (htmx sends nothing for an element no longer on the page).

Browser tests run on SQLite only (see tests/test_browser.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Route, expect
from sqlalchemy import Engine

from tests.browser import phone
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)
from tests.test_ideas_browser import BAHNHOF, NEW, add_idea

pytestmark = pytest.mark.browser

HINTS = "**/moelln/ideen/aehnliche?*"


def test_the_hints_show_the_final_text_when_an_earlier_answer_comes_late(
    browser: Browser, live: str, engine: Engine
) -> None:
    add_idea(engine, BAHNHOF)
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        """The first question waits until the test lets it go: a slow server, on purpose."""
        if held:
            route.continue_()
        else:
            held.append(route)

    with phone(browser, live) as (page, _watch):
        page.goto(NEW)
        page.route(HINTS, hold_the_first)
        # (a mark on the page, not wait_for_function: the CSP forbids eval)
        page.evaluate(
            """() => {
                let asked = 0;
                document.addEventListener("htmx:trigger", () => {
                    asked += 1;
                    if (asked >= 2) document.documentElement.dataset.askedAgain = "ja";
                });
            }"""
        )
        title = page.get_by_label("Titel")
        with page.expect_request(HINTS):  # after the pause, half-typed: nothing similar
            title.press_sequentially("Leihräder")
        title.press_sequentially(" und Coworking im Bahnhof")
        # the whole text's turn has come (htmx asks, or queues the question)
        expect(page.locator("html")).to_have_attribute("data-asked-again", "ja")
        held[0].continue_()  # the late answer for "Leihräder" arrives now
        expect(page.locator("#aehnliche").get_by_role("heading")).to_have_text(
            "Gibt es Ihre Idee schon?"
        )
        expect(page.locator("#aehnliche").get_by_role("link", name=BAHNHOF)).to_be_visible()
