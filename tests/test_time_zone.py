"""Residents and staff live in one day: the towns' (BETEILIGUNG_TIME_ZONE), not the server's.

The app's clock is stopped at 23:30 and at 00:30 Berlin time in summer. At 00:30 the UTC
date (the server's, in the container) is still the day before: on that date a survey
stayed open two hours after its last day and said "not yet" for two hours of its first,
and pages printed a moment's UTC date beside its Berlin date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from beteiligung import clock
from beteiligung.audit import AuditEntry
from beteiligung.clock import Clock
from beteiligung.db import make_engine, session_scope
from beteiligung.ideas.models import Comment, Idea, IdeaEvent, Support
from beteiligung.settings import Settings, SettingsError
from beteiligung.surveys.models import Response, Survey
from beteiligung.towns.models import Town
from tests.conftest import Persona
from tests.surveys import make_survey
from tests.test_ideas import MakeIdea, make_idea  # noqa: F401  (fixture)
from tests.test_survey_submissions import _nonce, short_way  # noqa: F401  (fixture)

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2025, 6, 10)  # summer time: Berlin is two hours ahead of UTC
SURVEY = "/moelln/umfragen/zeitzone"
NOT_YET = "Diese Umfrage beginnt am"
CLOSED = "Diese Umfrage ist beendet."


def berlin(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


LAST_EVENING = berlin(DAY, 23, 30)  # the last half hour of DAY
NEXT_NIGHT = berlin(DAY + timedelta(days=1), 0, 30)  # 22:30 UTC: still DAY on the server
EVE = berlin(DAY - timedelta(days=1), 23, 30)  # the day before DAY
FIRST_NIGHT = berlin(DAY, 0, 30)  # 22:30 UTC on the day before: the server's DAY - 1


@pytest.fixture
def town_clock(app: Litestar) -> Clock:
    """The app's clock (every persona's app shares it): tests stop it where they need."""
    stopped: Clock = app.state.clock
    return stopped


def _answer(resident: Persona) -> Any:
    """The start page and its form sent, as a resident does it."""
    page = resident.get(SURVEY)
    assert page.status_code == 200
    return resident.post(SURVEY, {"nonce": _nonce(page), "q-status": "retired"})


def _responses(engine: Engine) -> list[Response]:
    with Session(engine) as db:
        return list(db.exec(select(Response).order_by(col(Response.id))).all())


def _change_elsewhere(settings: Settings, engine_kwargs: dict[str, Any], **values: Any) -> None:
    """A change by another worker: this worker's copy of the survey's row stays as it was,
    so only the short way's INSERT itself can notice it."""
    other = make_engine(settings, **engine_kwargs)
    with Session(other) as db:
        db.execute(update(Survey).where(col(Survey.slug) == "zeitzone").values(**values))
        db.commit()
    other.dispose()


# --------------------------------------------------------------------------- the full way


