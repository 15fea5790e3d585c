"""Demo surveys: an open Pendlerbefragung in every pilot town, optionally with answers.

The answers are made up but plausible, and each town has its own profile: people around
Dießen commute far, many to München; Wittenberge's long-distance commuters take the train
to Berlin or Hamburg; Mölln looks to Hamburg and Lübeck, Dippoldiswalde to Dresden,
Oestrich-Winkel to Wiesbaden, Mainz and Frankfurt. Answers follow the survey's
conditions, so the results pages, cross-tabulations and exports have something real to
show. Seeding is idempotent and deterministic per town (the resume tokens aside).
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from beteiligung import clock
from beteiligung.surveys.demo_profiles import PROFILES, TownProfile
from beteiligung.surveys.models import AccessMode, Answer, Response, Survey, SurveyStatus
from beteiligung.surveys.templates import (
    TEMPLATES,
    WORKING_CODES,
    create_from_template,
    place_options,
)
from beteiligung.surveys.templates.pendler import INTERESTED
from beteiligung.towns.models import Town

TEMPLATE_KEY = "pendlerbefragung"
SURVEY_WEEKS = 6
SKIP = 0.04  # chance that someone leaves an optional question out
DISTANCES = ("km_0_5", "km_5_10", "km_10_25", "km_25_50", "km_50_plus")
AGE_GROUPS = ("under_30", "age_30_44", "age_45_59", "age_60_plus")
AGE_WEIGHTS = {"training": (0.9, 0.1, 0.0, 0.0), "not_working": (0.08, 0.1, 0.12, 0.7)}


def _pick(rng: random.Random, codes: Sequence[str], weights: Sequence[float] | None) -> str:
    return rng.choices(codes, weights)[0]


def _pick_some(
    rng: random.Random, weighted: dict[str, float], most: int | None = None
) -> list[str]:
    """Each code with its own chance; at most `most`, keeping the likeliest ones."""
    chosen = [code for code, chance in weighted.items() if rng.random() < chance]
    if most is not None and len(chosen) > most:
        chosen = sorted(chosen, key=lambda code: -weighted[code])[:most]
    return chosen


class _Answers:
    """The answers of one response, as Answer row values; skips a question now and then."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[dict[str, Any]] = []

    def skipped(self) -> bool:
        return self.rng.random() < SKIP

    def add(self, key: str, *codes: str, number: float | None = None, text: str = "") -> None:
        for code in codes or ("",):
            self.rows.append(
                {
                    "question_key": key,
                    "option_code": code,
                    "row_code": "",
                    "number": number,
                    "text": text if code in ("", "other") else "",
                }
            )

    def give(self, key: str, code: str) -> str | None:
        if self.skipped():
            return None
        self.add(key, code)
        return code

    def choose(self, key: str, codes: Sequence[str], weights: Sequence[float] | None) -> str | None:
        return self.give(key, _pick(self.rng, codes, weights))


def _commute(answers: _Answers, profile: TownProfile, status: str) -> int:
    """The commuting page; returns the distance band (0–4, or -1 when not answered)."""
    rng = answers.rng
    band = rng.choices(range(len(DISTANCES)), profile.distances)[0]
    places = ("in_town", "neighbour", "city", "elsewhere", "varying")
    place_weights = [
        (0.86, 0.08, 0.0, 0.02, 0.04),
        (0.35, 0.55, 0.0, 0.04, 0.06),
        (0.05, 0.55, 0.2, 0.12, 0.08),
        (0.0, 0.2, 0.5, 0.22, 0.08),
        (0.0, 0.05, 0.7, 0.2, 0.05),
    ][band]
    answers.choose("work_place", places, place_weights)
    distance = answers.give("commute_distance", DISTANCES[band])
    times = ("min_0_10", "min_10_30", "min_30_60", "min_60_plus")
    time_weights = [
        (0.6, 0.38, 0.02, 0.0),
        (0.2, 0.7, 0.1, 0.0),
        (0.02, 0.55, 0.38, 0.05),
        (0.0, 0.07, 0.6, 0.33),
        (0.0, 0.0, 0.3, 0.7),
    ][band]
    answers.choose("commute_time", times, time_weights)
    modes = ("car_alone", "carpool", "bus", "train", "bike", "walk", "combined", "other_mode")
    if band == 0:
        mode_weights = (0.25, 0.02, 0.04, 0.0, 0.36, 0.3, 0.0, 0.03)
    elif band == 1:
        mode_weights = (0.52, 0.08, profile.bus, 0.0, 0.2, 0.02, 0.04, 0.03)
    elif band == 2:
        mode_weights = (0.6, 0.1, profile.bus, profile.train / 3, 0.04, 0.0, 0.06, 0.02)
    else:
        mode_weights = (0.55, 0.08, 0.03, profile.train * 0.7, 0.0, 0.0, profile.train * 0.3, 0.01)
    answers.choose("commute_mode", modes, mode_weights)
    days = ("days_0", "days_1", "days_2", "days_3", "days_4", "days_5_plus")
    if status == "self_employed":
        day_weights = (0.25, 0.1, 0.1, 0.1, 0.1, 0.35)
    elif band >= 3:
        day_weights = (0.04, 0.08, 0.16, 0.22, 0.2, 0.3)
    else:
        day_weights = (0.02, 0.03, 0.06, 0.12, 0.17, 0.6)
    answers.choose("commute_days", days, day_weights)
    return band if distance is not None else -1


