"""A survey's start page and its first page sent: the response is created only then.

The start page comes from a per-survey page cache; a new response takes the short way
(responses.start_alone, one statement outside the request session) where it can and the
full way otherwise. Registered with the other resident pages through RESIDENT_ROUTES in
surveys/routes.py.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from typing import Any, NamedTuple

import anyio
from jinja2.utils import htmlsafe_json_dumps
from litestar import MediaType, get, post
from litestar import Response as LitestarResponse
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.utils.scope.state import ScopeState
from sqlalchemy import Row
from sqlmodel import Session

from beteiligung.db import request_scope
from beteiligung.db_async import LoopWriter
from beteiligung.i18n import current_locale
from beteiligung.i18n import gettext as _
from beteiligung.surveys import limits, responses, service
from beteiligung.surveys.access import public_survey
from beteiligung.surveys.models import AccessMode, Survey
from beteiligung.surveys.resident import (
    NO_STORE,
    PUBLIC,
    Db,
    after_save,
    done_cookie_name,
    multi,
    open_or_explain,
    page_context,
    redirect_after,
    thanks_url,
    today,
)
from beteiligung.surveys.structure import Structure, cached_structure, pick, structure_of
from beteiligung.throttle import Throttle
from beteiligung.web import AnyRequest, FormErrors, client_id, see_other, session_data

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
    # The towns' day too: a page rendered while the survey was open is not served after
    # midnight of its last day (nor is one rendered before it opened).
    return (request.scope["path"], current_locale(), answered_before, today(), *head)


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
            return _html(_filled(cached, _csrf(request), responses.new_nonce()))
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
        context = page_context(
            request, town, survey, structure, first, {}, {}, nonce=responses.new_nonce(),
            code=code[:20],
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context)
    context = page_context(request, town, survey, structure, first, {}, {}, nonce=NONCE_MARK)
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
    return _html(_filled(page, _csrf(request), responses.new_nonce()))


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
    form = multi(await request.form())
    throttle: Throttle = request.app.state.throttle
    verdict = await throttle.hit_async(
        limits.new_responses(request.app.state.settings), client_id(request)
    )
    refused = None if verdict.allowed else limits.too_many_responses(verdict)
    if refused is None:
        stored = await _start_alone(request, town_slug, survey_slug, form)
        if stored is not None:
            return stored
    # The full way has its session only now: the short way needs none. It ends before a
    # page with errors is rendered, which then reads only what was loaded.
    async with request_scope(request.app.state.engine, write=True) as db:
        return await anyio.to_thread.run_sync(
            _start_submit, request, db, town_slug, survey_slug, form, refused
        )


async def _start_alone(
    request: AnyRequest, town_slug: str, survey_slug: str, form: dict[str, list[str]]
) -> Redirect | None:
    """The common first page without the request session: the survey's row and structure
    from this worker's caches, the new response in one statement (responses.start_alone).
    For an open-link survey that has responses and a form without errors, sent the first
    time; anything else (a code, an error, the very first response, a form sent again, a
    structure not cached, a survey not open) returns None and goes the full way."""
    writer: LoopWriter | None = request.app.state.get("loop_writer")
    nonce = _nonce(form)
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
    token = await responses.start_alone(
        writer, head.id, head.revision, secret, nonce, today(), first.step, first.kept
    )
    if token is None:
        return None
    return redirect_after(request, town_slug, survey_slug, head.id, token, first.step)


def _nonce(form: dict[str, list[str]]) -> str:
    return (form.get("nonce") or [""])[0][:64]


class _FirstPage(NamedTuple):
    input: service.PageInput
    step: responses.NextStep
    kept: service.Answers  # what a new response stores


def _first_page(structure: Structure, form: dict[str, list[str]]) -> _FirstPage:
    first = structure.pages[0]
    page_input = service.read_page(structure, first, form, {})
    known = structure.effective(page_input.answers)
    action = (form.get("action") or ["next"])[0]
    step = responses.next_step(structure, first, known, action)
    # Complete: answers to questions that ended up hidden are not kept (as in submit).
    kept = {key: answer for key, answer in page_input.answers.items() if key in known}
    return _FirstPage(page_input, step, kept if step.complete else page_input.answers)


def _start_submit(
    request: AnyRequest,
    db: Db,
    town_slug: FromPath[str],
    survey_slug: FromPath[str],
    form: dict[str, list[str]],
    refused: str | None = None,
) -> Template | Redirect:
    """The first page the full way; `refused` explains a client over its limit of new
    responses: the page comes back with every answer kept and nothing stored."""
    town, survey = public_survey(db, town_slug, survey_slug)
    open_or_explain(town, survey)
    structure = structure_of(db, survey)
    first = structure.pages[0]
    nonce = _nonce(form)
    code = (form.get("code") or [""])[0][:40]
    plan = _first_page(structure, form)
    page_input, step = plan.input, plan.step
    errors = FormErrors(fields=dict(page_input.errors))
    if not nonce:
        errors.general.append(
            _("Das Formular ist unvollständig angekommen. Bitte senden Sie es erneut.")
        )
        nonce = responses.new_nonce()
    settings = request.app.state.settings
    # Only code surveys need to know now whether this first page was sent before
    # (start_response looks it up anyway).
    if service.needs_code(survey) and not (
        nonce
        and responses.response_by_token(db, survey, responses.token_for(settings.secret_key, nonce))
    ):
        # (The same first page sent again finds its response; its code is already claimed.)
        problem = _code_problem(request, db, survey, code)
        if problem:
            errors.add("code", problem)
    if refused:
        errors.general.append(refused)
    if errors:
        context = page_context(
            request, town, survey, structure, first, page_input.answers, page_input.raw,
            errors, nonce=nonce, code=code,
        )  # fmt: skip
        status = 429 if refused else 422
        return Template("surveys/resident/page.html", context=context, status_code=status)
    # A new response is stored at once as it ends up after this page (complete, for a
    # one-page survey): an INSERT for it and one for its answers.
    try:
        response, token, created = responses.start_response(
            db, survey, settings.secret_key, nonce, today(), step
        )
    except responses.NonceTaken:
        # A hand-made form (a nonce of another survey's response): nothing was stored;
        # the page comes back with what was entered and a fresh nonce.
        errors.general.append(
            _(
                "Dieses Formular wurde schon für eine andere Antwort verwendet. "
                "Bitte prüfen Sie Ihre Angaben und senden Sie die Seite erneut."
            )
        )
        context = page_context(
            request, town, survey, structure, first, page_input.answers, page_input.raw,
            errors, nonce=responses.new_nonce(), code=code,
        )  # fmt: skip
        return Template("surveys/resident/page.html", context=context, status_code=422)
    if not created:
        # The same first page sent again: as any page of an existing response.
        response = responses.lock(db, response)
        if response.submitted_on is not None:
            return see_other(thanks_url(request, town, survey))
        return after_save(
            request, db, town, survey, structure, response, token, first, page_input, form
        )
    if service.needs_code(survey):
        from beteiligung.surveys import codes

        if not codes.claim_code(db, survey, code, response.id or 0, today()):
            db.delete(response)
            db.flush()
            errors.add("code", _("Dieser Code wurde gerade schon verwendet."))
            context = page_context(
                request, town, survey, structure, first, page_input.answers, page_input.raw,
                errors, nonce=responses.new_nonce(), code=code,
            )  # fmt: skip
            return Template("surveys/resident/page.html", context=context, status_code=422)
    responses.add_answers(db, response, plan.kept)
    return redirect_after(request, town.slug, survey.slug, survey.id or 0, token, step)


def _code_problem(request: AnyRequest, db: Db, survey: Survey, code: str) -> str | None:
    from beteiligung.surveys import codes

    if not code.strip():
        return _("Bitte geben Sie den Code aus Ihrem Brief ein.")
    throttle: Throttle = request.app.state.throttle
    verdict = throttle.hit(limits.CODE_LOOKUPS, client_id(request))
    if not verdict.allowed:
        return limits.too_many_codes(verdict)
    state = codes.code_state(db, survey, code)
    if state == "unknown":
        return _("Diesen Code gibt es nicht. Bitte prüfen Sie die Eingabe.")
    if state == "used":
        return _("Mit diesem Code wurde schon geantwortet. Jeder Code gilt für eine Antwort.")
    return None


START_ROUTES = [survey_start, survey_start_submit]
