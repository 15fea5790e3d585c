"""`make screenshots`: phone-size pictures of the main pages for the README.

    python -m tests.screenshots docs/screenshots

Builds a throw-away demo database, serves it on a free loopback port and photographs each
page with Debian's Chromium at 390 x 844 CSS pixels (device scale 2 is too large for a
README, so 1). Nothing leaves the machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlmodel import col, select

from beteiligung import demo, migrate
from beteiligung.app import create_app
from beteiligung.db import make_engine, session_scope
from beteiligung.ideas.display import idea_ref
from beteiligung.ideas.models import Idea
from beteiligung.settings import Settings
from beteiligung.surveys.models import Survey
from beteiligung.towns.models import Town
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, log_in
from tests.live import LiveServer

# file name -> (address, staff login or None, what it shows)
SHOTS: dict[str, tuple[str, str | None]] = {
    "federation-home": ("/", None),
    "town-home": ("/moelln", None),
    "accessibility-statement": ("/moelln/barrierefreiheit", None),
    "login-with-errors": ("/verwaltung/anmelden", None),
    "staff-town": ("/verwaltung/moelln", "admin@moelln.example"),
    "staff-team": ("/verwaltung/moelln/team", "admin@moelln.example"),
    "survey-editor": ("/verwaltung/moelln/umfragen/{survey_id}", "admin@moelln.example"),
    "survey-codes": ("/verwaltung/moelln/umfragen/{survey_id}/codes", "admin@moelln.example"),
    "survey-start": ("/moelln/umfragen/pendlerbefragung-2026", None),
    "survey-page-2": ("/moelln/umfragen/pendlerbefragung-2026", None),
    "ideas-list": ("/moelln/ideen", None),
    "idea-answered": ("/moelln/ideen/{idea_ref}", None),
    "idea-similar-hints": ("/moelln/ideen/neu", None),
    "staff-idea-queue": ("/verwaltung/moelln/ideen", "moderation@moelln.example"),
}
TWO_SCREENS = {"survey-editor", "ideas-list", "staff-idea-queue"}


def main(target: str) -> int:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/shots.sqlite3",
            secret_key="screenshots-only-secret-key-0123456789",
            data_dir=tmp,
            demo=True,
        )
        engine = make_engine(settings)
        migrate.upgrade(engine)
        with session_scope(engine) as db:
            demo.seed_demo(db, with_accounts=True, with_ideas=True)
            town = db.exec(select(Town).where(Town.slug == "moelln")).one()
            survey_id = db.exec(select(Survey.id).where(Survey.town_id == town.id)).first()
            # the most supported public idea with an official answer (and so a timeline)
            answered = db.exec(
                select(Idea)
                .where(Idea.town_id == town.id, Idea.is_public, Idea.official_answer != "")
                .order_by(col(Idea.support_count).desc())
            ).first()
            answered_ref = idea_ref(answered) if answered else ""
        with LiveServer(create_app(settings, engine)) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (path, login) in SHOTS.items():
                context = browser.new_context(
                    viewport=PHONE, is_mobile=True, has_touch=True, locale="de-DE",
                    base_url=server.url,
                )  # fmt: skip
                page = context.new_page()
                if login:
                    log_in(page, login, demo.DEMO_PASSWORD)
                page.goto(path.format(survey_id=survey_id, idea_ref=answered_ref))
                if name == "idea-similar-hints":
                    # typed like a resident; htmx brings "Gibt es Ihre Idee schon?"
                    page.get_by_label("Titel").press_sequentially("Mehr Coworking-Plätze")
                    page.wait_for_selector("#aehnliche-titel")
                if name == "survey-page-2":
                    # employed: on to the commuting questions
                    page.get_by_role("radio").first.check()
                    page.get_by_role("button", name="Weiter", exact=True).click()
                    page.wait_for_url("**/seite/2")
                if name == "login-with-errors":
                    page.get_by_role("button", name="Anmelden").click()
                    page.wait_for_selector(".error-summary")
                # Long pages (a 17-question editor, lists of ideas): two screens tell enough.
                if name in TWO_SCREENS:
                    page.set_viewport_size({"width": PHONE["width"], "height": 1600})
                page.screenshot(path=str(out / f"{name}.png"), full_page=name not in TWO_SCREENS)
                context.close()
                print(f"{out / name}.png")
            browser.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