def _home_office(answers: _Answers, status: str, band: int) -> str | None:
    """The home-office page; returns the interest in coworking (None when not answered)."""
    rng = answers.rng
    allowed = {
        "employed": (0.3, 0.15, 0.2, 0.12, 0.05, 0.08, 0.1),
        "civil_servant": (0.45, 0.2, 0.15, 0.08, 0.02, 0.02, 0.08),
        "self_employed": (0.1, 0.05, 0.1, 0.1, 0.1, 0.5, 0.05),
        "training": (0.6, 0.15, 0.1, 0.03, 0.01, 0.01, 0.1),
    }[status]
    codes = ("days_0", "days_1", "days_2", "days_3", "days_4", "days_5", "dont_know")
    answers.choose("home_office_days", codes, allowed)
    suitability = None
    if not answers.skipped():
        # 1 = gar nicht, 5 = sehr gut (version 2): most homes do well enough.
        suitability = rng.choices((1, 2, 3, 4, 5), (0.09, 0.15, 0.22, 0.3, 0.24))[0]
        answers.add("home_suitability_rating", number=suitability)
    interest = [0.08, 0.22, 0.3, 0.4]
    if band >= 3:
        interest = [0.18, 0.3, 0.27, 0.25]
    if suitability is not None and suitability <= 2:
        interest = [interest[0] + 0.08, interest[1] + 0.08, interest[2], interest[3] / 2]
    return answers.choose(
        "coworking_interest", ("yes_regularly", "yes_occasionally", "maybe", "no"), interest
    )


def _coworking(answers: _Answers, interest: str | None, age: str | None) -> None:
    """The coworking page: only for people at least "maybe" interested."""
    if interest is None or interest not in INTERESTED:
        return
    answers.choose(
        "coworking_days",
        ("days_1_2", "days_3_5", "days_6_10", "days_10_plus"),
        {
            "yes_regularly": (0.1, 0.35, 0.35, 0.2),
            "yes_occasionally": (0.5, 0.4, 0.08, 0.02),
            "maybe": (0.7, 0.25, 0.05, 0.0),
        }[interest],
    )
    keen = 1.0 if interest in ("yes_regularly", "yes_occasionally") else 0.6
    needs = {
        "fast_internet": 0.85,
        "quiet_desks": 0.55,
        "meeting_room": 0.3,
        "printing": 0.2,
        "kitchen": 0.35,
        "long_hours": 0.3,
        "childcare": 0.3 if age == "age_30_44" else 0.06,
        "parking": 0.35,
        "near_station": 0.25,
        "community": 0.22,
    }
    chosen = _pick_some(answers.rng, {code: chance * keen for code, chance in needs.items()})
    if chosen and not answers.skipped():
        answers.add("coworking_needs", *chosen)
    prices = ("eur_0", "eur_1_10", "eur_10_20", "eur_20_30", "eur_30_plus", "employer_pays")
    if interest == "maybe":
        answers.choose("day_price", prices, (0.3, 0.4, 0.2, 0.05, 0.01, 0.04))
    else:
        answers.choose("day_price", prices, (0.08, 0.34, 0.3, 0.1, 0.03, 0.15))


def _local_work_helps(answers: _Answers, interest: str | None, age: str | None) -> None:
    """On the home-office page; "Nichts davon" stands alone."""
    if not answers.skipped():
        if answers.rng.random() < 0.1:
            answers.add("local_work_helps", "nothing")
        else:
            helps = {
                "employer_consent": 0.5,
                "coworking": 0.55 if interest != "no" else 0.15,
                "better_internet": 0.3,
                "local_jobs": 0.4,
                "childcare": 0.3 if age == "age_30_44" else 0.08,
            }
            chosen = _pick_some(answers.rng, helps, most=3) or ["local_jobs"]
            answers.add("local_work_helps", *chosen)


