"""Residents answer a survey: page by page, with conditions, resume, and no double counting."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlmodel import Session

from beteiligung import clock
from beteiligung.surveys.models import Answer, Response, Survey, SurveyStatus
from tests.conftest import Persona
from tests.surveys import make_survey

START = "/moelln/umfragen/testumfrage"


@pytest.fixture
def survey_id(engine: Engine) -> int:
    return make_survey(engine)


def _responses(engine: Engine) -> list[Response]:
    with Session(engine) as db:
        return list(db.exec(select(Response)).scalars())  # type: ignore[call-overload]


def _answers(engine: Engine) -> dict[str, list[tuple[str, str, float | None, str]]]:
    with Session(engine) as db:
        rows = db.exec(select(Answer)).scalars()  # type: ignore[call-overload]
        result: dict[str, list[tuple[str, str, float | None, str]]] = {}
        for row in rows:
            result.setdefault(row.question_key, []).append(
                (row.option_code, row.row_code, row.number, row.text)
            )
        return result


def _nonce(page: Any) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert match, "no nonce in the first page"
    return match.group(1)


def _start(resident: Persona, data: dict[str, Any]) -> Any:
    first = resident.get(START)
    assert first.status_code == 200
    return resident.post(START, {"nonce": _nonce(first), **data})


def test_it_shows_the_intro_privacy_notice_and_first_page_without_writing(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    page = resident.get(START)
    assert page.status_code == 200
    assert "Bitte machen Sie mit." in page.text
    assert "Datenschutz in Kürze" in page.text
    assert "freiwillig" in page.text
    assert "Seite 1 von 3" in page.text
    assert 'name="q-status"' in page.text
    # the conditional question is not shown before its condition holds
    assert 'name="q-mode"' not in page.text
    assert _responses(engine) == []


def test_a_survey_page_view_costs_at_most_three_statements_and_writes_nothing(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    resident.get(START)  # builds the structure cache
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Transaction control is no query (PostgreSQL's driver sends it without a cursor).
        if statement.strip().upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert resident.get(START).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 3, statements
    writes = [s for s in statements if not s.lstrip().upper().startswith(("SELECT", "PRAGMA"))]
    assert not writes, writes


def test_it_takes_a_resident_through_every_page_to_the_thank_you_page(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    response = _start(
        resident,
        {
            "q-status": "working",
            "q-mode": "train",
            "q-wishes": ["cafe", "other"],
            "q-wishes-other": "Kino",
        },
    )
    assert response.status_code == 303
    page2 = response.headers["location"]
    assert re.fullmatch(r"/moelln/umfragen/testumfrage/antwort/\w+/seite/2", page2)
    second = resident.get(page2)
    assert "Seite 2 von 3" in second.text
    response = resident.post(page2, {"q-distance": "42", "q-home": "dont_know"})
    assert response.status_code == 303
    page3 = response.headers["location"]
    assert page3.endswith("/seite/3")
    response = resident.post(
        page3,
        {"q-centre-shops": "2", "q-centre-cafes": "dont_know", "q-district": "ost", "q-comment": "Mehr Bänke"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/moelln/umfragen/testumfrage/danke"
    assert "umfrage-" in response.headers.get("set-cookie", "")
    thanks = resident.get(response.headers["location"])
    assert "Vielen Dank" in thanks.text
    [stored] = _responses(engine)
    assert stored.submitted_on == clock.today()  # the towns' day, as the app stores it
    answers = _answers(engine)
    assert answers["status"] == [("working", "", None, "")]
    assert answers["mode"] == [("train", "", None, "")]
    assert sorted(answers["wishes"]) == [("cafe", "", None, ""), ("other", "", None, "Kino")]
    assert answers["distance"] == [("", "", 42.0, "")]
    assert answers["home"] == [("dont_know", "", None, "")]
    assert sorted(answers["centre"]) == [("", "shops", 2.0, ""), ("dont_know", "cafes", None, "")]
    assert answers["district"] == [("ost", "", None, "")]
    assert answers["comment"] == [("", "", None, "Mehr Bänke")]
    with Session(engine) as db:
        assert db.get(Survey, survey_id).has_responses  # type: ignore[union-attr]


def test_it_skips_a_page_whose_condition_does_not_hold_and_drops_hidden_answers(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    # "mode" is sent although its condition fails: it is not stored
    response = _start(resident, {"q-status": "retired", "q-mode": "car"})
    assert response.headers["location"].endswith("/seite/3")
    page3 = resident.get(response.headers["location"])
    assert "Seite 2 von 2" in page3.text
    done = resident.post(response.headers["location"], {})
    assert done.headers["location"].endswith("/danke")
    assert set(_answers(engine)) == {"status"}


def test_it_explains_missing_and_bad_answers_and_keeps_what_was_entered(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    page = _start(resident, {"q-wishes": ["cafe", "cowork", "shop"]})
    assert page.status_code == 422
    assert "Bitte beantworten Sie diese Frage." in page.text
    assert 'href="#f-q-status"' in page.text
    assert "höchstens 2 Antworten" in page.text
    assert re.search(r'value="cafe"[^>]*checked', page.text)
    assert _responses(engine) == []
    response = _start(resident, {"q-status": "working"})
    page2 = response.headers["location"]
    for value, message in [
        ("zwölf", "Bitte geben Sie eine Zahl ein"),
        ("400", "zwischen 0 und 300"),
        ("2,5", "ganze Zahl"),
    ]:
        bad = resident.post(page2, {"q-distance": value})
        assert bad.status_code == 422
        assert message in bad.text
        assert f'value="{value}"' in bad.text
    assert "distance" not in _answers(engine)


def test_it_refuses_unknown_codes_and_over_long_text(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    bad = _start(resident, {"q-status": "kaiser"})
    assert bad.status_code == 422
    assert "angebotenen Antworten" in bad.text
    response = _start(resident, {"q-status": "retired"})
    page3 = response.headers["location"]
    long = resident.post(page3, {"q-comment": "x" * 51, "q-centre-shops": "9"})
    assert long.status_code == 422
    assert "höchstens 50 Zeichen (jetzt 51)" in long.text
    assert "angebotenen Werte" in long.text


def test_it_saves_for_later_and_restores_every_answer_from_the_resume_link(
    make_persona: Any, survey_id: int, engine: Engine
) -> None:
    resident = make_persona("resident")
    response = _start(resident, {"q-status": "working", "q-wishes": ["other"], "q-wishes-other": "Kino", "action": "later"})  # fmt: skip
    assert response.status_code == 303
    saved = resident.get(response.headers["location"])
    assert "später weitermachen" in saved.text
    link = re.search(
        r'href="http://testserver.local(/moelln/umfragen/testumfrage/antwort/\w+)"', saved.text
    )
    assert link
    # another device: a new browser with only the link
    other = make_persona("same resident, other phone")
    resumed = other.get(link.group(1))
    assert resumed.status_code == 303
    assert resumed.headers["location"].endswith("/seite/2")
    first_again = other.get(resumed.headers["location"].replace("/seite/2", "/seite/1"))
    assert re.search(r'value="working"[^>]*checked', first_again.text)
    assert 'value="Kino"' in first_again.text


def test_going_back_keeps_answers_and_never_creates_a_second_response(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    first = resident.get(START)
    nonce = _nonce(first)
    one = resident.post(START, {"nonce": nonce, "q-status": "working"})
    two = resident.post(START, {"nonce": nonce, "q-status": "working"})  # double click
    assert one.headers["location"] == two.headers["location"]
    page2 = one.headers["location"]
    back = resident.post(page2, {"q-distance": "12", "action": "back"})
    assert back.headers["location"].endswith("/seite/1")
    assert _answers(engine)["distance"] == [("", "", 12.0, "")]
    # to the end, then sending the last page again counts once
    resident.post(page2.replace("/seite/2", "/seite/1"), {"q-status": "working"})
    resident.post(page2, {"q-distance": "12"})
    last = page2.replace("/seite/2", "/seite/3")
    assert resident.post(last, {}).headers["location"].endswith("/danke")
    again = resident.post(last, {"q-comment": "noch mal"})
    assert again.headers["location"].endswith("/danke")
    assert len(_responses(engine)) == 1
    assert "comment" not in _answers(engine)


def test_htmx_shows_a_dependent_question_as_soon_as_its_condition_holds(
    resident: Persona, survey_id: int
) -> None:
    resident.get(START)
    partial = resident.htmx_post(f"{START}/anzeigen/1", {"q-status": "working"})
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert 'name="q-mode"' in partial.text
    assert re.search(r'value="working"[^>]*checked', partial.text)
    hidden = resident.htmx_post(f"{START}/anzeigen/1", {"q-status": "retired"})
    assert 'name="q-mode"' not in hidden.text


def test_the_start_page_carries_the_htmx_hooks_for_live_conditions(
    resident: Persona, survey_id: int
) -> None:
    page = resident.get(START)
    assert 'hx-post="/moelln/umfragen/testumfrage/anzeigen/1"' in page.text
    assert 'hx-trigger="change"' in page.text


def test_it_explains_a_closed_or_not_yet_open_survey(resident: Persona, engine: Engine) -> None:
    make_survey(engine, slug="beendet", status=SurveyStatus.CLOSED)
    make_survey(engine, slug="bald", opens_on=date.today() + timedelta(days=3))
    make_survey(engine, slug="vorbei", closes_on=date.today() - timedelta(days=1))
    closed = resident.get("/moelln/umfragen/beendet")
    assert "Diese Umfrage ist beendet" in closed.text
    assert 'name="q-status"' not in closed.text
    soon = resident.get("/moelln/umfragen/bald")
    assert "Diese Umfrage beginnt am" in soon.text
    assert "beendet" in resident.get("/moelln/umfragen/vorbei").text
    refused = resident.post("/moelln/umfragen/beendet", {"nonce": "x", "q-status": "working"})
    assert refused.status_code == 409
    assert "Diese Umfrage ist beendet" in refused.text
    assert _responses(engine) == []


def test_a_draft_survey_is_not_found(resident: Persona, engine: Engine) -> None:
    make_survey(engine, slug="entwurf", status=SurveyStatus.DRAFT)
    assert resident.get("/moelln/umfragen/entwurf").status_code == 404
    assert resident.get("/wittenberge/umfragen/testumfrage").status_code == 404


def test_an_unknown_or_expired_resume_link_is_explained(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    unknown = resident.get(f"{START}/antwort/gibtesnicht/seite/1")
    assert unknown.status_code == 404
    assert "neu beginnen" in unknown.text
    response = _start(resident, {"q-status": "working"})
    page2 = response.headers["location"]
    with Session(engine) as db:
        stored = db.exec(select(Response)).scalar_one()  # type: ignore[call-overload]
        stored.updated_on = date.today() - timedelta(days=31)
        db.add(stored)
        db.commit()
    expired = resident.get(page2)
    assert expired.status_code == 409
    assert "abgelaufen" in expired.text


def test_it_warns_honestly_when_this_browser_answered_before(
    resident: Persona, survey_id: int
) -> None:
    response = _start(resident, {"q-status": "retired"})
    resident.post(response.headers["location"], {})
    again = resident.get(START)
    assert again.status_code == 200
    assert "schon einmal beantwortet" in again.text
    assert "keine feste Sperre" in again.text


def test_it_stores_only_the_day_and_nothing_about_the_browser(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    _start(resident, {"q-status": "retired"})
    with Session(engine) as db:
        count = db.exec(select(func.count()).select_from(Response)).scalar_one()  # type: ignore[call-overload]
        stored = db.exec(select(Response)).scalar_one()  # type: ignore[call-overload]
    assert count == 1
    assert isinstance(stored.started_on, date)
    assert not hasattr(stored, "ip")


def test_purge_deletes_unfinished_responses_after_the_resume_period(
    resident: Persona, survey_id: int, engine: Engine, settings: Any
) -> None:
    from beteiligung.db import session_scope
    from beteiligung.purge import purge

    _start(resident, {"q-status": "working"})  # unfinished
    finished = _start(resident, {"q-status": "retired"})
    resident.post(finished.headers["location"], {})
    with Session(engine) as db:
        for stored in db.exec(select(Response)).scalars():  # type: ignore[call-overload]
            stored.updated_on = date.today() - timedelta(days=settings.response_resume_days + 1)
            db.add(stored)
        db.commit()
    with session_scope(engine) as db:
        counts = {result.what: result.count for result in purge(db, settings)}
    assert counts["nicht abgeschlossene Umfrage-Antworten nach Ablauf der Frist"] == 1
    [kept] = _responses(engine)
    assert kept.submitted_on is not None
    assert set(_answers(engine)) == {"status"}


def test_the_same_first_page_sent_twice_at_once_makes_one_response(
    app: Any, survey_id: int, engine: Engine
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from tests.live import LiveServer

    with LiveServer(app) as server, httpx.Client(base_url=server.url) as client:
        first = client.get(START)
        token = client.cookies["beteiligung_csrf"]
        data = {"_csrf_token": token, "nonce": _nonce(first), "q-status": "retired"}

        def send(_: int) -> httpx.Response:
            return client.post(START, data=data)

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(send, range(8)))
    assert {answer.status_code for answer in answers} == {303}
    assert len({answer.headers["location"] for answer in answers}) == 1
    assert len(_responses(engine)) == 1
    assert _answers(engine)["status"] == [("retired", "", None, "")]


def test_it_shows_a_template_survey_in_english_when_asked(resident: Persona) -> None:
    # the demo federation's Pendlerbefragung comes from the shipped template (de + en)
    german = resident.get("/moelln/umfragen/pendlerbefragung-2026")
    assert german.status_code == 200
    resident.post("/sprache", {"lang": "en", "next": "/"})
    english = resident.get("/moelln/umfragen/pendlerbefragung-2026")
    assert '<html lang="en">' in english.text
    german_question = re.search(r'class="question-text">([^<]+)', german.text)
    english_question = re.search(r'class="question-text">([^<]+)', english.text)
    assert german_question and english_question
    assert german_question.group(1) != english_question.group(1)


@pytest.mark.parametrize("write", [True, False], ids=["write", "read"])
def test_a_failed_request_leaves_no_half_stored_response(
    engine: Engine, survey_id: int, write: bool
) -> None:
    # On SQLite the first-page savepoint once became the outermost transaction and
    # committed for good; an error later in the request must undo everything.
    import asyncio

    from beteiligung.db import request_session
    from beteiligung.surveys import responses

    async def request_that_fails() -> None:
        sessions = request_session(engine, write)
        db = await sessions.__anext__()
        survey = db.get(Survey, survey_id)
        assert survey is not None
        responses.start_response(db, survey, "s" * 32, "nonce-x", date.today())
        with pytest.raises(RuntimeError):
            await sessions.athrow(RuntimeError("a later statement failed"))

    asyncio.run(request_that_fails())
    assert _responses(engine) == []


def test_answers_on_a_page_hidden_by_a_later_change_drop_out_with_what_depended_on_them(
    resident: Persona, survey_id: int, engine: Engine
) -> None:
    response = _start(resident, {"q-status": "working", "q-mode": "car"})
    page2 = response.headers["location"]
    resident.post(page2, {"q-distance": "40", "q-home": "2"})
    page1 = page2.replace("/seite/2", "/seite/1")
    # back on page 1 the resident is retired after all: the commuting page is skipped
    changed = resident.post(page1, {"q-status": "retired"})
    assert changed.headers["location"].endswith("/seite/3")
    page3 = resident.get(changed.headers["location"])
    assert "Seite 2 von 2" in page3.text
    resident.post(changed.headers["location"], {})
    assert set(_answers(engine)) == {"status"}


def test_skipping_a_required_page_by_address_leads_back_to_it(
    resident: Persona, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tests.surveys as surveys_module

    # the same survey, with the distance on page 2 required
    required = [
        (title, cond, [(q[0], q[1], q[2], q[3] or q[0] == "distance", *q[4:]) for q in questions])
        for title, cond, questions in surveys_module.PAGES
    ]
    monkeypatch.setattr(surveys_module, "PAGES", required)
    make_survey(engine, slug="pflicht")
    first = resident.get("/moelln/umfragen/pflicht")
    started = resident.post(
        "/moelln/umfragen/pflicht", {"nonce": _nonce(first), "q-status": "working"}
    )
    page2 = started.headers["location"]
    skipped = resident.post(page2.replace("/seite/2", "/seite/3"), {})
    assert skipped.headers["location"] == page2
    with Session(engine) as db:
        stored = db.exec(select(Response)).scalar_one()  # type: ignore[call-overload]
    assert stored.submitted_on is None


def test_the_first_page_of_a_code_survey_sent_twice_goes_on(
    resident: Persona, engine: Engine
) -> None:
    from beteiligung.surveys import codes
    from beteiligung.surveys.models import AccessMode

    survey = make_survey(engine, slug="briefe", access_mode=AccessMode.CODES.value)
    with Session(engine) as db:
        code = codes.generate_codes(db, db.get(Survey, survey), 1)[0].code  # type: ignore[arg-type]
        db.commit()
    first = resident.get(f"/moelln/umfragen/briefe?code={code}")
    data = {"nonce": _nonce(first), "code": code, "q-status": "working"}
    one = resident.post("/moelln/umfragen/briefe", data)
    two = resident.post("/moelln/umfragen/briefe", data)  # double click or retry
    assert one.status_code == two.status_code == 303
    assert one.headers["location"] == two.headers["location"]
    other = resident.post("/moelln/umfragen/briefe", {**data, "nonce": "ein-anderer"})
    assert other.status_code == 422
    assert "schon geantwortet" in other.text


def test_the_button_says_weiter_while_a_page_may_still_follow(
    resident: Persona, survey_id: int
) -> None:
    page = resident.get(START)
    assert ">Weiter<" in page.text
    assert "Antworten absenden" not in page.text


def test_survey_pages_are_never_stored_by_caches(resident: Persona, survey_id: int) -> None:
    assert "no-store" in resident.get(START).headers["cache-control"]
