"""Debian's Chromium driven by Playwright: phone viewport, axe-core, keyboard and reflow checks.

Nothing here downloads a browser: Playwright starts the executable named by $CHROMIUM
(default /usr/bin/chromium). axe-core comes from node_modules (package-lock.json) and is
injected by the test through the DevTools protocol; the app never serves it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
)

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's services at start.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every wait is for a condition and ends as soon as it holds; the limits only decide when a
# condition that never comes fails the test. On a loaded machine (two test runs on two
# cores) one answer may take seconds: Playwright's 5 s default for expect() failed there
# while the page was still on its way to the expected state.
WAIT_MS = 30_000
NAVIGATION_MS = 60_000
expect.set_options(timeout=WAIT_MS)

# Counts htmx requests under way and keeps a quiet second after the last key, longer than
# any hx-trigger delay (800 ms): <html data-htmx-idle="ja"> then means no answer is pending
# and none is about to be asked for (wait_for_htmx). Added to every page as an init script
# through the DevTools protocol: the page's CSP does not apply, the app does not ship it.
HTMX_IDLE_JS = """
(() => {
  let inFlight = 0;
  let quiet = null;
  const show = () => {
    if (document.documentElement) {
      document.documentElement.dataset.htmxIdle = inFlight === 0 && quiet === null ? "ja" : "nein";
    }
  };
  document.addEventListener("keyup", () => {
    clearTimeout(quiet);
    quiet = setTimeout(() => { quiet = null; show(); }, 1000);
    show();
  }, true);
  document.addEventListener("htmx:beforeRequest", () => { inFlight += 1; show(); });
  document.addEventListener("htmx:afterRequest", () => { inFlight = Math.max(0, inFlight - 1); show(); });
  document.addEventListener("DOMContentLoaded", show);
})();
"""


@dataclass
class Watch:
    """What a page did that it must not: other origins, failed resources, script errors."""

    base: str
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        url = request.url
        if url.startswith(("data:", "about:")):
            return
        if urlsplit(url).netloc != urlsplit(self.base).netloc:
            self.foreign.append(url)

    def on_response(self, response: Response) -> None:
        # 4xx/5xx on the page itself are what some tests look for; resources must load.
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed.append(f"{response.status} {response.url}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.errors.append(message.text)

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests to other origins: {self.foreign}"
        assert not self.failed, f"resources that failed: {self.failed}"
        assert not self.errors, f"script errors: {self.errors}"


@contextmanager
def phone(
    browser: Browser, base: str, *, javascript: bool = True, width: int = PHONE["width"]
) -> Iterator[tuple[Page, Watch]]:
    """A fresh phone-sized browser context; fails the test on foreign or failed requests."""
    context: BrowserContext = browser.new_context(
        viewport={"width": width, "height": PHONE["height"]},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="de-DE",
        java_script_enabled=javascript,
        base_url=base,
    )
    if javascript:
        context.add_init_script(script=HTMX_IDLE_JS)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.set_default_navigation_timeout(NAVIGATION_MS)
    watch = Watch(base)
    page.on("request", watch.on_request)
    page.on("response", watch.on_response)
    page.on("console", watch.on_console)
    try:
        yield page, watch
        watch.assert_clean()
    finally:
        context.close()


def wait_for_htmx(page: Page) -> None:
    """Until htmx has answered everything the typing or clicking so far asked for: then a
    click that leaves the page aborts no request (htmx logs an abort as a console error)
    and what the page shows is the answer to the last question, not to one before it."""
    expect(page.locator("html")).to_have_attribute("data-htmx-idle", "ja")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core with the WCAG 2.1 A and AA rules, evaluated through the DevTools protocol
    (the page's CSP does not apply to it). It needs a context with JavaScript on: the HTML
    is the same without it, so the no-JavaScript runs check behaviour, not axe."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }""",
        WCAG_TAGS,
    )
    assert isinstance(result, list), "axe did not run (is JavaScript off in this context?)"
    return result


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + json.dumps(
        violations, indent=1, ensure_ascii=False
    )


def assert_no_horizontal_scroll(page: Page) -> None:
    """WCAG 1.4.10 reflow: at 320 CSS px (1280 px at 400 % or a phone at 200 %) no sideways scroll."""
    overflow = page.evaluate(
        """() => {
            const doc = document.documentElement;
            const wide = [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
                           && !el.closest(".table-scroll"))
                .slice(0, 5).map(el => el.tagName + (el.className ? "." + el.className : ""));
            return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["client"], f"{page.url} scrolls sideways: {overflow}"


def assert_error_summary_links_fields(page: Page) -> int:
    """Each error in the summary links to a field that exists; returns the number of links."""
    links = page.locator(".error-summary a[href^='#']")
    count = links.count()
    for i in range(count):
        target = (links.nth(i).get_attribute("href") or "#")[1:]
        field_ = page.locator(f"[id='{target}']")
        assert field_.count() == 1, f"error summary links to #{target}, which is not on the page"
        tag = field_.evaluate("el => el.tagName")
        assert tag in {"INPUT", "SELECT", "TEXTAREA", "FIELDSET"}, f"#{target} is a {tag}"
    return count


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/verwaltung/anmelden")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/verwaltung")
