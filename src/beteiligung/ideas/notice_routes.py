"""The author's notice links from the e-mails: see the notices, stop them, delete the address.

Registered with the other residents' idea routes through IDEA_ROUTES in ideas/routes.py.
"""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas import service
from beteiligung.ideas.models import Idea
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, page, see_other

Db = NamedDependency[Session]
PUBLIC = {"public": True}


def _contact(request: AnyRequest, db: Session, token: str) -> Any:
    contact = service.contact_by_token(db, request.app.state.settings.secret_key, token[:80])
    if contact is None:
        message = _(
            "Dieser Link gilt nicht (mehr). Vielleicht wurde Ihre E-Mail-Adresse bereits gelöscht."
        )
        raise NotFoundException(detail=message, extra={"message": message})
    return contact


@get(
    "/ideen/benachrichtigung/{notice_token:str}",
    name="idea_notices",
    sync_to_thread=True,
    opt=PUBLIC,
)
def idea_notices(request: AnyRequest, db: Db, notice_token: FromPath[str]) -> Template:
    contact = _contact(request, db, notice_token)
    idea = db.get(Idea, contact.idea_id)
    town = db.get(Town, idea.town_id) if idea else None
    return page(
        "ideas/notices.html",
        {"contact": contact, "idea": idea, "town": town, "token": notice_token},
    )


@post(
    "/ideen/benachrichtigung/{notice_token:str}/abbestellen",
    name="idea_notices_stop",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
)
def idea_notices_stop(request: AnyRequest, db: Db, notice_token: FromPath[str]) -> Redirect:
    service.stop_notices(db, _contact(request, db, notice_token))
    return see_other(request.app.route_reverse("idea_notices", notice_token=notice_token))


@post(
    "/ideen/benachrichtigung/{notice_token:str}/loeschen",
    name="idea_notices_delete",
    status_code=200,
    sync_to_thread=True,
    opt=PUBLIC,
)
def idea_notices_delete(request: AnyRequest, db: Db, notice_token: FromPath[str]) -> Template:
    contact = _contact(request, db, notice_token)
    idea = db.get(Idea, contact.idea_id)
    town = db.get(Town, idea.town_id) if idea else None
    service.delete_contact(db, contact)
    return page(
        "ideas/notices.html", {"contact": None, "idea": idea, "town": town, "deleted": True}
    )


NOTICE_ROUTES = [idea_notices, idea_notices_stop, idea_notices_delete]
