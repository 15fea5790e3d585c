"""The busiest write, a new response, takes the short way (start_routes._start_alone):
one statement from the event loop instead of a request session. It must store exactly
what the full way stores, and hand everything unusual back to the full way."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import Engine, select, text, update
from sqlmodel import Session

from beteiligung import clock
from beteiligung.db import make_engine
from beteiligung.db_async import APPLICATION_NAME, LoopWriter
from beteiligung.settings import Settings
from beteiligung.surveys import responses
from beteiligung.surveys.models import AccessMode, Answer, Response, Survey, SurveyStatus
from beteiligung.surveys.structure import DONT_KNOW_CODE, OTHER_CODE
from tests.conftest import Persona
from tests.live import LiveServer
from tests.surveys import make_survey


def build_structure_for(engine: Engine, survey_id: int) -> Any:
    from beteiligung.surveys.structure import build_structure

    with Session(engine) as db:
        survey = db.get(Survey, survey_id)
        assert survey is not None
        return build_structure(db, survey)


ONE_PAGE = "/moelln/umfragen/eine-seite"
THREE_PAGES = "/moelln/umfragen/testumfrage"

# Every question kind, "other" text, "don't know" in a scale and in a matrix row.
EVERY_KIND = {
    "q-status": "working",
    "q-mode": "train",
    "q-wishes": ["cowork", OTHER_CODE],
    "q-wishes-other": "Repair-Café <am Markt>",
    "q-distance": "42",
    "q-home": DONT_KNOW_CODE,
    "q-centre-shops": "2",
    "q-centre-cafes": DONT_KNOW_CODE,
    "q-district": "ost",
    "q-comment": "Mehr Bänke, bitte.",
}


@pytest.fixture
def one_page(engine: Engine) -> int:
    return make_survey(engine, slug="eine-seite", one_page=True)


@pytest.fixture
def short_way(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What each call of responses.start_alone returned (a token, or None: the full way)."""
    results: list[str | None] = []
    original = responses.start_alone

    async def counted(*args: Any) -> str | None:
        token = await original(*args)
        results.append(token)
        return token

    monkeypatch.setattr(responses, "start_alone", counted)
    return results


def _nonce(page: Any) -> str:
    match = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert match, "no nonce in the first page"
    return match.group(1)


def _send(resident: Persona, path: str, data: dict[str, Any], nonce: str | None = None) -> Any:
    first = resident.get(path)
    assert first.status_code == 200
    return resident.post(path, {"nonce": nonce or _nonce(first), **data})


def _stored(engine: Engine) -> dict[int, list[tuple[Any, ...]]]:
    """Each response's answer rows, sorted, by response id."""
    with Session(engine) as db:
        rows = db.exec(select(Answer)).scalars()  # type: ignore[call-overload]
        result: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            result.setdefault(row.response_id, []).append(
                (
                    row.survey_id,
                    row.question_key,
                    row.option_code,
                    row.row_code,
                    row.number,
                    row.text,
                )
            )
    return {key: sorted(values, key=repr) for key, values in result.items()}


def _responses(engine: Engine) -> list[Response]:
    with Session(engine) as db:
        return list(db.exec(select(Response).order_by(Response.id)).scalars())  # type: ignore[call-overload,arg-type]


def test_a_new_response_takes_the_short_way_and_stores_what_the_full_way_stores(
    make_persona: Callable[..., Persona], one_page: int, engine: Engine, short_way: list[str | None]
) -> None:
    first = _send(make_persona("first"), ONE_PAGE, EVERY_KIND)
    assert first.status_code == 303
    assert short_way == []  # the very first response marks the survey: the full way
    second = _send(make_persona("second"), ONE_PAGE, EVERY_KIND)
    assert second.status_code == 303
    assert second.headers["location"] == first.headers["location"] == f"{ONE_PAGE}/danke"
    assert f"umfrage-{one_page}=1" in second.headers["set-cookie"]
    assert len(short_way) == 1 and short_way[0] is not None
    full, short = _responses(engine)
    assert full.submitted_on == short.submitted_on is not None
    assert (short.started_on, short.updated_on, short.next_page) == (
        full.started_on,
        full.updated_on,
        full.next_page,
    )
    stored = _stored(engine)
    assert stored[short.id or 0] == stored[full.id or 0]
    assert len(stored[short.id or 0]) == 10  # two wishes, two matrix rows, six more
    assert ("wishes", OTHER_CODE, "", None, "Repair-Café <am Markt>") in [
        row[1:] for row in stored[short.id or 0]
    ]


