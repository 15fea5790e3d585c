"""Residents answer a survey: one page at a time, no account, with or without JavaScript.

Showing a page writes nothing; the response is created when the first page is sent.
The resume link (`…/antwort/<token>`) is the only key to a response.
"""

from __future__ import annotations

import functools
import html
import json
import re
import secrets
from datetime import date
from typing import Any, NamedTuple

import anyio
from jinja2.utils import htmlsafe_json_dumps
from litestar import MediaType, get, post
from litestar import Response as LitestarResponse
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.utils.scope.state import ScopeState
from sqlalchemy import Row
from sqlmodel import Session

from beteiligung.db import request_scope
from beteiligung.db_async import LoopWriter
from beteiligung.i18n import current_locale, format_date
from beteiligung.i18n import gettext as _
from beteiligung.surveys import service
from beteiligung.surveys.access import public_survey
from beteiligung.surveys.models import AccessMode, Response, Survey
from beteiligung.surveys.structure import (
    PageDef,
    Structure,
    cached_structure,
    pick,
    structure_of,
)
from beteiligung.surveys.widgets import answers_to_raw
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, see_other, session_data

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
    return date.today()


class SurveyGone(HTTPException):
    """Answering is not possible now (closed, not yet open, link expired): German page."""

    status_code = 409


def _multi(form: Any) -> dict[str, list[str]]:
    return {key: [str(v) for v in form.getall(key)] for key in form}


