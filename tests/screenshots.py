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

from beteiligung import demo, migrate
from beteiligung.app import create_app
from beteiligung.db import make_engine, session_scope
from beteiligung.settings import Settings
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
}


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
            demo.seed_demo(db, with_accounts=True)
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
                page.goto(path)
                if name == "login-with-errors":
                    page.get_by_role("button", name="Anmelden").click()
                    page.wait_for_selector(".error-summary")
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                context.close()
                print(f"{out / name}.png")
            browser.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