def test_the_first_of_several_pages_takes_the_short_way_and_the_rest_follows(
    make_persona: Callable[..., Persona], engine: Engine, short_way: list[str | None]
) -> None:
    make_survey(engine)
    _send(make_persona("first"), THREE_PAGES, {"q-status": "retired"})
    resident = make_persona("second")
    page_two = _send(resident, THREE_PAGES, {"q-status": "working", "q-mode": "bike"})
    assert short_way[-1] is not None
    assert re.fullmatch(rf"{THREE_PAGES}/antwort/\w+/seite/2", page_two.headers["location"])
    page_three = resident.post(page_two.headers["location"], {"q-distance": "7"})
    assert page_three.status_code == 303
    thanks = resident.post(page_three.headers["location"], {"q-district": "kern"})
    assert thanks.headers["location"] == f"{THREE_PAGES}/danke"
    second = _responses(engine)[1]
    assert second.submitted_on is not None
    answered = {row[1] for row in _stored(engine)[second.id or 0]}
    assert answered == {"status", "mode", "distance", "district"}


def test_the_same_form_sent_again_goes_the_full_way_to_its_one_response(
    make_persona: Callable[..., Persona], one_page: int, engine: Engine, short_way: list[str | None]
) -> None:
    _send(make_persona("first"), ONE_PAGE, {"q-status": "retired"})
    resident = make_persona("second")
    page = resident.get(ONE_PAGE)
    data = {"nonce": _nonce(page), "q-status": "working", "q-mode": "car"}
    answers = [resident.post(ONE_PAGE, data) for _ in range(2)]
    assert [answer.headers["location"] for answer in answers] == [f"{ONE_PAGE}/danke"] * 2
    assert short_way[0] is not None and short_way[1] is None
    assert len(_responses(engine)) == 2


def test_the_same_form_sent_at_once_makes_one_response(
    app: Litestar, one_page: int, engine: Engine, short_way: list[str | None]
) -> None:
    with LiveServer(app) as server, httpx.Client(base_url=server.url) as client:

        def form() -> dict[str, str]:
            page = client.get(ONE_PAGE)
            csrf = client.cookies["beteiligung_csrf"]
            return {"_csrf_token": csrf, "nonce": _nonce(page), "q-status": "retired"}

        assert client.post(ONE_PAGE, data=form()).status_code == 303  # marks the survey
        data = form()
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: client.post(ONE_PAGE, data=data), range(8)))
    assert {answer.status_code for answer in answers} == {303}
    assert len([token for token in short_way if token]) == 1  # the others: the full way
    assert len(_responses(engine)) == 2
    assert [len(rows) for rows in _stored(engine).values()] == [1, 1]


# The towns' day, as the app counts it (the server's UTC day differs from 22:00 or 23:00).
YESTERDAY, TOMORROW = clock.today() - timedelta(days=1), clock.today() + timedelta(days=1)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"status": SurveyStatus.CLOSED.value}, 409),
        ({"closes_on": YESTERDAY}, 409),
        ({"opens_on": TOMORROW}, 409),
        ({"access_mode": AccessMode.CODES.value}, 422),
        ({"status": SurveyStatus.DRAFT.value}, 404),
    ],
    ids=["closed", "closes-yesterday", "opens-tomorrow", "codes", "draft"],
)
@pytest.mark.parametrize("where", ["this worker", "another worker"])
def test_a_survey_changed_a_moment_ago_goes_the_full_way(
    make_persona: Callable[..., Persona],
    one_page: int,
    engine: Engine,
    settings: Settings,
    engine_kwargs: dict[str, Any],
    short_way: list[str | None],
    change: dict[str, Any],
    status: int,
    where: str,
) -> None:
    resident = make_persona("resident")
    _send(resident, ONE_PAGE, {"q-status": "retired"})
    page = resident.get(ONE_PAGE)  # this worker has the survey's row and structure now
    # An admin's change: through the app's own engine, or as another worker (or the
    # command line) makes it, which leaves this worker's copy of the row as it was.
    admin = engine if where == "this worker" else make_engine(settings, **engine_kwargs)
    with Session(admin) as db:
        db.execute(update(Survey).where(Survey.id == one_page).values(**change))  # type: ignore[arg-type]
        db.commit()
    if admin is not engine:
        admin.dispose()
    answer = resident.post(ONE_PAGE, {"nonce": _nonce(page), "q-status": "retired"})
    assert answer.status_code == status
    assert short_way == ([] if where == "this worker" else [None])
    assert len(_responses(engine)) == 1


