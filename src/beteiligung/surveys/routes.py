"""Residents answer a survey: one page at a time, no account, with or without JavaScript.

Showing a page writes nothing; the response is created when the first page is sent.
The resume link (`…/antwort/<token>`) is the only key to a response.

The start page and the first page sent are in surveys/start_routes.py, what the pages
share in surveys/resident.py; RESIDENT_ROUTES here registers them all.
"""

from __future__ import annotations

import anyio
from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from beteiligung.i18n import gettext as _
from beteiligung.surveys import responses, service
from beteiligung.surveys.access import public_survey
from beteiligung.surveys.models import Response, Survey
from beteiligung.surveys.resident import (
    NO_STORE,
    PUBLIC,
    Db,
    SurveyGone,
    after_save,
    multi,
    open_or_explain,
    page_context,
    page_url,
    thanks_url,
    today,
)
from beteiligung.surveys.start_routes import START_ROUTES
from beteiligung.surveys.structure import PageDef, Structure, pick, structure_of
from beteiligung.surveys.widgets import answers_to_raw
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, see_other

# --------------------------------------------------------------------------- answering


def _load(
    db: Db, town_slug: FromPath[str], survey_slug: FromPath[str], token: str
) -> tuple[Town, Survey, Structure, Response]:
    town, survey = public_survey(db, town_slug, survey_slug)
    response = responses.response_by_token(db, survey, token[:64])
    if response is None:
        raise NotFoundException(
            extra={
                "message": _(
                    "Diesen Link zu einer Antwort gibt es nicht (mehr). Unbeendete Antworten "
                    "werden nach einer Weile gelöscht; Sie können die Umfrage neu beginnen."
                )
            }
        )
    return town, survey, structure_of(db, survey), response


def _check_resumable(request: AnyRequest, survey: Survey, response: Response) -> None:
    days = request.app.state.settings.response_resume_days
    if responses.resume_expired(response, today(), days):
        message = _(
            "Dieser Link ist abgelaufen: unbeendete Antworten werden nach %(days)s Tagen gelöscht. "
            "Sie können die Umfrage neu beginnen.",
            days=days,
        )
        raise SurveyGone(detail=message, extra={"message": message, "title": survey.title})


@get(
    "/{town_slug:str}/umfragen/{survey_slug:str}/antwort/{response_token:str}",
    name="survey_resume",
    sync_to_thread=True,
    opt=PUBLIC,
)
def survey_resume(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    response_token: FromPath[str],
) -> Redirect:
    token = response_token
    town, survey, structure, response = _load(db, town_slug, survey_slug, token)
    if response.submitted_on is not None:
        return see_other(thanks_url(request, town, survey))
    _check_resumable(request, survey, response)
    known = structure.effective(responses.answers_of(db, response))
    position = response.next_page
    if position >= len(structure.pages) or not structure.page_shown(
        structure.pages[position], known
    ):
        following = structure.next_page(position - 1, known)
        position = following if following is not None else len(structure.pages) - 1
    return see_other(page_url(request, town, survey, token, position))


def _page_of(structure: Structure, number: FromPath[int]) -> PageDef:
    if not 1 <= number <= len(structure.pages):
        raise NotFoundException()
    return structure.pages[number - 1]


@get(
    "/{town_slug:str}/umfragen/{survey_slug:str}/antwort/{response_token:str}/seite/{number:int}",
    name="survey_page",
    cache_control=NO_STORE,
    sync_to_thread=True,
    opt=PUBLIC,
)
def survey_page(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    response_token: FromPath[str],
    number: FromPath[int],
) -> Template | Redirect:
    token = response_token
    town, survey, structure, response = _load(db, town_slug, survey_slug, token)
    if response.submitted_on is not None:
        return see_other(thanks_url(request, town, survey))
    _check_resumable(request, survey, response)
    page = _page_of(structure, number)
    known = responses.answers_of(db, response)
    raw = answers_to_raw(structure, known)
    context = page_context(request, town, survey, structure, page, known, raw, token=token)
    return Template("surveys/resident/page.html", context=context)


@post(
    "/{town_slug:str}/umfragen/{survey_slug:str}/antwort/{response_token:str}/seite/{number:int}",
    name="survey_page_submit",
    cache_control=NO_STORE,
    status_code=303,
    opt=PUBLIC,
)
async def survey_page_submit(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    response_token: FromPath[str],
    number: FromPath[int],
) -> Template | Redirect:
    token = response_token
    form = multi(await request.form())
    return await anyio.to_thread.run_sync(
        _page_submit, request, db, town_slug, survey_slug, token, number, form
    )


