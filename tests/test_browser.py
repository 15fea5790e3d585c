"""Real-browser tests on a phone: as a resident and as staff, with and without JavaScript;
axe-core on every page the app has, reflow at 320 px, keyboard-only use.

The pages come from the route table (tests/routes.py), so a new page is checked the day
it exists. Browser tests run on SQLite only: what they check does not depend on the database.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from beteiligung import demo
from tests.browser import (
    assert_accessible,
    assert_error_summary_links_fields,
    assert_no_horizontal_scroll,
    log_in,
    phone,
    wait_for_htmx,
)
from tests.routes import Access, app_routes, path_params

pytestmark = pytest.mark.browser

PUBLIC_PAGE_ACCESS = {Access.PUBLIC}
# Not HTML pages: JSON, files, downloads.
NOT_PAGES = {"health", "static", "staff_survey_codes_csv", "staff_survey_letters_pdf"}


@pytest.fixture(scope="session")
def backend() -> str:
    return "sqlite"


def _pages(app: Litestar, engine: Engine, public: bool) -> list[str]:
    params = path_params(engine)
    urls = []
    for route in app_routes(app):
        if route.unsafe or route.name in NOT_PAGES or route.access is None:
            continue
        if (route.access in PUBLIC_PAGE_ACCESS) == public:
            urls.append(route.url(params))
    return urls


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_resident_reads_a_town_and_switches_to_english(
    browser: Browser, live: str, javascript: bool
) -> None:
    with phone(browser, live, javascript=javascript) as (page, _):
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        page.get_by_role("link", name="Mölln").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Mölln")
        for link, heading in [
            ("Impressum", "Impressum"),
            ("Datenschutz", "Datenschutzerklärung"),
            ("Barrierefreiheit", "Erklärung zur Barrierefreiheit"),
        ]:
            page.get_by_role("contentinfo").get_by_role("link", name=link).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility")
        assert page.url.endswith("/moelln/barrierefreiheit")
        page.get_by_role("button", name="Deutsch").click()
        expect(page.locator("html")).to_have_attribute("lang", "de")


def test_every_public_page_passes_axe_and_reflows_at_320_px(
    browser: Browser, app: Litestar, engine: Engine, live: str
) -> None:
    pages = [*_pages(app, engine, public=True), "/gibt-es-nicht/wirklich-nicht"]
    assert len(pages) >= 11
    for width in (390, 320):
        with phone(browser, live, width=width) as (page, _):
            for url in pages:
                page.goto(url)
                assert_no_horizontal_scroll(page)
                if width == 390:
                    assert_accessible(page)
            page.goto("/verwaltung/anmelden")
            page.get_by_role("button", name="Anmelden").click()
            expect(page.locator(".error-summary")).to_be_visible()
            assert assert_error_summary_links_fields(page) >= 1
            assert_no_horizontal_scroll(page)
            assert_accessible(page)


def test_every_staff_page_passes_axe_and_reflows_at_320_px(
    browser: Browser, app: Litestar, engine: Engine, live: str
) -> None:
    pages = _pages(app, engine, public=False)
    assert len(pages) >= 7
    for width in (390, 320):
        with phone(browser, live, width=width) as (page, _):
            log_in(page, "verbund@beteiligung.example", demo.DEMO_PASSWORD)
            for url in pages:
                page.goto(url)
                assert_no_horizontal_scroll(page)
                if width == 390:
                    assert_accessible(page)
            # the forms with their errors shown
            page.goto("/verwaltung/moelln/team")
            page.locator("#f-email").fill("kein-at-zeichen")
            page.get_by_role("button", name="Hinzufügen").click()
            expect(page.locator(".error-summary")).to_be_visible()
            assert assert_error_summary_links_fields(page) == 1
            assert_no_horizontal_scroll(page)
            assert_accessible(page)
            page.goto("/verwaltung/verbund/staedte")
            page.get_by_role("button", name="Stadt anlegen").click()
            assert assert_error_summary_links_fields(page) >= 2
            assert_accessible(page)


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(
    browser: Browser, live: str
) -> None:
    with phone(browser, live) as (page, _):
        page.goto("/verwaltung/anmelden")
        page.locator("#f-email").fill("admin@moelln.example")
        page.get_by_role("button", name="Anmelden").click()
        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        # entered values survive the error
        expect(page.locator("#f-email")).to_have_value("admin@moelln.example")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_town_admin_logs_in_and_makes_a_moderator_admin(
    browser: Browser, live: str, javascript: bool
) -> None:
    with phone(browser, live, javascript=javascript) as (page, _):
        log_in(page, "admin@moelln.example", demo.DEMO_PASSWORD)
        page.get_by_role("link", name="Mölln").click()
        page.get_by_role("link", name="Team").first.click()
        page.get_by_label("Rolle von moderation@moelln.example").select_option("town_admin")
        card = page.get_by_role("listitem").filter(has_text="moderation@moelln.example")
        card.get_by_role("button", name="Rolle speichern").click()
        expect(page.get_by_role("status")).to_contain_text("Die Rolle wurde geändert.")
        expect(page.get_by_label("Rolle von moderation@moelln.example")).to_have_value("town_admin")


def test_staff_can_log_in_with_the_keyboard_alone(browser: Browser, live: str) -> None:
    with phone(browser, live) as (page, _):
        page.goto("/verwaltung/anmelden")
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip).to_have_text("Zum Inhalt springen")
        outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none", "the focused skip link has no visible focus outline"
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        _tab_to(page, "#f-email")
        page.keyboard.type("admin@moelln.example")
        page.keyboard.press("Tab")
        expect(page.locator("#f-password")).to_be_focused()
        page.keyboard.type(demo.DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/verwaltung")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def _tab_to(page: Page, selector: str, limit: int = 30) -> None:
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab within {limit} steps")


@pytest.fixture
def survey(engine: Engine) -> str:
    from tests.surveys import make_survey

    make_survey(engine)
    return "/moelln/umfragen/testumfrage"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_resident_answers_a_survey_to_the_end(
    browser: Browser, live: str, survey: str, javascript: bool
) -> None:
    with phone(browser, live, javascript=javascript) as (page, _):
        page.goto("/moelln")
        page.get_by_role("link", name="Testumfrage").click()
        expect(page.get_by_text("Seite 1 von 3")).to_be_visible()
        assert_accessible(page) if javascript else None
        page.get_by_label("Ja").check()
        if javascript:
            # htmx shows the dependent question at once
            expect(page.get_by_role("group", name="Womit fahren Sie zur Arbeit?")).to_be_visible()
            page.get_by_label("Zug").check()
        page.get_by_label("Café").check()
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.get_by_text("Seite 2 von 3")).to_be_visible()
        if javascript:
            assert_accessible(page)
        page.get_by_label("Wie weit ist Ihr Arbeitsweg?").fill("abc")
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert assert_error_summary_links_fields(page) == 1
        if javascript:
            assert_accessible(page)
        page.get_by_label("Wie weit ist Ihr Arbeitsweg?").fill("23")
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.get_by_text("Seite 3 von 3")).to_be_visible()
        page.get_by_role("group", name="Läden").get_by_label("2").check()
        page.get_by_role("button", name="Antworten absenden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
        if javascript:
            assert_accessible(page)
        assert_no_horizontal_scroll(page)


def test_a_resident_saves_and_resumes_on_another_phone(
    browser: Browser, live: str, survey: str
) -> None:
    with phone(browser, live) as (page, _):
        page.goto(survey)
        page.get_by_label("Nein, im Ruhestand").check()
        page.get_by_role("button", name="Speichern und später weitermachen").click()
        link = page.locator(".resume-link a").inner_text()
        assert_accessible(page)
    with phone(browser, live) as (other, _):
        assert link.startswith("http://testserver.local/")  # BETEILIGUNG_BASE_URL of the tests
        other.goto(urlsplit(link).path)
        expect(other.get_by_text("Seite 2 von 2")).to_be_visible()
        other.get_by_role("button", name="Zurück").click()
        expect(other.get_by_label("Nein, im Ruhestand")).to_be_checked()


def test_a_survey_can_be_completed_with_the_keyboard_alone(
    browser: Browser, live: str, survey: str
) -> None:
    with phone(browser, live) as (page, _):
        page.goto(survey)
        _tab_to(page, "#f-q-status")
        page.keyboard.press("Space")
        expect(page.locator("#f-q-status")).to_be_checked()
        # htmx adds the dependent question (a swap under way would take the focus along);
        # then move on to "Weiter" with Tab and send with Enter
        wait_for_htmx(page)
        _tab_to(page, "button[value=next]", limit=40)
        page.keyboard.press("Enter")
        expect(page.get_by_text("Seite 2 von 3")).to_be_visible()
        _tab_to(page, "#f-q-distance", limit=40)
        page.keyboard.type("12")
        page.keyboard.press("Enter")  # the first button is "Weiter"
        expect(page.get_by_text("Seite 3 von 3")).to_be_visible()
        _tab_to(page, "button[value=next]", limit=60)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
