"""Ideas in a real phone browser: a resident filters, supports, comments and submits with
and without JavaScript; a moderator publishes, rejects and, with the keyboard alone,
moves an idea on; no idea page scrolls sideways at 320 CSS px.

Browser tests run on SQLite only (see tests/test_browser.py); the ideas they need are
written straight into the tables.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine
from sqlmodel import Session, select

from beteiligung import demo
from beteiligung.db import session_scope, utcnow
from beteiligung.ideas.display import idea_ref
from beteiligung.ideas.models import Comment, Idea, IdeaEvent
from beteiligung.ideas.similarity import terms_of
from beteiligung.plans.models import FieldOfAction
from beteiligung.towns.models import Town
from tests.browser import (
    assert_accessible,
    assert_error_summary_links_fields,
    assert_no_horizontal_scroll,
    log_in,
    phone,
    wait_for_htmx,
)
from tests.test_browser import backend  # noqa: F401  (SQLite only, as there)

pytestmark = pytest.mark.browser

LIST = "/moelln/ideen"
NEW = "/moelln/ideen/neu"
STAFF = "/verwaltung/moelln/ideen"
MODERATOR = "moderation@moelln.example"
BAHNHOF = "Coworking-Plätze im alten Bahnhof"
BAHNHOF_BODY = "Im leeren Bahnhofsgebäude könnten Pendlerinnen und Pendler tageweise arbeiten."
REASON = "Dafür ist der Landkreis zuständig; wir haben Ihr Anliegen weitergegeben."
# German compounds without a break opportunity: the reflow tests' worst case.
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenaufbewahrungsraumvermietung"


def add_idea(
    engine: Engine,
    title: str,
    body: str = BAHNHOF_BODY,
    *,
    field: str = "coworking",
    status: str = "published",
    waiting: bool = False,
    **extra: Any,
) -> int:
    """An idea of Mölln as the moderation left it (tests/test_idea_moderation.py shows how);
    `waiting`: just submitted under pre-moderation, not public, in the queue."""
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        field_row = db.exec(select(FieldOfAction).where(FieldOfAction.key == field)).one()
        idea = Idea(
            town_id=town.id or 0,
            field_id=field_row.id or 0,
            title=title,
            body=body,
            status="submitted" if waiting else status,
            is_public=not waiting,
            reviewed=not waiting,
            terms=terms_of(title, body),
            **extra,
        )
        db.add(idea)
        db.flush()
        return idea.id or 0


def stored(engine: Engine, idea_id: int) -> Idea:
    with Session(engine) as db:
        idea = db.get(Idea, idea_id)
        assert idea is not None
        return idea


def public_url(engine: Engine, idea_id: int) -> str:
    return f"{LIST}/{idea_ref(stored(engine, idea_id))}"


def mark_page(page: Page) -> None:
    """A marker that survives htmx swaps but not a page load."""
    page.evaluate("window.__samePage = true")


def assert_same_page(page: Page) -> None:
    assert page.evaluate("window.__samePage === true"), "the page was loaded anew"


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab within {limit} steps")


def fill_new_idea(page: Page, title: str, body: str) -> None:
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Ihre Idee", exact=True).fill(body)
    page.get_by_label("Handlungsfeld").select_option(label="Coworking & digitales Arbeiten")


def refuse_a_short_body_and_keep_the_text(page: Page, title: str) -> None:
    """Sent with a body too short: the same form with a linked error and nothing lost."""
    page.goto(NEW)
    fill_new_idea(page, title, "Zu kurz.")
    page.get_by_label("Ort (freiwillig)").fill("Bahnhofsviertel")
    page.get_by_role("button", name="Idee einreichen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    assert assert_error_summary_links_fields(page) == 1
    expect(summary.get_by_role("link")).to_have_attribute("href", "#f-body")
    expect(page.get_by_label("Titel")).to_have_value(title)
    expect(page.get_by_label("Ihre Idee", exact=True)).to_have_value("Zu kurz.")
    expect(page.get_by_label("Ort (freiwillig)")).to_have_value("Bahnhofsviertel")
    expect(page.get_by_label("Handlungsfeld")).to_have_value("coworking")


# --------------------------------------------------------------------------- residents


def test_a_resident_filters_supports_comments_and_submits_with_javascript(
    browser: Browser, live: str, engine: Engine
) -> None:
    bahnhof = add_idea(engine, BAHNHOF)
    add_idea(
        engine,
        "Bessere Busanbindung nach Hamburg",
        "Ein Schnellbus am Morgen würde vielen Pendlern die Fahrt nach Hamburg erleichtern.",
        field="pendeln",
    )
    with phone(browser, live) as (page, _watch):
        page.goto(LIST)
        expect(page.locator("#ergebnisse [role=status]")).to_have_text("2 Ideen")
        assert_accessible(page)
        mark_page(page)
        page.get_by_label("Handlungsfeld").select_option(label="Coworking & digitales Arbeiten")
        expect(page.locator("#ergebnisse [role=status]")).to_have_text("1 Idee")
        expect(page).to_have_url(re.compile(r"/moelln/ideen\?.*feld=coworking"))
        expect(page.locator("#ergebnisse")).not_to_contain_text("Busanbindung")
        assert_same_page(page)

        page.get_by_role("link", name=BAHNHOF).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(BAHNHOF)
        mark_page(page)
        support = page.locator("#unterstuetzung")
        expect(support).to_contain_text("0 Personen unterstützen diese Idee.")
        support.get_by_role("button", name="Idee unterstützen").click()
        expect(support).to_contain_text("1 Person unterstützt diese Idee.")
        expect(support.get_by_role("status")).to_have_text("Danke für Ihre Unterstützung!")
        expect(support.get_by_role("button")).to_have_text("Unterstützung zurückziehen")
        assert stored(engine, bahnhof).support_count == 1
        support.get_by_role("button", name="Unterstützung zurückziehen").click()
        expect(support).to_contain_text("0 Personen unterstützen diese Idee.")
        expect(support.get_by_role("button")).to_have_text("Idee unterstützen")
        support.get_by_role("button", name="Idee unterstützen").click()
        expect(support).to_contain_text("1 Person unterstützt diese Idee.")

        page.get_by_label("Ihr Kommentar").fill("Da wäre ich jeden Dienstag dabei!")
        page.get_by_label("Name oder Kürzel (freiwillig)").fill("Pendlerin aus Mölln")
        page.get_by_role("button", name="Kommentar senden").click()
        comments = page.locator("#kommentare")
        expect(comments.get_by_role("status")).to_have_text(
            "Danke! Ihr Kommentar ist jetzt zu lesen."
        )
        expect(comments.locator(".comment-list")).to_contain_text(
            "Da wäre ich jeden Dienstag dabei!"
        )
        expect(page.get_by_label("Ihr Kommentar")).to_have_value("")
        assert_same_page(page)
        assert_accessible(page)

        # A refused form: the summary takes the focus and its link the resident to the field.
        refuse_a_short_body_and_keep_the_text(page, "Coworking im Bahnhof")
        expect(page.locator(".error-summary")).to_be_focused()
        page.locator(".error-summary a").click()
        expect(page.get_by_label("Ihre Idee", exact=True)).to_be_focused()
        assert_accessible(page)

        # Typing on brings the hints live; after seeing them the idea goes straight in.
        body = page.get_by_label("Ihre Idee", exact=True)
        body.fill("")
        body.press_sequentially("Arbeitsplätze im Bahnhof für Pendler, mit WLAN.")
        wait_for_htmx(page)  # the hints for the whole text, and no request left to abort
        hints = page.locator("#aehnliche")
        expect(hints.get_by_role("heading")).to_have_text("Gibt es Ihre Idee schon?")
        expect(hints.get_by_role("link", name=re.compile(BAHNHOF))).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Idee einreichen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihre Idee!")
    with Session(engine) as db:
        new = db.exec(select(Idea).where(Idea.title == "Coworking im Bahnhof")).one()
        assert new.place == "Bahnhofsviertel"


def test_a_resident_without_javascript_confirms_a_similar_idea_and_keeps_the_text(
    browser: Browser, live: str, engine: Engine
) -> None:
    add_idea(engine, BAHNHOF)
    with phone(browser, live, javascript=False) as (page, _watch):
        # A refused form shows the similar ideas beside the error; seen there, they are
        # not asked about again (tests/test_ideas_browser_form.py). A fresh form asks.
        refuse_a_short_body_and_keep_the_text(page, "Coworking im Bahnhof")
        expect(page.locator("#aehnliche").get_by_role("heading")).to_be_visible()
        page.goto(NEW)
        fill_new_idea(page, "Coworking im Bahnhof", "Arbeitsplätze im Bahnhof für Pendler.")
        page.get_by_label("Ort (freiwillig)").fill("Bahnhofsviertel")
        page.get_by_role("button", name="Idee einreichen").click()

        # the confirmation step: the hints, the text still there, a button to go on
        hints = page.locator("#aehnliche")
        expect(hints.get_by_role("heading")).to_have_text("Gibt es Ihre Idee schon?")
        expect(hints.get_by_role("link", name=re.compile(BAHNHOF))).to_be_visible()
        expect(page.get_by_label("Titel")).to_have_value("Coworking im Bahnhof")
        expect(page.get_by_label("Ort (freiwillig)")).to_have_value("Bahnhofsviertel")
        with Session(engine) as db:
            assert db.exec(select(Idea).where(Idea.title == "Coworking im Bahnhof")).first() is None
        page.get_by_role("button", name="Meine Idee ist neu – jetzt einreichen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihre Idee!")
    with Session(engine) as db:
        new = db.exec(select(Idea).where(Idea.title == "Coworking im Bahnhof")).one()
        assert (new.status, new.is_public) == ("submitted", False)  # Mölln moderates first


# --------------------------------------------------------------------------- moderators


def test_a_moderator_publishes_rejects_and_moves_an_idea_on_with_the_keyboard(
    browser: Browser, live: str, engine: Engine
) -> None:
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        town.rejection_reasons = f"Diese Idee gibt es bereits.\n{REASON}"
        db.add(town)
    good = add_idea(engine, "Leihfahrräder am Bahnhof", waiting=True)
    bad = add_idea(
        engine,
        "Breitere Kreisstraße nach Ratzeburg",
        "Die Straße ist für Lastwagen und Räder zu schmal; sie sollte breiter werden.",
        field="pendeln",
        waiting=True,
    )
    later = add_idea(engine, "Ein Repair-Café im leeren Laden", field="leerstand")
    note = "Die Verwaltung prüft, ob der Laden am Markt passt."
    with phone(browser, live) as (page, _watch):
        log_in(page, MODERATOR, demo.DEMO_PASSWORD)
        page.goto(STAFF)
        queue = page.locator("section", has=page.get_by_role("heading", name="Neue Ideen"))
        queue.get_by_role("heading", level=3).get_by_role(
            "link", name=re.compile("Leihfahr")
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Idee #{good} moderieren")
        mark_page(page)
        page.get_by_role("button", name="Veröffentlichen", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Die Idee ist veröffentlicht.")
        assert_same_page(page)
        assert_accessible(page)
        assert (stored(engine, good).status, stored(engine, good).is_public) == (
            "published",
            True,
        )

        page.goto(f"{STAFF}/{bad}")
        mark_page(page)
        page.get_by_label("Begründung der Stadt wählen").select_option(label=REASON)
        page.get_by_role("button", name="Ablehnen", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Die Idee ist abgelehnt.")
        assert_same_page(page)
        assert (stored(engine, bad).status, stored(engine, bad).status_note) == (
            "rejected",
            REASON,
        )

        # Keyboard alone: Tab to the form, the first next status is preselected, type the
        # note, Tab to the button and press Enter.
        page.goto(f"{STAFF}/{later}")
        expect(page.locator("#f-status-target")).to_have_value("in_review")
        tab_to(page, "#f-status-target")
        page.keyboard.press("Tab")
        expect(page.locator("#f-status-note")).to_be_focused()
        page.keyboard.type(note)
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Stand ändern")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("Die Idee hat jetzt den Stand")
        assert stored(engine, later).status == "in_review"

        page.goto(public_url(engine, later))
        expect(page.locator(".idea-meta .status-badge")).to_have_text("In Prüfung")
        timeline = page.locator(".timeline")
        expect(timeline).to_contain_text("Neuer Stand: In Prüfung")
        expect(timeline).to_contain_text(note)
        # under pre-moderation a rejected idea that was never published stays unseen
        page.goto(public_url(engine, bad))
        expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")


# --------------------------------------------------------------------------- reflow


def test_no_idea_page_scrolls_sideways_at_320_px(
    browser: Browser, live: str, engine: Engine
) -> None:
    answer = (
        f"Die Stadt hat den {LONG_WORD} geprüft. "
        + "Wir danken allen, die sich beteiligt haben, und berichten im Herbst wieder. " * 8
        + "Mehr unter https://www.moelln.example/rathaus/stadtentwicklung/innenstadt/"
        "leerstandsmanagement/ideen/2026/ergebnisse-der-pruefung.html"
    )
    long_idea = add_idea(
        engine,
        f"Ein {LONG_WORD[:60]} am Markt",
        f"{LONG_WORD} {LONG_WORD}. " + "Im leeren Laden am Markt könnte man arbeiten. " * 10,
        field="leerstand",
        status="planned",
        status_note=f"Geplant für 2027: {LONG_WORD}",
        official_answer=answer,
        official_answer_at=utcnow(),
        place=LONG_WORD[:100],
    )
    with session_scope(engine) as db:
        when = utcnow() - timedelta(days=3)
        db.add(IdeaEvent(idea_id=long_idea, action="submitted", is_public=True, created_at=when))
        db.add(
            IdeaEvent(
                idea_id=long_idea,
                action="status_changed",
                from_status="in_review",
                to_status="planned",
                note=f"Beschluss des {LONG_WORD}",
                is_public=True,
            )
        )
        db.add(Comment(idea_id=long_idea, body=f"{LONG_WORD}!", author_name=LONG_WORD[:60]))
    for number in range(3):
        add_idea(engine, f"Idee {number} für die Innenstadt", field="innenstadt")
    with phone(browser, live, width=320) as (page, _watch):
        page.goto(LIST)
        assert_no_horizontal_scroll(page)
        page.goto(public_url(engine, long_idea))
        expect(page.locator(".official-answer")).to_contain_text("berichten im Herbst")
        assert_no_horizontal_scroll(page)

        page.goto(NEW)
        assert_no_horizontal_scroll(page)
        page.get_by_label("Titel").press_sequentially(f"{LONG_WORD[:60]} am Markt")
        wait_for_htmx(page)
        expect(page.locator("#aehnliche").get_by_role("heading")).to_be_visible()
        assert_no_horizontal_scroll(page)
        page.get_by_role("button", name="Idee einreichen").click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert_no_horizontal_scroll(page)

        log_in(page, MODERATOR, demo.DEMO_PASSWORD)
        page.goto(f"{STAFF}/{long_idea}")
        expect(page.locator(".idea-answer")).to_be_visible()
        assert_no_horizontal_scroll(page)
        page.goto(STAFF)
        assert_no_horizontal_scroll(page)
