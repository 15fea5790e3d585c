"""The lookups the residents' idea routes share: a public idea of a town (404 for
anything else) and the address of an idea's page. A town by its address is
towns.routes.public_town."""

from __future__ import annotations

from litestar.exceptions import NotFoundException
from sqlmodel import Session

from beteiligung.ideas import service
from beteiligung.ideas.display import idea_ref as idea_ref_of
from beteiligung.ideas.models import Idea
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest


def idea_url(request: AnyRequest, town: Town, idea: Idea) -> str:
    return request.app.route_reverse("idea_detail", town_slug=town.slug, idea_ref=idea_ref_of(idea))


def public_idea(db: Session, town: Town, idea_id: int) -> Idea:
    idea = service.idea_of_town(db, town, idea_id)
    if idea is None or not idea.is_public:
        raise NotFoundException()
    return idea
