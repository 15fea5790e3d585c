"""An answer that stands alone ("Nichts davon") in a real phone browser: with JavaScript
ticking it unticks the others (and the other way round); without, the server explains."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import phone
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)

pytestmark = pytest.mark.browser


def _to_home_office_page(page: object) -> None:
    page.goto("/moelln")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Pendlerbefragung Mölln").click()  # type: ignore[attr-defined]
    page.get_by_label("Angestellt").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Weiter", exact=True).click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Seite 2 von 5")).to_be_visible()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Weiter", exact=True).click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Seite 3 von 5")).to_be_visible()  # type: ignore[attr-defined]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nothing_of_these_stands_alone_with_and_without_javascript(
    browser: object, live: str, javascript: bool
) -> None:
    with phone(browser, live, javascript=javascript) as (page, _watch):  # type: ignore[arg-type]
        _to_home_office_page(page)
        helps = page.locator("#frage-local_work_helps")
        coworking = helps.get_by_label("Ein Coworking-Angebot")
        nothing = helps.get_by_label("Nichts davon")
        coworking.check()
        nothing.check()
        if javascript:
            expect(coworking).not_to_be_checked()
            expect(nothing).to_be_checked()
            coworking.check()
            expect(nothing).not_to_be_checked()
            expect(coworking).to_be_checked()
            return
        # Without JavaScript both stay ticked: the server explains and keeps them.
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.locator(".error-summary")).to_contain_text("„Nichts davon“ lässt sich nicht")
        expect(coworking).to_be_checked()
        expect(nothing).to_be_checked()
