"""Residents and ideas: list, submit, read, support, comment, report; the author's notices.

Nobody signs in. Supports and reports are tied to a random browser cookie (only its
keyed hash is stored); floods are held back by per-client rate limits kept in the
ephemeral store, never in the database.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated, Any

from litestar import get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas import service
from beteiligung.ideas.display import idea_ref as idea_ref_of
from beteiligung.ideas.models import STATUS_LABELS, Idea, IdeaStatus, ModerationMode
from beteiligung.ideas.service import FormResult, IdeaError
from beteiligung.plans.models import all_fields
from beteiligung.security import RateLimit
from beteiligung.towns.models import Town
from beteiligung.towns.service import town_by_slug
from beteiligung.web import AnyRequest, FormErrors, client_id, is_htmx, page, see_other

Db = NamedDependency[Session]
Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
PUBLIC = {"public": True}

BROWSER_COOKIE = "beteiligung_browser"
BROWSER_COOKIE_DAYS = 365
# (actions, seconds) per client: generous for people, tight for scripts.
RATE_LIMITS = {
    "submit": (5, 3600),
    "support": (60, 600),
    "comment": (10, 600),
    "report": (20, 3600),
}


def public_town(db: Session, slug: str) -> Town:
    town = town_by_slug(db, slug)
    if town is None:
        raise NotFoundException()
    return town


def idea_url(request: AnyRequest, town: Town, idea: Idea) -> str:
    return request.app.route_reverse("idea_detail", town_slug=town.slug, idea_ref=idea_ref_of(idea))


def public_idea(db: Session, town: Town, idea_id: int) -> Idea:
    idea = service.idea_of_town(db, town, idea_id)
    if idea is None or not idea.is_public:
        raise NotFoundException()
    return idea


class Limits:
    """Per-client rate limits, usable from the sync handlers: the store is async, so the
    check runs on the event loop while the handler's worker thread waits for it."""

    def __init__(self, request: AnyRequest, loop: asyncio.AbstractEventLoop) -> None:
        self.request = request
        self.loop = loop

    def exceeded(self, action: str) -> bool:
        """Counts the action for this client; True when the client is over its limit."""
        state = self.request.app.state
        limits: dict[str, RateLimit] = state.setdefault("idea_limits", {})
        limit = limits.get(action)
        if limit is None:
            count, window = RATE_LIMITS[action]
            store = self.request.app.stores.get("throttle")
            limit = RateLimit(store, state.settings.secret_key, f"idea-{action}", count, window)
            limits[action] = limit
        hit = asyncio.run_coroutine_threadsafe(limit.hit(client_id(self.request)), self.loop)
        return hit.result(timeout=10).blocked


async def provide_limits(request: AnyRequest) -> Limits:
    return Limits(request, asyncio.get_running_loop())


LIMITS = {"limits": Provide(provide_limits)}
RateLimits = NamedDependency[Limits]


def _too_many_text() -> str:
    return _(
        "Von Ihrem Anschluss kamen gerade sehr viele Beiträge. Bitte warten Sie eine Weile "
        "und versuchen Sie es dann erneut; Ihr Text ist unten noch da."
    )


class Browser:
    """The random cookie that lets one browser support an idea once."""

    def __init__(self, request: AnyRequest) -> None:
        value = request.cookies.get(BROWSER_COOKIE, "")
        self.is_new = not (
            20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
        )
        self.value = secrets.token_urlsafe(24) if self.is_new else value
        self.secret = request.app.state.settings.secret_key
        self.secure = request.app.state.settings.cookies_secure

    def key(self, purpose: str) -> str:
        return service.browser_key(self.secret, self.value, purpose)

    def remember(self, response: Template | Redirect) -> Template | Redirect:
        if self.is_new:
            response.cookies.append(
                Cookie(
                    key=BROWSER_COOKIE,
                    value=self.value,
                    max_age=BROWSER_COOKIE_DAYS * 24 * 3600,
                    httponly=True,
                    samesite="lax",
                    secure=self.secure,
                )
            )
        return response


def _known_supporter(request: AnyRequest, db: Session, idea: Idea) -> bool:
    value = request.cookies.get(BROWSER_COOKIE)
    if not value:
        return False
    key = service.browser_key(request.app.state.settings.secret_key, value, "support")
    return service.has_supported(db, idea, key)


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


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


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


# --------------------------------------------------------------------------- submitting

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
    title = _str(request.query_params.get("title"))[:200]
    body = _str(request.query_params.get("body"))[:3000]
    town = public_town(db, town_slug)
    similar = service.similar_ideas(db, town, title, body)
    values = {**EMPTY_IDEA, "title": title, "body": body}
    context = _new_context(db, town, values, similar=similar, live=True)
    return page("ideas/new.html", context, partial="ideas/_similar.html", request=request)


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
    if form.errors:
        return _new_form(db, town, form, FormErrors(fields=form.errors), 422)
    # Without JavaScript the similar ideas come as a step of their own before sending;
    # with htmx the resident saw them live while typing (the hints carry "seen").
    if data.get("aehnliche_gesehen") != "ja" and data.get("trotzdem") != "ja":
        similar = service.similar_ideas(db, town, form.values["title"], form.values["body"])
        if similar:
            return _new_form(db, town, form, None, 200, similar=similar, confirm=True)
    if limits.exceeded("submit"):
        return _new_form(db, town, form, FormErrors(general=[_too_many_text()]), 429)
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
        "supported": _known_supporter(request, db, idea),
        "open": service.can_take_part(idea),
        "values": {"comment": "", "author_name": ""},
        "limits": {"comment": service.COMMENT_LIMIT, **service.LIMITS},
        "reported": set(),
        **extra,
    }


@get("/{town_slug:str}/ideen/{idea_ref:str}", name="idea_detail", sync_to_thread=True, opt=PUBLIC)
def idea_detail(
    request: AnyRequest, db: Db, town_slug: FromPath[str], idea_ref: FromPath[str]
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
    return page("ideas/detail.html", _detail_context(request, db, town, idea))


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
        return _support_answer(request, db, town, idea, _too_many_support(), 429)
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


def _too_many_support() -> str:
    return _(
        "Gerade kamen sehr viele Klicks von Ihrem Anschluss. Bitte versuchen Sie es später erneut."
    )


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
        errors, status = FormErrors(general=[_too_many_text()]), 429
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
    message = (
        _("Danke für Ihren Hinweis. Die Moderation sieht sich den Kommentar an.")
        if new
        else _("Sie haben diesen Kommentar bereits gemeldet. Die Moderation kümmert sich darum.")
    )
    context = _detail_context(
        request, db, town, idea, reported={comment.id}, report_message=message
    )
    if is_htmx(request):
        context["comment"] = comment
        return browser.remember(Template(template_name="ideas/_comment.html", context=context))
    return browser.remember(
        Template(
            template_name="ideas/detail.html", context=context, status_code=200 if new else 409
        )
    )


# --------------------------------------------------------------------------- notices


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


IDEA_ROUTES = [
    idea_list,
    idea_new,
    idea_similar,
    idea_submit,
    idea_submitted,
    idea_detail,
    idea_support,
    idea_withdraw,
    idea_comment,
    comment_report,
    idea_notices,
    idea_notices_stop,
    idea_notices_delete,
]