def test_it_keeps_a_survey_open_until_midnight_of_its_last_day_in_the_town(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    make_survey(engine, slug="zeitzone", one_page=True, closes_on=DAY)
    town_clock.stop_at(LAST_EVENING)
    assert _answer(resident).status_code == 303
    (stored,) = _responses(engine)
    assert stored.started_on == stored.submitted_on == DAY


def test_it_closes_a_survey_at_midnight_after_its_last_day_in_the_town(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    make_survey(engine, slug="zeitzone", one_page=True, closes_on=DAY)
    town_clock.stop_at(LAST_EVENING)
    nonce = _nonce(resident.get(SURVEY))
    town_clock.stop_at(NEXT_NIGHT)
    page = resident.get(SURVEY)
    assert CLOSED in page.text and 'name="nonce"' not in page.text
    assert "Testumfrage" not in resident.get("/moelln").text
    sent = resident.post(SURVEY, {"nonce": nonce, "q-status": "retired"})
    assert sent.status_code == 409 and CLOSED in sent.text
    assert _responses(engine) == []


def test_it_says_not_yet_until_midnight_before_the_first_day_in_the_town(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    make_survey(engine, slug="zeitzone", one_page=True, opens_on=DAY)
    town_clock.stop_at(EVE)
    page = resident.get(SURVEY)
    assert NOT_YET in page.text and "10.06.2025" in page.text
    assert 'name="nonce"' not in page.text


def test_it_opens_a_survey_at_midnight_of_its_first_day_in_the_town(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    make_survey(engine, slug="zeitzone", one_page=True, opens_on=DAY)
    town_clock.stop_at(FIRST_NIGHT)
    assert "Testumfrage" in resident.get("/moelln").text
    assert _answer(resident).status_code == 303
    (stored,) = _responses(engine)
    assert stored.started_on == stored.submitted_on == DAY


@pytest.mark.parametrize("settings_overrides", [{"time_zone": "UTC"}])
def test_it_follows_the_configured_time_zone(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    """At 00:30 in Berlin it is 22:30 of the day before in UTC: a town in UTC still has
    the survey open (the setting, not a Berlin built in, decides)."""
    make_survey(engine, slug="zeitzone", one_page=True, closes_on=DAY)
    town_clock.stop_at(NEXT_NIGHT)
    assert _answer(resident).status_code == 303
    (stored,) = _responses(engine)
    assert stored.started_on == DAY


def test_it_does_not_serve_a_start_page_cached_before_midnight_after_the_last_day(
    engine: Engine, resident: Persona, town_clock: Clock
) -> None:
    make_survey(engine, slug="zeitzone", one_page=True, closes_on=DAY)
    town_clock.stop_at(LAST_EVENING)
    assert 'name="nonce"' in resident.get(SURVEY).text  # rendered and kept for the next
    town_clock.stop_at(NEXT_NIGHT)
    page = resident.get(SURVEY)
    assert CLOSED in page.text and 'name="nonce"' not in page.text


# --------------------------------------------------------------------------- the short way


@pytest.mark.parametrize(
    ("change", "moment", "stored_on"),
    [
        ({"closes_on": DAY}, LAST_EVENING, DAY),
        ({"closes_on": DAY}, NEXT_NIGHT, None),
        ({"opens_on": DAY}, EVE, None),
        ({"opens_on": DAY}, FIRST_NIGHT, DAY),
    ],
    ids=["last-evening", "night-after", "eve", "first-night"],
)
def test_the_short_way_checks_the_towns_day_in_its_insert(
    engine: Engine,
    settings: Settings,
    engine_kwargs: dict[str, Any],
    make_persona: Callable[..., Persona],
    town_clock: Clock,
    short_way: list[str | None],  # noqa: F811
    change: dict[str, Any],
    moment: datetime,
    stored_on: date | None,
) -> None:
    """The survey's dates changed by another worker a moment ago: this worker still takes
    the survey for open, and the INSERT alone decides, on the towns' day passed to it."""
    make_survey(engine, slug="zeitzone", one_page=True)
    town_clock.stop_at(berlin(DAY - timedelta(days=3), 12, 0))
    assert _answer(make_persona("first")).status_code == 303  # the full way marks it
    resident = make_persona("resident")
    nonce = _nonce(resident.get(SURVEY))  # this worker has the row and structure now
    _change_elsewhere(settings, engine_kwargs, **change)
    town_clock.stop_at(moment)
    sent = resident.post(SURVEY, {"nonce": nonce, "q-status": "retired"})
    stored = _responses(engine)[1:]
    if stored_on is None:
        assert short_way == [None]  # refused by the INSERT, explained by the full way
        assert sent.status_code == 409
        assert stored == []
    else:
        assert short_way and short_way[0] is not None
        assert sent.status_code == 303
        assert [(r.started_on, r.submitted_on) for r in stored] == [(stored_on, stored_on)]


# --------------------------------------------------------------------------- shown times


@pytest.fixture
def idea_at_first_night(engine: Engine, make_idea: MakeIdea) -> int:  # noqa: F811
    """An idea, a comment and a public step at 00:30 Berlin on DAY (22:30 UTC the day
    before), stored with microseconds as utcnow() gives them."""
    moment = FIRST_NIGHT.astimezone(UTC).replace(microsecond=123456)
    idea_id = make_idea()
    with session_scope(engine) as db:
        idea = db.get(Idea, idea_id)
        assert idea is not None
        idea.created_at = moment
        db.add(idea)
        db.add(Comment(idea_id=idea_id, body="Gute Idee.", created_at=moment))
        db.add(IdeaEvent(idea_id=idea_id, action="published", is_public=True, created_at=moment))
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        db.add(AuditEntry(town_id=town.id, user_id=None, action="texts_changed", created_at=moment))
    return idea_id


def test_residents_see_the_towns_day_of_a_moment_in_text_and_time_element(
    resident: Persona, idea_at_first_night: int
) -> None:
    for path in (f"/moelln/ideen/{idea_at_first_night}-x", "/moelln/ideen"):
        page = resident.get(path, follow_redirects=True)
        assert page.status_code == 200
        stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page.text)
        assert stamps, f"no <time> on {path}"
        assert ("2025-06-10", "10.06.2025") in stamps
        assert all(value == "2025-06-10" for value, _ in stamps), stamps


def test_staff_see_local_times_with_offset_and_without_microseconds(
    app: Litestar,
    moelln_admin: Persona,
    idea_at_first_night: int,
) -> None:
    for path in (
        app.route_reverse("staff_idea", town_slug="moelln", idea_id=idea_at_first_night),
        app.route_reverse("staff_audit", town_slug="moelln"),
    ):
        page = moelln_admin.get(path)
        assert page.status_code == 200
        stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page.text)
        assert ("2025-06-10T00:30:00+02:00", "10.06.25, 00:30") in stamps, stamps


# --------------------------------------------------------------------------- the clock


def test_a_support_is_stored_on_the_towns_day(
    app: Litestar,
    engine: Engine,
    resident: Persona,
    town_clock: Clock,
    make_idea: MakeIdea,  # noqa: F811
) -> None:
    idea_id = make_idea()
    town_clock.stop_at(FIRST_NIGHT)
    assert resident.get(f"/moelln/ideen/{idea_id}-x", follow_redirects=True).status_code == 200
    support = app.route_reverse("idea_support", town_slug="moelln", idea_id=idea_id)
    assert resident.post(support, {}).status_code == 303
    with Session(engine) as db:
        assert [s.created_on for s in db.exec(select(Support)).all()] == [DAY]


def test_it_refuses_an_unknown_time_zone_in_german() -> None:
    with pytest.raises(SettingsError, match="BETEILIGUNG_TIME_ZONE: 'Europe/Mölln' ist keine"):
        Settings(time_zone="Europe/Mölln")
    settings = Settings.from_env(
        {"BETEILIGUNG_TIME_ZONE": "Europe/Vienna", "BETEILIGUNG_SECRET_KEY": "x"}
    )
    assert settings.time_zone == "Europe/Vienna"


def test_a_stopped_clock_needs_a_moment_with_its_zone() -> None:
    with pytest.raises(ValueError):
        Clock().stop_at(datetime(2025, 6, 10, 0, 30))
    stopped = Clock("Europe/Berlin")
    stopped.stop_at(FIRST_NIGHT.astimezone(UTC))
    assert stopped.today() == DAY and stopped.now().utcoffset() == timedelta(hours=2)
    assert clock.iso_datetime(FIRST_NIGHT.replace(microsecond=5)) == "2025-06-10T00:30:00+02:00"