def _context(
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


def _open_or_explain(town: Town, survey: Survey) -> None:
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


# --------------------------------------------------------------------------- start page

# The start page before anything is entered is the same for every resident but for the CSRF
# token, the form's nonce and the "answered before" notice. It is rendered once per survey
# (every column of its row, so any edit makes a new entry), town name, address, language and
# notice, with markers where the per-request parts go; a view then costs the one query for
# that row and a join. Staff (who have a session) and invitation codes in the address get
# the page rendered as usual.
_MARK = "m" + secrets.token_hex(12)
CSRF_INPUT_MARK, CSRF_JSON_MARK, NONCE_MARK = (f"{_MARK}{n}" for n in ("i", "j", "n"))
_SLOTS = re.compile(f"({CSRF_INPUT_MARK}|{json.dumps(CSRF_JSON_MARK)}|{NONCE_MARK})")
PAGE_CACHE = "survey_start_pages"
HTML = MediaType.HTML

StartPage = tuple[bytes | str, ...]  # text, and the markers to fill in between


def _start_key(request: AnyRequest, head: Row[Any], answered_before: bool) -> tuple[Any, ...]:
    return (request.scope["path"], current_locale(), answered_before, *head)


def _filled(page: StartPage, csrf: str, nonce: str) -> bytes:
    token = html.escape(csrf)
    slots = {
        CSRF_INPUT_MARK: f'<input type="hidden" name="_csrf_token" value="{token}" />'.encode(),
        json.dumps(CSRF_JSON_MARK): htmlsafe_json_dumps(csrf).encode(),
        NONCE_MARK: nonce.encode(),
    }
    return b"".join(part if isinstance(part, bytes) else slots[part] for part in page)


def _csrf(request: AnyRequest) -> str:
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


def _html(content: bytes) -> LitestarResponse[bytes]:
    return LitestarResponse(content, media_type=HTML)


@get(
    "/{town_slug:str}/umfragen/{survey_slug:str}",
    name="survey_start",
    cache_control=NO_STORE,
    opt=PUBLIC,
)
async def survey_start(
    request: AnyRequest,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    code: FromQuery[str] = "",
) -> Template | LitestarResponse[bytes]:
    """The first page: one query on the event loop, the rest from the page cache."""
    head = service.public_head(request.app.state.engine, town_slug, survey_slug)
    if head is None:
        raise NotFoundException()
    cacheable = not (code and head.access_mode == AccessMode.CODES) and not session_data(request)
    if cacheable:
        answered_before = bool(request.cookies.get(done_cookie_name(head.id)))
        pages: dict[tuple[Any, ...], StartPage] = request.app.state.setdefault(PAGE_CACHE, {})
        cached = pages.get(_start_key(request, head, answered_before))
        if cached is not None:
            return _html(_filled(cached, _csrf(request), service.new_nonce()))
    return await anyio.to_thread.run_sync(
        _survey_start_rendered, request, head, town_slug, survey_slug, code, cacheable
    )


def _survey_start_rendered(
    request: AnyRequest,
    head: Row[Any],
    town_slug: str,
    survey_slug: str,
    code: str,
    cacheable: bool,
) -> Template | LitestarResponse[bytes]:
    with Session(request.app.state.engine, expire_on_commit=False) as db:
        town, survey = public_survey(db, town_slug, survey_slug)
        state = service.availability(survey, today())
        structure = structure_of(db, survey)
    if state != "open" or not structure.pages:
        return Template(
            "surveys/resident/unavailable.html",
            context={
                "town": town,
                "survey": survey,
                "state": state,
                "survey_title": pick(survey.title, survey.title_en),
            },
        )
    first = structure.pages[0]
    if not cacheable:
        context = _context(
            request, town, survey, structure, first, {}, {}, nonce=service.new_nonce(),
            code=code[:20],
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context)
    context = _context(request, town, survey, structure, first, {}, {}, nonce=NONCE_MARK)
    templates = request.app.template_engine
    assert templates is not None, "the app has a template engine"
    rendered = templates.engine.get_template("surveys/resident/page.html").render(
        {
            **context,
            "request": request,
            "csrf_input": CSRF_INPUT_MARK,
            "csrf_token": lambda: CSRF_JSON_MARK,
        }
    )
    page: StartPage = tuple(
        part if index % 2 else part.encode() for index, part in enumerate(_SLOTS.split(rendered))
    )
    text = b"".join(part for part in page if isinstance(part, bytes))
    assert _MARK.encode() not in text, "a marker in another place than csrf_input, tojson, nonce"
    pages: dict[tuple[Any, ...], StartPage] = request.app.state.setdefault(PAGE_CACHE, {})
    if len(pages) > 1000:  # surveys, languages and edits: keep the memory bounded
        pages.clear()
    # Keyed by the row this page was rendered from: an edit since the first query
    # goes into a key that no later query returns.
    pages[_start_key(request, head, context["answered_before"])] = page
    return _html(_filled(page, _csrf(request), service.new_nonce()))


@post(
    "/{town_slug:str}/umfragen/{survey_slug:str}",
    name="survey_start_submit",
    cache_control=NO_STORE,
    status_code=303,
    opt=PUBLIC,
)
async def survey_start_submit(
    request: AnyRequest, town_slug: FromPath[str], survey_slug: FromPath[str]
) -> Template | Redirect:
    form = _multi(await request.form())
    stored = await _start_alone(request, town_slug, survey_slug, form)
    if stored is not None:
        return stored
    # The full way has its session only now: the short way needs none. It ends before a
    # page with errors is rendered, which then reads only what was loaded.
    async with request_scope(request.app.state.engine, write=True) as db:
        return await anyio.to_thread.run_sync(
            _start_submit, request, db, town_slug, survey_slug, form
        )


async def _start_alone(
    request: AnyRequest, town_slug: str, survey_slug: str, form: dict[str, list[str]]
) -> Redirect | None:
    """The common first page without the request session: the survey's row and structure
    from this worker's caches, the new response in one statement (service.start_alone).
    For an open-link survey that has responses and a form without errors, sent the first
    time; anything else (a code, an error, the very first response, a form sent again, a
    structure not cached, a survey not open) returns None and goes the full way."""
    writer: LoopWriter | None = request.app.state.get("loop_writer")
    nonce = (form.get("nonce") or [""])[0][:64]
    if writer is None or not nonce:
        return None
    head = service.public_head(writer.engine, town_slug, survey_slug)
    if head is None or not head.has_responses or head.access_mode != AccessMode.OPEN:
        return None
    if service.availability_of(head.status, head.opens_on, head.closes_on, today()) != "open":
        return None
    structure = cached_structure(head.id, head.revision, head.created_at)
    if structure is None or not structure.pages:
        return None
    first = _first_page(structure, form)
    if first.input.errors:
        return None
    secret = request.app.state.settings.secret_key
    token = await service.start_alone(
        writer, head.id, head.revision, secret, nonce, today(), first.step, first.kept
    )
    if token is None:
        return None
    return _redirect_after(request, town_slug, survey_slug, head.id, token, first.step)


class _FirstPage(NamedTuple):
    input: service.PageInput
    step: service.NextStep
    kept: service.Answers  # what a new response stores


def _first_page(structure: Structure, form: dict[str, list[str]]) -> _FirstPage:
    first = structure.pages[0]
    page_input = service.read_page(structure, first, form, {})
    known = structure.effective(page_input.answers)
    action = (form.get("action") or ["next"])[0]
    step = service.next_step(structure, first, known, action)
    # Complete: answers to questions that ended up hidden are not kept (as in submit).
    kept = {key: answer for key, answer in page_input.answers.items() if key in known}
    return _FirstPage(page_input, step, kept if step.complete else page_input.answers)


def _start_submit(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    form: dict[str, list[str]],
) -> Template | Redirect:
    town, survey = public_survey(db, town_slug, survey_slug)
    _open_or_explain(town, survey)
    structure = structure_of(db, survey)
    first = structure.pages[0]
    nonce = (form.get("nonce") or [""])[0][:64]
    code = (form.get("code") or [""])[0][:40]
    plan = _first_page(structure, form)
    page_input, step = plan.input, plan.step
    errors = FormErrors(fields=dict(page_input.errors))
    if not nonce:
        errors.general.append(
            _("Das Formular ist unvollständig angekommen. Bitte senden Sie es erneut.")
        )
        nonce = service.new_nonce()
    settings = request.app.state.settings
    # Only code surveys need to know now whether this first page was sent before
    # (start_response looks it up anyway).
    if service.needs_code(survey) and not (
        nonce
        and service.response_by_token(db, survey, service.token_for(settings.secret_key, nonce))
    ):
        # (The same first page sent again finds its response; its code is already claimed.)
        problem = _code_problem(db, survey, code)
        if problem:
            errors.add("code", problem)
    if errors:
        context = _context(
            request, town, survey, structure, first, page_input.answers, page_input.raw,
            errors, nonce=nonce, code=code,
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context, status_code=422)
    # A new response is stored at once as it ends up after this page (complete, for a
    # one-page survey): an INSERT for it and one for its answers.
    response, token, created = service.start_response(
        db, survey, settings.secret_key, nonce, today(), step
    )
    if not created:
        # The same first page sent again: as any page of an existing response.
        response = service.lock(db, response)
        if response.submitted_on is not None:
            return see_other(_thanks_url(request, town, survey))
        return _after_save(
            request, db, town, survey, structure, response, token, first, page_input, form
        )
    if service.needs_code(survey):
        from beteiligung.surveys import codes

        if not codes.claim_code(db, survey, code, response.id or 0, today()):
            db.delete(response)
            db.flush()
            errors.add("code", _("Dieser Code wurde gerade schon verwendet."))
            context = _context(
                request, town, survey, structure, first, page_input.answers, page_input.raw,
                errors, nonce=service.new_nonce(), code=code,
            )  # fmt: skip
            return Template("surveys/resident/page.html", context=context, status_code=422)
    service.add_answers(db, response, plan.kept)
    return _redirect_after(request, town.slug, survey.slug, survey.id or 0, token, step)


def _code_problem(db: Db, survey: Survey, code: str) -> str | None:
    from beteiligung.surveys import codes

    if not code.strip():
        return _("Bitte geben Sie den Code aus Ihrem Brief ein.")
    state = codes.code_state(db, survey, code)
    if state == "unknown":
        return _("Diesen Code gibt es nicht. Bitte prüfen Sie die Eingabe.")
    if state == "used":
        return _("Mit diesem Code wurde schon geantwortet. Jeder Code gilt für eine Antwort.")
    return None


# --------------------------------------------------------------------------- answering


def _page_url(request: AnyRequest, town: Town, survey: Survey, token: str, position: int) -> str:
    return request.app.route_reverse(
        "survey_page",
        town_slug=town.slug,
        survey_slug=survey.slug,
        response_token=token,
        number=position + 1,
    )


def _thanks_url(request: AnyRequest, town: Town, survey: Survey) -> str:
    return request.app.route_reverse("survey_thanks", town_slug=town.slug, survey_slug=survey.slug)


def _load(
    db: Db, town_slug: FromPath[str], survey_slug: FromPath[str], token: str
) -> tuple[Town, Survey, Structure, Response]:
    town, survey = public_survey(db, town_slug, survey_slug)
    response = service.response_by_token(db, survey, token[:64])
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
    if service.resume_expired(response, today(), days):
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
        return see_other(_thanks_url(request, town, survey))
    _check_resumable(request, survey, response)
    known = structure.effective(service.answers_of(db, response))
    position = response.next_page
    if position >= len(structure.pages) or not structure.page_shown(
        structure.pages[position], known
    ):
        following = structure.next_page(position - 1, known)
        position = following if following is not None else len(structure.pages) - 1
    return see_other(_page_url(request, town, survey, token, position))


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
        return see_other(_thanks_url(request, town, survey))
    _check_resumable(request, survey, response)
    page = _page_of(structure, number)
    known = service.answers_of(db, response)
    raw = answers_to_raw(structure, known)
    context = _context(request, town, survey, structure, page, known, raw, token=token)
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
    form = _multi(await request.form())
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
    response = service.lock(db, response)
    if response.submitted_on is not None:
        # Sent twice, or "back" after the end: nothing changes, nothing is counted twice.
        return see_other(_thanks_url(request, town, survey))
    _open_or_explain(town, survey)
    _check_resumable(request, survey, response)
    page = _page_of(structure, number)
    known = service.answers_of(db, response)
    page_input = service.read_page(structure, page, form, known)
    action = (form.get("action") or ["next"])[0]
    if action == "back":
        # Going back keeps what is valid on this page and never asks for required answers.
        valid = dict(page_input.answers.items())
        merged = structure.effective({**known, **valid})
        previous = structure.previous_page(page.position, merged)
        service.save_page(db, response, page, valid, page.position, today())
        target = previous if previous is not None else page.position
        return see_other(_page_url(request, town, survey, token, target))
    if page_input.errors:
        merged = {**known, **page_input.answers}
        context = _context(
            request, town, survey, structure, page, merged, page_input.raw,
            FormErrors(fields=dict(page_input.errors)), token=token,
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context, status_code=422)
    return _after_save(
        request, db, town, survey, structure, response, token, page, page_input, form
    )


def _after_save(
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
    stored = service.answers_of(db, response)
    known = dict(stored)
    for question in page.questions:
        known.pop(question.key, None)
    known.update(page_input.answers)
    known = structure.effective(known)
    action = (form.get("action") or ["next"])[0]
    step = service.next_step(structure, page, known, action)
    service.save_page(db, response, page, page_input.answers, step.next_page, today())
    if step.complete:
        # What is stored now: the earlier pages' answers and this page's.
        now = {k: v for k, v in stored.items() if k not in {q.key for q in page.questions}}
        service.submit(db, structure, response, today(), {**now, **page_input.answers})
    return _redirect_after(request, town.slug, survey.slug, survey.id or 0, token, step)


def _redirect_after(
    request: AnyRequest,
    town_slug: str,
    survey_slug: str,
    survey_id: int,
    token: str,
    step: service.NextStep,
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
    form = _multi(await request.form())
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
        response = service.response_by_token(db, survey, token)
        if response is not None:
            known = service.answers_of(db, response)
    for question in page.questions:
        known.pop(question.key, None)
    # Read without "required" complaints: the resident is still answering.
    for question in page.questions:
        if question.condition is not None and not question.condition.holds(known):
            continue
        answer, _problem = service.read_question(question, form)
        if answer is not None:
            known[question.key] = answer
    context = _context(
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
        return see_other(_thanks_url(request, town, survey))
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
    survey_start,
    survey_start_submit,
    survey_resume,
    survey_page,
    survey_page_submit,
    survey_visibility,
    survey_saved,
    survey_thanks,
]
