"""Defects found trying the app as an attacker would (issue 10, items 7-10): a form's
nonce sent to another survey, control characters in paths and log lines, clients that go
away, a health check that notices a full disk or a read-only database, a session store
that fails, staff pages in the browser's cache and the CSRF cookie under https."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from beteiligung.surveys.models import Response
from tests.conftest import Persona
from tests.surveys import make_survey

# --------------------------------------------------------------------------- item 7


def _nonce(page: Any) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert match, "no nonce in the first page"
    return match.group(1)


def _responses_of(engine: Engine, survey_id: int) -> int:
    with Session(engine) as db:
        query = select(func.count()).where(Response.survey_id == survey_id)  # type: ignore[arg-type]
        return int(db.execute(query).scalar_one())


@pytest.mark.parametrize("other_has_responses", [False, True], ids=["full-way", "short-way"])
def test_it_refuses_the_nonce_of_another_surveys_response_in_german(
    make_persona: Callable[..., Persona], engine: Engine, other_has_responses: bool
) -> None:
    """Survey B with responses already goes the short way first, which hands a collision
    to the full way; without, the full way alone. Neither may answer 500."""
    first_survey = make_survey(engine, slug="erste", one_page=True)
    other_survey = make_survey(engine, slug="zweite", one_page=True)
    resident = make_persona("resident")
    if other_has_responses:
        page = resident.get("/moelln/umfragen/zweite")
        sent = resident.post(
            "/moelln/umfragen/zweite", {"nonce": _nonce(page), "q-status": "retired"}
        )
        assert sent.status_code == 303
    page = resident.get("/moelln/umfragen/erste")
    nonce = _nonce(page)
    sent = resident.post("/moelln/umfragen/erste", {"nonce": nonce, "q-status": "retired"})
    assert sent.status_code == 303
    before = _responses_of(engine, other_survey)

    answer = resident.post(
        "/moelln/umfragen/zweite",
        {"nonce": nonce, "q-status": "working", "q-mode": "bike", "q-comment": "Mehr Bänke"},
    )

    assert answer.status_code == 422, answer.text[:2000]
    assert "Dieses Formular wurde schon für eine andere Antwort verwendet" in answer.text
    assert "Mehr Bänke" in answer.text  # what was entered is still there
    assert _nonce(answer) != nonce  # a fresh form to send again
    assert _responses_of(engine, other_survey) == before
    assert _responses_of(engine, first_survey) == 1
    again = resident.post(
        "/moelln/umfragen/zweite",
        {"nonce": _nonce(answer), "q-status": "working", "q-mode": "bike"},
    )
    assert again.status_code == 303
    assert _responses_of(engine, other_survey) == before + 1
