"""What the residents' survey pages share: the done cookie, the page context, the check
that a survey is open, and the save and redirect after a page is sent.

The start page and the first page's submission are in surveys/start_routes.py, the pages of
a response already stored in surveys/routes.py.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from litestar.datastructures import CacheControlHeader, Cookie
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from sqlmodel import Session

from beteiligung import clock
from beteiligung.i18n import format_date
from beteiligung.i18n import gettext as _
from beteiligung.surveys import responses, service
from beteiligung.surveys.models import Response, Survey
from beteiligung.surveys.structure import PageDef, Structure, pick
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, see_other

Db = NamedDependency[Session]
DONE_COOKIE_DAYS = 365
PUBLIC = {"public": True}
# Pages with a resident's nonce, token or answers: never kept by a proxy or the browser cache.
NO_STORE = CacheControlHeader(no_store=True)


def done_cookie(survey: Survey) -> str:
    return done_cookie_name(survey.id or 0)


def done_cookie_name(survey_id: int) -> str:
    return f"umfrage-{survey_id}"


def today() -> date:
    """The towns' day (BETEILIGUNG_TIME_ZONE), not the server's: a survey is open from
    midnight of its first day to midnight after its last in the town."""
    return clock.today()


class SurveyGone(HTTPException):
    """Answering is not possible now (closed, not yet open, link expired): German page."""

    status_code = 409


def multi(form: Any) -> dict[str, list[str]]:
    return {key: [str(v) for v in form.getall(key)] for key in form}


def page_context(
    request: AnyRequest,
    town: Town,
    survey: Survey,
    structure: Structure,
    page: PageDef,
    known: service.Answers,
    raw: dict[str, list[str]],
    errors: FormErrors | None = None,
    token: str = "",
    nonce: str = "",
    code: str = "",
) -> dict[str, Any]:
    known = structure.effective(known)
    questions = structure.shown_questions(page, known)
    keys_here = {question.key for question in page.questions}
    return {
        "town": town,
        "survey": survey,
        "survey_title": pick(survey.title, survey.title_en),
        "survey_intro": pick(survey.intro, survey.intro_en),
        "resume_days": request.app.state.settings.response_resume_days,
        # Questions depending on answers on this same page: htmx updates them live.
        "live": any(q.condition and q.condition.key in keys_here for q in page.questions),
        "is_last": not structure.might_follow(page.position, known),
        "structure": structure,
        "page": page,
        "questions": questions,
        "number": structure.shown_number(page.position, known),
        "total": structure.shown_count(known, page.position),
        "has_previous": structure.previous_page(page.position, known) is not None,
        "values": raw,
        "errors": errors,
        "token": token,
        "nonce": nonce,
        "code": code,
        "needs_code": service.needs_code(survey) and not token,
        "answered_before": bool(request.cookies.get(done_cookie(survey))) and not token,
    }


def open_or_explain(town: Town, survey: Survey) -> None:
    state = service.availability(survey, today())
    if state == "open":
        return
    if state == "not_yet" and survey.opens_on:
        message = _(
            "Diese Umfrage beginnt am %(day)s. Bitte kommen Sie dann wieder.",
            day=format_date(survey.opens_on),
        )
    else:
        message = _("Diese Umfrage ist beendet. Vielen Dank für Ihr Interesse.")
    raise SurveyGone(detail=message, extra={"message": message, "title": survey.title})


def page_url(request: AnyRequest, town: Town, survey: Survey, token: str, position: int) -> str:
    return request.app.route_reverse(
        "survey_page",
        town_slug=town.slug,
        survey_slug=survey.slug,
        response_token=token,
        number=position + 1,
    )


def thanks_url(request: AnyRequest, town: Town, survey: Survey) -> str:
    return request.app.route_reverse("survey_thanks", town_slug=town.slug, survey_slug=survey.slug)


def after_save(
    request: AnyRequest,
    db: Db,
    town: Town,
    survey: Survey,
    structure: Structure,
    response: Response,
    token: str,
    page: PageDef,
    page_input: service.PageInput,
    form: dict[str, list[str]],
) -> Redirect:
    stored = responses.answers_of(db, response)
    known = dict(stored)
    for question in page.questions:
        known.pop(question.key, None)
    known.update(page_input.answers)
    known = structure.effective(known)
    action = (form.get("action") or ["next"])[0]
    step = responses.next_step(structure, page, known, action)
    responses.save_page(db, response, page, page_input.answers, step.next_page, today())
    if step.complete:
        # What is stored now: the earlier pages' answers and this page's.
        now = {k: v for k, v in stored.items() if k not in {q.key for q in page.questions}}
        responses.submit(db, structure, response, today(), {**now, **page_input.answers})
    return redirect_after(request, town.slug, survey.slug, survey.id or 0, token, step)


def redirect_after(
    request: AnyRequest,
    town_slug: str,
    survey_slug: str,
    survey_id: int,
    token: str,
    step: responses.NextStep,
) -> Redirect:
    slugs = {"town_slug": town_slug, "survey_slug": survey_slug}
    reverse = request.app.route_reverse
    if step.page is not None:
        return see_other(
            reverse("survey_page", **slugs, response_token=token, number=step.page + 1)
        )
    if not step.complete:
        return see_other(reverse("survey_saved", **slugs, response_token=token))
    redirect = see_other(reverse("survey_thanks", **slugs))
    secure = request.app.state.settings.cookies_secure
    redirect.headers["Set-Cookie"] = _done_cookie_header(done_cookie_name(survey_id), secure)
    return redirect


@functools.lru_cache(maxsize=512)
def _done_cookie_header(name: str, secure: bool) -> str:
    """Built once per survey: Litestar builds a cookie header through http.cookies."""
    cookie = Cookie(
        key=name,
        value="1",
        max_age=DONE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return cookie.to_header(header="")
