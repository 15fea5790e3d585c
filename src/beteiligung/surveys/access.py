"""Lookup helpers for survey pages: another town's survey is 404, a missing role 403."""

from __future__ import annotations

from litestar.exceptions import NotFoundException
from sqlmodel import Session, col, select

from beteiligung.accounts.access import town_for_staff
from beteiligung.accounts.models import Role, User
from beteiligung.db import MAX_ID
from beteiligung.surveys.models import Survey, SurveyStatus
from beteiligung.towns.models import Town


def survey_for_staff(
    db: Session, user: User, town_slug: str, survey_id: int, role: Role = Role.TOWN_ADMIN
) -> tuple[Town, Survey]:
    """The town (checked for the user's role) and its survey; 404 for any other town's."""
    town = town_for_staff(db, user, town_slug, role)
    if not 0 < survey_id <= MAX_ID:  # no id at all; the databases would refuse the number
        raise NotFoundException()
    survey = db.get(Survey, survey_id)
    if survey is None or survey.town_id != town.id:
        raise NotFoundException()
    return town, survey


def public_survey(db: Session, town_slug: str, survey_slug: str) -> tuple[Town, Survey]:
    """A survey residents may see: not a draft, in a published town. One query for both rows."""
    row = db.exec(
        select(Town, Survey)
        .join(Survey, Survey.town_id == Town.id)  # type: ignore[arg-type]
        .where(Town.slug == town_slug, Survey.slug == survey_slug, col(Town.published))
    ).first()
    if row is None or row[1].status == SurveyStatus.DRAFT:
        raise NotFoundException()
    return row[0], row[1]