def test_a_survey_deleted_a_moment_ago_is_not_found(
    make_persona: Callable[..., Persona],
    one_page: int,
    settings: Settings,
    engine: Engine,
    engine_kwargs: dict[str, Any],
    short_way: list[str | None],
) -> None:
    resident = make_persona("resident")
    _send(resident, ONE_PAGE, {"q-status": "retired"})
    page = resident.get(ONE_PAGE)
    other = make_engine(settings, **engine_kwargs)
    with Session(other) as db:
        db.execute(text("DELETE FROM survey WHERE id = :id"), {"id": one_page})
        db.commit()
    other.dispose()
    answer = resident.post(ONE_PAGE, {"nonce": _nonce(page), "q-status": "retired"})
    assert answer.status_code == 404
    assert short_way == [None]
    assert _responses(engine) == []


def test_saved_for_later_on_the_short_way_keeps_the_page_and_resumes(
    make_persona: Callable[..., Persona], engine: Engine, short_way: list[str | None]
) -> None:
    make_survey(engine)
    _send(make_persona("first"), THREE_PAGES, {"q-status": "retired"})
    resident = make_persona("second")
    saved = _send(
        resident, THREE_PAGES, {"q-status": "working", "q-mode": "car", "action": "later"}
    )
    assert short_way[-1] is not None
    assert re.fullmatch(rf"{THREE_PAGES}/antwort/\w+/gespeichert", saved.headers["location"])
    second = _responses(engine)[1]
    assert (second.submitted_on, second.next_page) == (None, 1)
    answered = {row[1:3] for row in _stored(engine)[second.id or 0]}
    assert answered == {("status", "working"), ("mode", "car")}


def test_a_form_with_errors_goes_the_full_way_and_keeps_what_was_entered(
    make_persona: Callable[..., Persona], one_page: int, engine: Engine, short_way: list[str | None]
) -> None:
    _send(make_persona("first"), ONE_PAGE, {"q-status": "retired"})
    answer = _send(make_persona("second"), ONE_PAGE, {"q-status": "working", "q-distance": "9999"})
    assert answer.status_code == 422
    assert 'value="9999"' in answer.text
    assert "Bitte geben Sie eine Zahl zwischen 0 und 300 ein." in answer.text
    assert short_way == []
    assert len(_responses(engine)) == 1


@pytest.fixture
def postgres_only(backend: str) -> Iterator[None]:
    if backend != "postgresql":
        pytest.skip("the short way's own connections are PostgreSQL's")
    yield


def test_a_broken_connection_of_the_short_way_is_replaced(
    postgres_only: None,
    make_persona: Callable[..., Persona],
    one_page: int,
    engine: Engine,
    short_way: list[str | None],
) -> None:
    resident = make_persona("resident")
    for _ in range(3):
        assert _send(resident, ONE_PAGE, {"q-status": "retired"}).status_code == 303
    with engine.connect() as conn:  # as a restarted server would: every connection ends
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": APPLICATION_NAME},
        ).scalar()
        conn.commit()
    assert ended and ended >= 1
    answer = _send(resident, ONE_PAGE, {"q-status": "retired"})
    assert answer.status_code == 303
    assert short_way[-1] is not None
    assert len(_responses(engine)) == 4


def test_the_short_way_takes_the_databases_own_application_name(
    postgres_only: None,
    make_persona: Callable[..., Persona],
    settings: Settings,
    engine_kwargs: dict[str, Any],
    one_page: int,
    engine: Engine,
) -> None:
    url = f"{settings.database_url}?application_name=rathaus"
    named = make_engine(dataclasses.replace(settings, database_url=url), **engine_kwargs)

    async def store() -> str | None:
        writer = LoopWriter(named)
        try:
            structure = build_structure_for(engine, one_page)
            return await responses.start_alone(
                writer, one_page, structure.revision, "s" * 32, "nonce-rathaus",
                date.today(), responses.NextStep(1, complete=True),
                {"status": {"codes": ["retired"]}},
            )  # fmt: skip
        finally:
            await writer.close()
            named.dispose()

    _send(make_persona("first"), ONE_PAGE, {"q-status": "retired"})  # marks the survey
    assert asyncio.run(store()) is not None
    assert len(_responses(engine)) == 2
