"""The survey builder in a real phone browser, with and without JavaScript: the same forms
work both ways, htmx swaps only the changed part, and the editor passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from beteiligung import demo
from tests.browser import (
    assert_accessible,
    assert_error_summary_links_fields,
    assert_no_horizontal_scroll,
    log_in,
    phone,
)
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_town_admin_builds_and_opens_a_survey_on_a_phone(
    browser: object,
    live: str,
    javascript: bool,
) -> None:
    with phone(browser, live, javascript=javascript) as (page, watch):  # type: ignore[arg-type]
        log_in(page, "admin@moelln.example", demo.DEMO_PASSWORD)
        page.goto("/verwaltung/moelln/umfragen")
        page.locator("#f-title").fill("Arbeitswege 2026")
        page.get_by_role("button", name="Umfrage anlegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitswege 2026")
        editor = page.url

        add = page.locator("form.add-question").first
        add.locator("select").select_option("single")
        add.locator("textarea").fill("Womit fahren Sie zur Arbeit?")
        add.get_by_role("button", name="Frage hinzufügen").click()
        block = page.locator("article.q-block").first
        expect(block).to_contain_text("Womit fahren Sie zur Arbeit?")
        for label in ("Auto", "Fahrrad"):
            form = page.locator("form.add-option").first
            form.locator("input[name=label]").fill(label)
            form.get_by_role("button", name="Hinzufügen").click()
            expect(page.locator("article.q-block").first).to_contain_text(label)
        if javascript:
            assert page.url == editor  # htmx swapped the parts, no page load
        assert_no_horizontal_scroll(page)
        if javascript:
            assert_accessible(page)

        # a refused edit shows its errors, linked to the field, inside the block or on top
        block = page.locator("article.q-block").first
        block.locator("summary").first.click()
        block.locator("textarea[name=text]").fill("")
        block.get_by_role("button", name="Frage speichern").click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert assert_error_summary_links_fields(page) == 1
        if javascript:
            expect(page.locator(".error-summary")).to_be_focused()
            assert_accessible(page)
            # htmx fetched the refused form as a 422: expected here, not a broken resource
            assert [f for f in watch.failed if f.startswith("422 ")], watch.failed
            watch.failed = [f for f in watch.failed if not f.startswith("422 ")]

        page.goto(editor)
        page.get_by_role("button", name="Umfrage öffnen").click()
        expect(page.locator(".status-badge")).to_have_text("Offen")
        page.goto(editor + "/vorschau")
        expect(page.locator("input[type=radio]").first).to_be_disabled()