def _page_submit(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    token: str,
    number: FromPath[int],
    form: dict[str, list[str]],
) -> Template | Redirect:
    town, survey, structure, response = _load(db, town_slug, survey_slug, token)
    response = responses.lock(db, response)
    if response.submitted_on is not None:
        # Sent twice, or "back" after the end: nothing changes, nothing is counted twice.
        return see_other(thanks_url(request, town, survey))
    open_or_explain(town, survey)
    _check_resumable(request, survey, response)
    page = _page_of(structure, number)
    known = responses.answers_of(db, response)
    page_input = service.read_page(structure, page, form, known)
    action = (form.get("action") or ["next"])[0]
    if action == "back":
        # Going back keeps what is valid on this page and never asks for required answers.
        valid = dict(page_input.answers.items())
        merged = structure.effective({**known, **valid})
        previous = structure.previous_page(page.position, merged)
        responses.save_page(db, response, page, valid, page.position, today())
        target = previous if previous is not None else page.position
        return see_other(page_url(request, town, survey, token, target))
    if page_input.errors:
        merged = {**known, **page_input.answers}
        context = page_context(
            request, town, survey, structure, page, merged, page_input.raw,
            FormErrors(fields=dict(page_input.errors)), token=token,
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context, status_code=422)
    return after_save(request, db, town, survey, structure, response, token, page, page_input, form)


# --------------------------------------------------------------------------- htmx: visibility


@post(
    "/{town_slug:str}/umfragen/{survey_slug:str}/anzeigen/{number:int}",
    name="survey_visibility",
    cache_control=NO_STORE,
    status_code=200,
    opt=PUBLIC,
)
async def survey_visibility(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    number: FromPath[int],
) -> Template:
    """The page's questions for the answers given so far; stores nothing.

    htmx sends the form on every change, so questions that depend on an answer on the
    same page appear and disappear while answering. Without JavaScript the same rule is
    applied when the page is sent.
    """
    form = multi(await request.form())
    return await anyio.to_thread.run_sync(
        _visibility, request, db, town_slug, survey_slug, number, form
    )


def _visibility(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    number: FromPath[int],
    form: dict[str, list[str]],
) -> Template:
    town, survey = public_survey(db, town_slug, survey_slug)
    structure = structure_of(db, survey)
    page = _page_of(structure, number)
    token = (form.get("token") or [""])[0][:64]
    known: service.Answers = {}
    if token:
        response = responses.response_by_token(db, survey, token)
        if response is not None:
            known = responses.answers_of(db, response)
    for question in page.questions:
        known.pop(question.key, None)
    # Read without "required" complaints: the resident is still answering.
    for question in page.questions:
        if question.condition is not None and not question.condition.holds(known):
            continue
        answer, _problem = service.read_question(question, form)
        if answer is not None:
            known[question.key] = answer
    context = page_context(
        request, town, survey, structure, page, known,
        {k: v for k, v in form.items() if k.startswith("q-")}, token=token,
    )  # fmt: skip
    return Template("surveys/resident/_questions.html", context=context)


# --------------------------------------------------------------------------- the end


@get(
    "/{town_slug:str}/umfragen/{survey_slug:str}/antwort/{response_token:str}/gespeichert",
    name="survey_saved",
    cache_control=NO_STORE,
    sync_to_thread=True,
    opt=PUBLIC,
)
def survey_saved(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    response_token: FromPath[str],
) -> Template | Redirect:
    token = response_token
    town, survey, _structure, response = _load(db, town_slug, survey_slug, token)
    if response.submitted_on is not None:
        return see_other(thanks_url(request, town, survey))
    resume = request.app.state.settings.base_url.rstrip("/") + request.app.route_reverse(
        "survey_resume", town_slug=town.slug, survey_slug=survey.slug, response_token=token
    )
    return Template(
        "surveys/resident/saved.html",
        context={
            "town": town,
            "survey": survey,
            "resume_url": resume,
            "days": request.app.state.settings.response_resume_days,
        },
    )


@get(
    "/{town_slug:str}/umfragen/{survey_slug:str}/danke",
    name="survey_thanks",
    sync_to_thread=True,
    opt=PUBLIC,
)
def survey_thanks(db: Db, town_slug: FromPath[str], survey_slug: FromPath[str]) -> Template:
    town, survey = public_survey(db, town_slug, survey_slug)
    context = {"town": town, "survey": survey, "survey_title": pick(survey.title, survey.title_en)}
    return Template("surveys/resident/thanks.html", context=context)


RESIDENT_ROUTES = [
    *START_ROUTES,
    survey_resume,
    survey_page,
    survey_page_submit,
    survey_visibility,
    survey_saved,
    survey_thanks,
]
