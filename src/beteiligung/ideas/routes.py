"""Residents and ideas: list, read, support, comment, report.

Nobody signs in. The browser cookie behind supports and reports and the per-client
rate limits live in ideas/browser.py. Submitting (ideas/submit_routes.py) and the
author's notice links (ideas/notice_routes.py) have modules of their own; IDEA_ROUTES
here registers them all.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas import service
from beteiligung.ideas.browser import (
    LIMITS,
    Browser,
    RateLimits,
    known_supporter,
    too_many_support,
    too_many_text,
)
from beteiligung.ideas.display import idea_ref as idea_ref_of
from beteiligung.ideas.lookups import idea_url, public_idea
from beteiligung.ideas.models import STATUS_LABELS, Idea, IdeaStatus
from beteiligung.ideas.notice_routes import NOTICE_ROUTES
from beteiligung.ideas.service import IdeaError
from beteiligung.ideas.submit_routes import SUBMIT_ROUTES
from beteiligung.plans.models import all_fields
from beteiligung.towns.models import Town
from beteiligung.towns.routes import public_town
from beteiligung.web import AnyRequest, FormErrors, is_htmx, page, see_other

Db = NamedDependency[Session]
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
PUBLIC = {"public": True}


# --------------------------------------------------------------------------- the list


def _filters(db: Session) -> dict[str, Any]:
    fields = all_fields(db)
    return {
        "field_options": [("", _("Alle Handlungsfelder"))]
        + [(f.key, service.field_name(f)) for f in fields],
        "status_options": [("", _("Jeder Stand"))]
        + [(s.value, _(STATUS_LABELS[s])) for s in IdeaStatus if s is not IdeaStatus.SUBMITTED],
        "sort_options": [
            ("neueste", _("Neueste zuerst")),
            ("unterstuetzt", _("Meiste Unterstützung")),
        ],
    }


@get("/{town_slug:str}/ideen", name="idea_list", sync_to_thread=True, opt=PUBLIC)
def idea_list(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    feld: FromQuery[str] = "",
    stand: FromQuery[str] = "",
    sortierung: FromQuery[str] = "neueste",
    seite: FromQuery[str] = "1",
) -> Template:
    town = public_town(db, town_slug)
    number = int(seite) if seite.isascii() and seite.isdigit() and len(seite) < 6 else 1
    sort = sortierung if sortierung in service.SORTS else "neueste"
    found = service.list_ideas(db, town, field_key=feld, status=stand, sort=sort, page=number)
    context = {
        "town": town,
        "found": found,
        "fields": service.fields_by_id(db),
        "chosen": {"feld": feld, "stand": stand, "sortierung": sort},
        **_filters(db),
    }
    return page("ideas/list.html", context, partial="ideas/_results.html", request=request)


# --------------------------------------------------------------------------- one idea


def _detail_context(
    request: AnyRequest, db: Session, town: Town, idea: Idea, **extra: Any
) -> dict[str, Any]:
    fields = service.fields_by_id(db)
    return {
        "town": town,
        "idea": idea,
        "field": fields.get(idea.field_id),
        "field_label": service.field_name(fields[idea.field_id]) if idea.field_id in fields else "",
        "status_label": _(STATUS_LABELS[IdeaStatus(idea.status)]),
        "timeline": service.timeline(db, idea),
        "comments": service.comments_of(db, idea),
        "supported": known_supporter(request, db, idea),
        "open": service.can_take_part(idea),
        "supportable": service.can_support(idea),
        "values": {"comment": "", "author_name": ""},
        "limits": {"comment": service.COMMENT_LIMIT, **service.LIMITS},
        "reported": set(),
        **extra,
    }


@get("/{town_slug:str}/ideen/{idea_ref:str}", name="idea_detail", sync_to_thread=True, opt=PUBLIC)
def idea_detail(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    idea_ref: FromPath[str],
    gemeldet: FromQuery[str] = "",
) -> Template | Redirect:
    town = public_town(db, town_slug)
    number = idea_ref.split("-", 1)[0]
    if not (number.isascii() and number.isdigit() and len(number) < 11):
        raise NotFoundException()
    idea = service.idea_of_town(db, town, int(number))
    if idea is None:
        raise NotFoundException()
    kept = service.final_idea(db, idea)
    if kept is not idea and kept.is_public:
        # A merged duplicate: its address leads to the idea that was kept, for good.
        return Redirect(path=idea_url(request, town, kept), status_code=301)
    if not idea.is_public:
        raise NotFoundException()
    if idea_ref != idea_ref_of(idea):
        return Redirect(path=idea_url(request, town, idea), status_code=301)
    extra = _report_thanks(request, db, idea, gemeldet)
    return page("ideas/detail.html", _detail_context(request, db, town, idea, **extra))


def _report_thanks(request: AnyRequest, db: Session, idea: Idea, reported: str) -> dict[str, Any]:
    """After a report sent without JavaScript (POST, 303, this page): the thanks beside the
    comment, only when this browser did report it, so a link passed on shows nothing."""
    if not (reported.isascii() and reported.isdigit() and len(reported) < 11):
        return {}
    comment = service.comment_of_idea(db, idea, int(reported))
    browser = Browser(request)
    if comment is None or browser.is_new:
        return {}
    if not service.has_reported(db, comment, browser.key("report")):
        return {}
    message = _("Danke für Ihren Hinweis. Die Moderation sieht sich den Kommentar an.")
    return {"reported": {comment.id}, "report_message": message}


def _support_answer(
    request: AnyRequest,
    db: Session,
    town: Town,
    idea: Idea,
    message: str,
    status: int,
    **extra: Any,
) -> Template:
    """htmx swaps the support box; a plain form gets the whole page with the message."""
    context = _detail_context(request, db, town, idea, support_message=message, **extra)
    if is_htmx(request):
        return Template(template_name="ideas/_support.html", context=context, status_code=200)
    return Template(template_name="ideas/detail.html", context=context, status_code=status)


@post(
    "/{town_slug:str}/ideen/{idea_id:int}/unterstuetzen",
    name="idea_support",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
    dependencies=LIMITS,
)
def idea_support(
    request: AnyRequest,
    db: Db,
    limits: RateLimits,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
) -> Template | Redirect:
    town = public_town(db, town_slug)
    idea = public_idea(db, town, idea_id)
    browser = Browser(request)
    if limits.exceeded("support"):
        return _support_answer(request, db, town, idea, too_many_support(), 429)
    try:
        counted = service.support(db, idea, browser.key("support"))
    except IdeaError as exc:
        return _support_answer(request, db, town, idea, str(exc), 409)
    if not counted:
        message = _("Sie unterstützen diese Idee bereits. Danke! Jede Person zählt einmal.")
        answer = _support_answer(request, db, town, idea, message, 409, supported=True)
        return browser.remember(answer)
    if is_htmx(request):
        # A first-time browser sends no cookie yet: the box must not offer support again.
        message = _("Danke für Ihre Unterstützung!")
        answer = _support_answer(request, db, town, idea, message, 200, supported=True)
        return browser.remember(answer)
    return browser.remember(see_other(idea_url(request, town, idea) + "#unterstuetzung"))


@post(
    "/{town_slug:str}/ideen/{idea_id:int}/zurueckziehen",
    name="idea_withdraw",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
)
def idea_withdraw(
    request: AnyRequest, db: Db, town_slug: FromPath[str], idea_id: FromPath[int]
) -> Template | Redirect:
    town = public_town(db, town_slug)
    idea = public_idea(db, town, idea_id)
    browser = Browser(request)
    if browser.is_new or not service.withdraw_support(db, idea, browser.key("support")):
        message = _(
            "Von diesem Gerät aus unterstützen Sie diese Idee nicht; es gibt nichts zurückzuziehen."
        )
        return _support_answer(request, db, town, idea, message, 409)
    if is_htmx(request):
        message = _("Ihre Unterstützung wurde zurückgezogen.")
        return _support_answer(request, db, town, idea, message, 200)
    return see_other(idea_url(request, town, idea) + "#unterstuetzung")


@post(
    "/{town_slug:str}/ideen/{idea_id:int}/kommentare",
    name="idea_comment",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
    dependencies=LIMITS,
)
def idea_comment(
    request: AnyRequest,
    db: Db,
    limits: RateLimits,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town = public_town(db, town_slug)
    idea = public_idea(db, town, idea_id)
    form = service.validate_comment(data)
    errors = FormErrors(fields=form.errors)
    status = 422
    if not service.can_take_part(idea):  # merged meanwhile: the form is gone from the page
        closed = _("Zu dieser Idee können im Moment keine Kommentare geschrieben werden.")
        errors, status = FormErrors(general=[closed]), 409
    if not errors and limits.exceeded("comment"):
        errors, status = FormErrors(general=[too_many_text()]), 429
    if not errors:
        try:
            comment = service.add_comment(db, idea, form)
        except IdeaError as exc:
            errors, status = FormErrors(general=[str(exc)]), 409
        else:
            if not is_htmx(request):
                return see_other(idea_url(request, town, idea) + f"#kommentar-{comment.id}")
            db.refresh(idea)
            message = _("Danke! Ihr Kommentar ist jetzt zu lesen.")
            context = _detail_context(request, db, town, idea, comment_message=message)
            return Template(template_name="ideas/_comments.html", context=context)
    context = _detail_context(request, db, town, idea, values=form.values, errors=errors)
    partial = "ideas/_comments.html" if is_htmx(request) and status == 422 else "ideas/detail.html"
    return Template(template_name=partial, context=context, status_code=status)


@post(
    "/{town_slug:str}/ideen/{idea_id:int}/kommentare/{comment_id:int}/melden",
    name="comment_report",
    status_code=303,
    sync_to_thread=True,
    opt=PUBLIC,
    dependencies=LIMITS,
)
def comment_report(
    request: AnyRequest,
    db: Db,
    limits: RateLimits,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    comment_id: FromPath[int],
) -> Template | Redirect:
    town = public_town(db, town_slug)
    idea = public_idea(db, town, idea_id)
    comment = service.comment_of_idea(db, idea, comment_id)
    if comment is None or comment.hidden:
        raise NotFoundException()
    browser = Browser(request)
    if limits.exceeded("report"):
        raise HTTPException(status_code=429, detail="too many reports")
    new = service.report_comment(db, comment, browser.key("report"))
    if not is_htmx(request):
        # POST, redirect, GET: a reload does not send the report again; the page thanks.
        target = f"{idea_url(request, town, idea)}?gemeldet={comment.id}#kommentar-{comment.id}"
        return browser.remember(see_other(target))
    message = (
        _("Danke für Ihren Hinweis. Die Moderation sieht sich den Kommentar an.")
        if new
        else _("Sie haben diesen Kommentar bereits gemeldet. Die Moderation kümmert sich darum.")
    )
    context = _detail_context(
        request, db, town, idea, reported={comment.id}, report_message=message, comment=comment
    )
    return browser.remember(Template(template_name="ideas/_comment.html", context=context))


IDEA_ROUTES = [
    idea_list,
    *SUBMIT_ROUTES,
    idea_detail,
    idea_support,
    idea_withdraw,
    idea_comment,
    comment_report,
    *NOTICE_ROUTES,
]
