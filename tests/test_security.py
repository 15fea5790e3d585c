"""The security baseline: CSRF, cookies, headers, session ids, size limits, no IPs stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from sqlalchemy import Engine, inspect

from beteiligung.app import CSRF_COOKIE, SESSION_COOKIE, create_app
from beteiligung.settings import Settings
from tests.conftest import Persona
from tests.routes import app_routes, path_params

PAGE_TYPES = {
    "page": "/moelln",
    "router 404": "/gibt/es/nicht",
    "handler 404": "/atlantis",
    "login form": "/verwaltung/anmelden",
    "json": "/healthz",
    "static": "/static/css/app.css",
}


def _assert_security_headers(response: Any) -> None:
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in response.headers  # plain http in tests


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_it_sends_security_headers_on_every_page_type(resident: Persona, kind: str) -> None:
    _assert_security_headers(resident.get(PAGE_TYPES[kind]))


def test_it_sends_security_headers_on_every_route_and_answer(
    app: Litestar, engine: Engine, federation_admin: Persona, resident: Persona
) -> None:
    params = path_params(engine)
    for route in app_routes(app):
        for persona in (resident, federation_admin):
            if route.name == "logout":
                continue
            url = route.url(params)
            response = persona.post(url, {}) if route.unsafe else persona.get(url)
            _assert_security_headers(response)


def test_it_sends_security_headers_on_a_405(resident: Persona) -> None:
    response = resident.client.put("/")
    assert response.status_code == 405
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_it_varies_pages_on_hx_request(resident: Persona) -> None:
    assert "HX-Request" in resident.get("/moelln").headers["vary"]


@pytest.fixture
def https_app(settings: Settings, engine: Engine) -> Litestar:
    from dataclasses import replace

    return create_app(replace(settings, base_url="https://beteiligung.example"), engine)


def test_it_sends_hsts_and_secure_cookies_when_served_over_https(https_app: Litestar) -> None:
    from litestar.testing import TestClient

    with TestClient(https_app, base_url="https://testserver.local") as client:
        response = client.get("/verwaltung/anmelden")
        assert "max-age=63072000" in response.headers["strict-transport-security"]
        assert "Secure" in response.headers["set-cookie"]


def test_it_refuses_a_post_without_csrf_token_with_a_german_page(resident: Persona) -> None:
    resident.get("/")
    response = resident.client.post(
        "/verwaltung/anmelden",
        data={"email": "admin@moelln.example", "password": "demo-beteiligung"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.text
    assert SESSION_COOKIE not in response.cookies


def test_it_refuses_a_forged_csrf_token(resident: Persona) -> None:
    resident.get("/")
    response = resident.client.post(
        "/sprache", data={"lang": "en", "_csrf_token": "forged"}, follow_redirects=False
    )
    assert response.status_code == 403


def test_it_accepts_the_csrf_token_in_the_htmx_header(resident: Persona) -> None:
    response = resident.htmx_post("/sprache", {"lang": "en", "next": "/"})
    assert response.status_code == 303


def test_it_puts_the_csrf_token_into_the_htmx_headers_of_every_page(resident: Persona) -> None:
    page = resident.get("/").text
    token = resident.client.cookies.get(CSRF_COOKIE)
    assert f'hx-headers=\'{{"x-csrftoken": "{token}"}}\'' in page


def test_it_sets_no_session_cookie_for_residents(resident: Persona) -> None:
    response = resident.get("/moelln")
    assert SESSION_COOKIE not in response.cookies
    assert set(resident.client.cookies.keys()) <= {CSRF_COOKIE}


def test_it_sets_the_session_cookie_httponly_and_samesite_lax(resident: Persona) -> None:
    response = resident.post(
        "/verwaltung/anmelden", {"email": "admin@moelln.example", "password": "demo-beteiligung"}
    )
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()


def test_it_gives_a_new_session_id_at_login(resident: Persona) -> None:
    resident.client.cookies.set(SESSION_COOKIE, "a" * 64, domain="testserver.local")
    resident.login("admin@moelln.example")
    assert resident.client.cookies.get(SESSION_COOKIE) != "a" * 64
    assert resident.get("/verwaltung").status_code == 200


def test_it_does_not_accept_a_session_id_planted_before_login(make_persona: Any) -> None:
    attacker_id = "f" * 64
    victim = make_persona("victim")
    victim.client.cookies.set(SESSION_COOKIE, attacker_id, domain="testserver.local")
    victim.login("admin@moelln.example")
    attacker = make_persona("attacker")
    attacker.client.cookies.set(SESSION_COOKIE, attacker_id, domain="testserver.local")
    assert attacker.get("/verwaltung").status_code == 303  # to the login page


def test_it_ends_the_session_at_logout(moelln_admin: Persona) -> None:
    old = moelln_admin.client.cookies.get(SESSION_COOKIE)
    response = moelln_admin.post("/verwaltung/abmelden")
    assert response.status_code == 303
    assert response.headers["location"] == "/verwaltung/anmelden?abgemeldet=1"
    moelln_admin.client.cookies.set(SESSION_COOKIE, old or "", domain="testserver.local")
    assert moelln_admin.get("/verwaltung").status_code == 303


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"max_body_bytes": 64 * 1024}


def test_it_refuses_a_request_body_over_the_limit(moelln_admin: Persona) -> None:
    response = moelln_admin.post("/verwaltung/moelln/texte", {"imprint_text": "x" * 100_000})
    assert response.status_code == 413
    assert "zu umfangreich" in response.text


def test_it_stores_no_ip_address_or_user_agent_in_any_table(engine: Engine) -> None:
    suspicious = re.compile(
        r"(^|_)(ip|ip_?addr(ess)?|remote_?addr|user_?agent|ua|client_?host)($|_)"
    )
    inspector = inspect(engine)
    found = [
        f"{table}.{column['name']}"
        for table in inspector.get_table_names()
        for column in inspector.get_columns(table)
        if suspicious.search(column["name"].lower())
    ]
    assert found == []


def test_it_refuses_a_file_upload_with_a_german_message(moelln_admin: Persona) -> None:
    response = moelln_admin.client.post(
        "/verwaltung/moelln/texte",
        data={"imprint_text": "neu"},
        files={"upload": ("brief.txt", b"Hallo", "text/plain")},
        headers={"x-csrftoken": moelln_admin.csrf_token()},
    )
    assert response.status_code == 415
    assert "keine Dateien" in response.text
    assert "neu" not in moelln_admin.get("/moelln/impressum").text
