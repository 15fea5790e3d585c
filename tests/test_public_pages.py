"""What a resident sees: the federation, a town, its legal pages, in German or English."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from beteiligung.demo import DEMO_TOWNS
from tests.conftest import Persona

TOWN_PAGES = ["/{slug}", "/{slug}/impressum", "/{slug}/datenschutz", "/{slug}/barrierefreiheit"]
FEDERATION_PAGES = [
    "/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/verwaltung/anmelden",
    "/verwaltung/passwort-vergessen",
]


def public_urls() -> list[str]:
    urls = list(FEDERATION_PAGES)
    for town in DEMO_TOWNS:
        urls += [page.format(slug=town.slug) for page in TOWN_PAGES]
    return urls


class ResourceCollector(HTMLParser):
    """Every URL a browser would load or follow from a page, and every inline script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self.event_handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href", "action", "poster", "data", "srcset", "formaction"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if tag == "script" and not values.get("src"):
            self._in_script = True
            self.inline_scripts += 1
        if "style" in values:
            self.style_attributes += 1
        self.event_handlers += [
            name for name in values if name.startswith("on") or name.startswith("hx-on")
        ]


def collect(html: str) -> ResourceCollector:
    parser = ResourceCollector()
    parser.feed(html)
    return parser


def test_it_lists_the_five_pilot_towns_on_the_federation_page(resident: Persona) -> None:
    response = resident.get("/")
    assert response.status_code == 200
    for town in DEMO_TOWNS:
        assert f'href="/{town.slug}"' in response.text
        assert town.name in response.text
    assert "Brandenburg" in response.text and "Bayern" in response.text


def test_it_shows_a_town_home_page_with_its_ags_and_state(resident: Persona) -> None:
    response = resident.get("/moelln")
    assert response.status_code == 200
    assert "Beteiligung in Mölln" in response.text
    assert "01053090" in response.text
    assert "Schleswig-Holstein" in response.text


def test_it_answers_an_unknown_town_with_a_german_404_page(resident: Persona) -> None:
    response = resident.get("/atlantis")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert '<html lang="de">' in response.text


def test_it_answers_an_unknown_deep_url_with_a_german_404_in_the_layout(resident: Persona) -> None:
    response = resident.get("/gibt/es/wirklich/nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert 'href="/impressum"' in response.text  # footer of the normal layout


def test_it_answers_a_wrong_method_with_a_german_405_page(resident: Persona) -> None:
    response = resident.client.delete("/moelln")
    assert response.status_code == 405
    assert "Aktion nicht möglich" in response.text


@pytest.mark.parametrize("kind", ["impressum", "datenschutz", "barrierefreiheit"])
def test_it_links_every_legal_page_from_every_town_page(resident: Persona, kind: str) -> None:
    for town in DEMO_TOWNS:
        home = resident.get(f"/{town.slug}")
        assert f'href="/{town.slug}/{kind}"' in home.text
        legal = resident.get(f"/{town.slug}/{kind}")
        assert legal.status_code == 200
        assert town.address.splitlines()[0] in legal.text


def test_it_shows_a_feedback_contact_on_the_accessibility_statement(resident: Persona) -> None:
    response = resident.get("/moelln/barrierefreiheit")
    assert "Barriere melden" in response.text
    assert "mailto:rathaus@moelln.example" in response.text


def test_it_shows_the_operator_towns_texts_on_the_federation_imprint(resident: Persona) -> None:
    response = resident.get("/impressum")
    assert response.status_code == 200
    assert "Stadt Wittenberge" in response.text


def test_it_escapes_html_in_town_texts(resident: Persona, moelln_admin: Persona) -> None:
    moelln_admin.post(
        "/verwaltung/moelln/texte",
        {"imprint_text": "<script>alert(1)</script>\n\nZweiter Absatz"},
    )
    response = resident.get("/moelln/impressum")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<p>Zweiter Absatz</p>" in response.text


@pytest.mark.parametrize("url", public_urls())
def test_it_renders_every_public_page_without_javascript_or_other_origins(
    resident: Persona, url: str
) -> None:
    response = resident.get(url)
    assert response.status_code == 200
    page = collect(response.text)
    assert page.inline_scripts == 0, "inline scripts are blocked by the CSP"
    assert page.style_attributes == 0, "inline styles are blocked by the CSP"
    assert page.event_handlers == []
    foreign = [u for u in page.urls if re.match(r"^(https?:)?//", u)]
    assert foreign == [], f"{url} refers to another origin: {foreign}"
    assert "<main" in response.text and 'class="skip-link"' in response.text
    # Works without JavaScript: every form posts to a real URL.
    for form in re.findall(r"<form[^>]*>", response.text):
        assert 'method="post"' in form and 'action="/' in form


def test_it_switches_to_english_with_the_language_form(resident: Persona) -> None:
    response = resident.post("/sprache", {"lang": "en", "next": "/moelln"})
    assert response.status_code == 303
    assert response.headers["location"] == "/moelln"
    page = resident.get("/moelln")
    assert '<html lang="en">' in page.text
    assert "Participation in Mölln" in page.text
    assert "Deutsch" in page.text  # the way back


def test_it_follows_the_browsers_language_when_no_choice_was_made(resident: Persona) -> None:
    response = resident.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in response.text
    response = resident.get("/", headers={"Accept-Language": "fr-FR"})
    assert '<html lang="de">' in response.text


def test_it_never_redirects_the_language_switch_to_another_site(resident: Persona) -> None:
    for target in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ]:
        response = resident.post("/sprache", {"lang": "en", "next": target})
        assert response.headers["location"] == "/"


def test_it_ignores_an_unknown_language(resident: Persona) -> None:
    response = resident.post("/sprache", {"lang": "xx", "next": "/"})
    assert response.status_code == 303
    assert "lang" not in response.cookies
    assert '<html lang="de">' in resident.get("/").text


def test_it_serves_htmx_from_our_own_static_files(resident: Persona) -> None:
    page = resident.get("/").text
    match = re.search(r'<script src="(/static/vendor/htmx\.min\.js)\?v=\w+" defer>', page)
    assert match, "htmx is not loaded from /static"
    script = resident.get(match.group(1))
    assert script.status_code == 200
    assert "htmx" in script.text[:2000]
    assert "immutable" in script.headers["cache-control"]


def test_it_reports_database_health(resident: Persona) -> None:
    response = resident.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "storage": "ok",
        "sessions": "ok",
    }


def test_it_answers_a_busy_database_with_a_german_503_and_retry_after(
    resident: Persona, engine: Any
) -> None:
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    def busy(*_args: Any) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    event.listen(engine, "before_cursor_execute", busy)
    try:
        response = resident.get("/moelln")
    finally:
        event.remove(engine, "before_cursor_execute", busy)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "Ihre Eingaben sind noch da" in response.text
