"""Submitting an idea: the form, the live hints of similar ideas, the confirmation step
for similar ideas without JavaScript, and the page after sending.

Registered with the other residents' idea routes through IDEA_ROUTES in ideas/routes.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas import service
from beteiligung.ideas.browser import LIMITS, RateLimits, too_many_text
from beteiligung.ideas.models import ModerationMode
from beteiligung.ideas.service import FormResult
from beteiligung.plans.models import all_fields
from beteiligung.towns.models import Town
from beteiligung.towns.routes import public_town
from beteiligung.web import AnyRequest, FormErrors, page, see_other

Db = NamedDependency[Session]
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
PUBLIC = {"public": True}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


EMPTY_IDEA = {"title": "", "body": "", "field": "", "place": "", "email": "", "consent": ""}


def _new_context(db: Session, town: Town, values: dict[str, str], **extra: Any) -> dict[str, Any]:
    fields = all_fields(db)
    return {
        "town": town,
        "values": values,
        "field_options": [("", _("Bitte wählen"))]
        + [(f.key, service.field_name(f)) for f in fields],
        "districts": [line.strip() for line in town.districts.splitlines() if line.strip()],
        "limits": service.LIMITS,
        "pre_moderation": town.idea_moderation != ModerationMode.POST,
        "similar": [],
        "fields": service.fields_by_id(db),
        **extra,
    }


@get("/{town_slug:str}/ideen/neu", name="idea_new", sync_to_thread=True, opt=PUBLIC)
def idea_new(db: Db, town_slug: FromPath[str]) -> Template:
    town = public_town(db, town_slug)
    return page("ideas/new.html", _new_context(db, town, dict(EMPTY_IDEA)))


@get("/{town_slug:str}/ideen/aehnliche", name="idea_similar", sync_to_thread=True, opt=PUBLIC)
def idea_similar(request: AnyRequest, db: Db, town_slug: FromPath[str]) -> Template:
    """The live hints of the form (htmx); without JavaScript the form with its hints."""
    # Read by hand: Litestar reserves the parameter name `body` for the raw request body.
    title = _str(request.query_params.get("title"))
    body = _str(request.query_params.get("body"))
    town = public_town(db, town_slug)
    values = {**EMPTY_IDEA, "title": title[:200], "body": body[:3000]}
    context = _new_context(db, town, values, **_shown_hints(db, town, title, body))
    return page("ideas/new.html", context, partial="ideas/_similar.html", request=request)


def _shown_hints(db: Session, town: Town, title: str, body: str) -> dict[str, Any]:
    """Similar ideas shown beside the form; `live` marks them seen in the form, so that
    sending it skips the separate step for similar ideas."""
    return {"similar": service.similar_ideas(db, town, title[:200], body[:3000]), "live": True}


@post(
    "/{town_slug:str}/ideen/neu",
    name="idea_submit",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
    dependencies=LIMITS,
)
def idea_submit(
    request: AnyRequest, db: Db, limits: RateLimits, town_slug: FromPath[str], data: Form
) -> Template | Redirect:
    town = public_town(db, town_slug)
    form = service.validate_idea(db, data)
    title, body = form.values["title"], form.values["body"]
    # A form sent back (error, limit) shows the similar ideas as the live hints did, with
    # and without JavaScript: the resident has seen them and is not asked again.
    if form.errors:
        errors = FormErrors(fields=form.errors)
        return _new_form(db, town, form, errors, 422, **_shown_hints(db, town, title, body))
    # Without JavaScript the similar ideas come as a step of their own before sending;
    # with htmx the resident saw them live while typing (the hints carry "seen").
    if data.get("aehnliche_gesehen") != "ja" and data.get("trotzdem") != "ja":
        similar = service.similar_ideas(db, town, title, body)
        if similar:
            return _new_form(db, town, form, None, 200, similar=similar, confirm=True)
    if limits.exceeded("submit"):
        errors = FormErrors(general=[too_many_text()])
        return _new_form(db, town, form, errors, 429, **_shown_hints(db, town, title, body))
    idea, _contact = service.submit_idea(db, town, form)
    target = request.app.route_reverse("idea_submitted", town_slug=town.slug)
    return see_other(f"{target}?nr={idea.id}")


def _new_form(
    db: Session, town: Town, form: FormResult, errors: FormErrors | None, status: int, **extra: Any
) -> Template:
    context = _new_context(db, town, form.values, errors=errors, **extra)
    return Template(template_name="ideas/new.html", context=context, status_code=status)


@get("/{town_slug:str}/ideen/eingereicht", name="idea_submitted", sync_to_thread=True, opt=PUBLIC)
def idea_submitted(db: Db, town_slug: FromPath[str], nr: FromQuery[str] = "") -> Template:
    town = public_town(db, town_slug)
    number = int(nr) if nr.isascii() and nr.isdigit() and len(nr) < 11 else 0
    idea = service.idea_of_town(db, town, number)
    shown = idea if idea is not None and idea.is_public else None
    return page("ideas/submitted.html", {"town": town, "idea": shown})


SUBMIT_ROUTES = [idea_new, idea_similar, idea_submit, idea_submitted]
