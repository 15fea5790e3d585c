"""Every route against every persona; every unsafe route needs a CSRF token; GET never writes.

The table lives in tests/routes.py. A route the app registers without a row there fails
here, so nothing is added unprotected by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from sqlalchemy import Engine, inspect, text

from tests.conftest import Persona
from tests.routes import (
    ALLOWED,
    EXPECTED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    PERSONAS,
    Route,
    app_routes,
    path_params,
)


def test_every_route_has_a_row_in_the_access_table(app: Litestar) -> None:
    missing = [str(route) for route in app_routes(app) if route.access is None]
    assert not missing, "add these routes to ACCESS in tests/routes.py:\n" + "\n".join(missing)


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307) and response.headers["location"].startswith(
        "/verwaltung/anmelden"
    ):
        return LOGIN
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status in (200, 303, 422):
        return ALLOWED
    return f"unexpected {status}"


@pytest.mark.parametrize("persona_name", list(PERSONAS))
def test_each_persona_reaches_exactly_what_the_table_allows(
    app: Litestar, engine: Engine, make_persona: Callable[..., Persona], persona_name: str
) -> None:
    params = path_params(engine)
    login = PERSONAS[persona_name]
    wrong = []
    persona = make_persona(persona_name, login)
    for route in app_routes(app):  # removals and logout come last
        assert route.access is not None, f"no row for {route}"
        url = route.url(params)
        response = persona.post(url, {}) if route.unsafe else persona.get(url)
        expected = EXPECTED[route.access][persona_name]
        if _outcome(response) != expected:
            wrong.append(f"{route}: expected {expected}, got {_outcome(response)}")
    assert not wrong, f"{persona_name}:\n" + "\n".join(wrong)


def test_every_unsafe_route_refuses_a_request_without_csrf_token(
    app: Litestar, engine: Engine, federation_admin: Persona
) -> None:
    params = path_params(engine)
    before = _snapshot(engine)
    for route in [r for r in app_routes(app) if r.unsafe]:
        response = federation_admin.client.post(route.url(params), data={"email": "x@y.de"})
        assert response.status_code == 403, route
        assert "Sicherheitsgründen" in response.text or "abgelaufen" in response.text, route
    assert _snapshot(engine) == before


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),  # noqa: S608 (names from the schema)
                key=repr,
            )
            for table in tables
        }


@pytest.mark.parametrize("persona_name", ["anonymous", "town admin", "federation admin"])
def test_no_get_request_changes_stored_data(
    app: Litestar, engine: Engine, make_persona: Callable[..., Persona], persona_name: str
) -> None:
    persona = make_persona(persona_name, PERSONAS[persona_name])
    params = path_params(engine)
    before = _snapshot(engine)
    for route in app_routes(app):
        if not route.unsafe:
            persona.get(route.url(params))
            assert _snapshot(engine) == before, f"{route} changed stored data"


def test_routes_are_listed_with_their_methods(app: Litestar) -> None:
    routes = app_routes(app)
    assert Route("GET", "town_home", "/{town_slug:str}") in routes
    assert Route("POST", "logout", "/verwaltung/abmelden") in routes
    assert all(route.method in {"GET", "POST"} for route in routes)
