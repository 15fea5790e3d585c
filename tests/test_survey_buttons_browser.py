"""The buttons under a survey page in a phone browser: "Zurück" stands left of "Weiter"
and comes first in reading and Tab order, while Enter in a field still goes on ("Weiter"),
with and without JavaScript.

Browser tests run on SQLite only (see tests/test_browser.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine

from tests.browser import assert_accessible, phone
from tests.surveys import make_survey
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_back_stands_first_and_enter_still_goes_on(
    browser: Browser, live: str, engine: Engine, javascript: bool
) -> None:
    make_survey(engine)
    with phone(browser, live, javascript=javascript) as (page, _watch):
        page.goto("/moelln/umfragen/testumfrage")
        page.get_by_label("Ja").check()
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.get_by_text("Seite 2 von 3")).to_be_visible()

        back = page.get_by_role("button", name="Zurück")
        forward = page.get_by_role("button", name="Weiter", exact=True)
        back_box, forward_box = back.bounding_box(), forward.bounding_box()
        assert back_box and forward_box
        assert back_box["x"] + back_box["width"] <= forward_box["x"], (back_box, forward_box)
        # reading order as a screen reader and the Tab key meet them
        names = page.locator(".survey-buttons").get_by_role("button").all_inner_texts()
        assert names == ["Zurück", "Weiter"], names
        back.focus()
        page.keyboard.press("Tab")
        expect(forward).to_be_focused()
        if javascript:
            assert_accessible(page)

        distance = page.get_by_label("Wie weit ist Ihr Arbeitsweg?")
        distance.fill("12")
        distance.press("Enter")
        expect(page.get_by_text("Seite 3 von 3")).to_be_visible()