def _town_and_you(
    answers: _Answers,
    profile: TownProfile,
    interest: str | None,
    age: str | None,
    districts: Sequence[str],
) -> None:
    rng = answers.rng
    if not answers.skipped():
        if rng.random() < 0.05:
            answers.add("centre_rating", "dont_know")
        else:
            rating = min(5, max(1, round(rng.gauss(profile.centre, 0.9))))
            answers.add("centre_rating", number=rating)
    uses = {
        "coworking": 0.55 if interest in ("yes_regularly", "yes_occasionally") else 0.25,
        "cafe": 0.6,
        "workshop": 0.3,
        "culture": 0.45,
        "popup": 0.35,
        "housing": 0.3,
    }
    chosen = _pick_some(rng, uses, most=4)
    other = rng.choice(profile.other_uses) if rng.random() < 0.08 else ""
    if other:
        chosen.append("other")
    if chosen and not answers.skipped():
        answers.add("vacancy_uses", *chosen, text=other)
    if age is not None:
        answers.add("age_group", age)
    weights = (*profile.district_weights, 0.04)
    answers.choose("home_district", districts, weights if len(weights) == len(districts) else None)


def _respond(rng: random.Random, profile: TownProfile, districts: Sequence[str]) -> _Answers:
    """One complete, plausible response that follows the survey's conditions."""
    answers = _Answers(rng)
    working_share = profile.working
    status = _pick(
        rng,
        (*WORKING_CODES, "not_working"),
        (
            working_share * 0.76,
            working_share * 0.1,
            working_share * 0.08,
            working_share * 0.06,
            1 - working_share,
        ),
    )
    # Left out now and then: the pages for people in work are then shown all the same, and
    # who works answers them (who does not leaves them empty).
    if rng.random() >= 0.015:
        answers.add("work_status", status)
    working = status in WORKING_CODES
    age = _pick(rng, AGE_GROUPS, AGE_WEIGHTS.get(status, (0.18, 0.34, 0.36, 0.12)))
    age_given = None if answers.skipped() else age
    interest = None
    if working:
        band = _commute(answers, profile, status)
        interest = _home_office(answers, status, band)
        _local_work_helps(answers, interest, age)
    _coworking(answers, interest, age)
    _town_and_you(answers, profile, interest, age_given, districts)
    return answers


def _add_responses(db: Session, town: Town, survey: Survey, profile: TownProfile) -> int:
    rng = random.Random(f"beteiligung-demo-{town.slug}")
    template = TEMPLATES[TEMPLATE_KEY]
    districts = [
        option.code for option in place_options(town, template.question("home_district").options)
    ]
    today = clock.today()
    drafts = []
    for _ in range(rng.randint(200, 400)):
        started = today - timedelta(days=rng.randint(0, SURVEY_WEEKS * 7 - 1))
        submitted = min(
            today, started + timedelta(days=rng.choices((0, 1, 3), (0.85, 0.1, 0.05))[0])
        )
        response = Response(
            survey_id=survey.id,  # type: ignore[arg-type]
            token_hash=hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest(),
            start_nonce=secrets.token_hex(16),
            started_on=started,
            updated_on=submitted,
            submitted_on=submitted,
            next_page=len(template.pages),
        )
        drafts.append((response, _respond(rng, profile, districts)))
    db.add_all([response for response, _ in drafts])
    db.flush()
    rows = [
        {**row, "response_id": response.id, "survey_id": survey.id}
        for response, answers in drafts
        for row in answers.rows
    ]
    # Core executemany: the ORM bulk path splits rows with and without a number into batches.
    db.connection().execute(insert(Answer), rows)
    survey.has_responses = True
    db.add(survey)
    return len(drafts)


def seed_demo_surveys(db: Session, with_responses: bool) -> dict[str, int]:
    """An open Pendlerbefragung in every demo town that has none yet; returns the counts."""
    created = {"surveys": 0, "responses": 0}
    towns = db.exec(select(Town).where(col(Town.slug).in_(list(PROFILES)))).all()
    has_survey = set(
        db.exec(
            select(Survey.town_id).where(
                Survey.template_key == TEMPLATE_KEY,
                col(Survey.town_id).in_([town.id for town in towns]),
            )
        )
    )
    for town in sorted(towns, key=lambda t: list(PROFILES).index(t.slug)):
        if town.id in has_survey:
            continue
        profile = PROFILES[town.slug]
        if not town.districts.strip():
            town.districts = "\n".join(profile.districts)
            db.add(town)
        survey = create_from_template(db, town, TEMPLATE_KEY)
        survey.status = SurveyStatus.OPEN.value
        survey.access_mode = AccessMode.OPEN.value
        survey.opens_on = clock.today() - timedelta(weeks=SURVEY_WEEKS)
        db.add(survey)
        created["surveys"] += 1
        if with_responses:
            created["responses"] += _add_responses(db, town, survey, profile)
    db.flush()
    return created
