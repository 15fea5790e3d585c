"""Invitation codes: the staff page that makes them, the downloads, the short link on letters."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, NoRouteMatchFoundException, NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung import audit
from beteiligung.accounts.access import provide_staff_user
from beteiligung.accounts.models import User
from beteiligung.i18n import format_number, lazy, ngettext
from beteiligung.i18n import gettext as _
from beteiligung.surveys import codes, limits
from beteiligung.surveys.access import survey_for_staff
from beteiligung.surveys.models import AccessMode, Survey
from beteiligung.throttle import Throttle
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, client_id, flash, form_page, page, see_other

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}
PUBLIC = {"public": True}

CODES_PATH = "/verwaltung/{town_slug:str}/umfragen/{survey_id:int}/codes"
TEMPLATE = "surveys/staff/codes.html"
UNKNOWN_CODE = lazy("Diesen Code gibt es nicht. Bitte prüfen Sie die Eingabe.")


def _survey_url(request: AnyRequest, town: Town, survey: Survey) -> str:
    """The survey's own staff page (the builder), or "" in an app without it."""
    try:
        return request.app.route_reverse("builder_editor", town_slug=town.slug, survey_id=survey.id)
    except NoRouteMatchFoundException:
        return ""


def _context(
    request: AnyRequest, db: Session, user: User, town: Town, survey: Survey, **extra: Any
) -> dict[str, Any]:
    return {
        "user": user,
        "survey_url": _survey_url(request, town, survey),
        "town": town,
        "survey": survey,
        "counts": codes.code_counts(db, survey),
        "needs_codes": survey.access_mode == AccessMode.CODES.value,
        "most": codes.MAX_CODES_PER_CALL,
        "values": {"count": ""},
        **extra,
    }


def _codes_page_url(request: AnyRequest, town: Town, survey: Survey) -> str:
    return request.app.route_reverse("staff_survey_codes", town_slug=town.slug, survey_id=survey.id)


def _download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # The codes admit people to a survey: no copies in shared caches.
            "Cache-Control": "no-store",
        },
    )


@get(CODES_PATH, name="staff_survey_codes", sync_to_thread=True, dependencies=STAFF)
def staff_survey_codes(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], survey_id: FromPath[int]
) -> Template:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    return page(TEMPLATE, _context(request, db, user, town, survey))


@post(
    CODES_PATH,
    name="staff_survey_codes_create",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_survey_codes_create(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    raw = data.get("count", "")
    raw = raw if isinstance(raw, str) else ""
    try:
        count = codes.parse_count(raw)
    except codes.CodeError as exc:
        errors = FormErrors()
        errors.add("count", str(exc))
        context = _context(request, db, user, town, survey, values={"count": raw[:20]})
        return form_page(request, TEMPLATE, context, errors)
    created = codes.generate_codes(db, survey, count)
    audit.record(
        db,
        action="codes_generated",
        user_id=user.id,
        town_id=town.id,
        detail=f"{survey.title}: {len(created)}",
    )
    flash(
        request,
        ngettext(
            "%(count)s Code wurde erzeugt.",
            "%(count)s Codes wurden erzeugt.",
            len(created),
            count=format_number(len(created)),
        ),
    )
    return see_other(_codes_page_url(request, town, survey))


@get(
    CODES_PATH + ".csv",
    name="staff_survey_codes_csv",
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_survey_codes_csv(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], survey_id: FromPath[int]
) -> Response[bytes]:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    text = codes.codes_csv(db, survey, request.app.state.settings.base_url)
    return _download(
        text.encode("utf-8"), "text/csv; charset=utf-8", f"codes-{town.slug}-{survey.slug}.csv"
    )


@get(
    "/verwaltung/{town_slug:str}/umfragen/{survey_id:int}/briefe.pdf",
    name="staff_survey_letters_pdf",
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_survey_letters_pdf(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], survey_id: FromPath[int]
) -> Response[bytes] | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    if codes.code_counts(db, survey).free == 0:
        flash(request, _("Es gibt keine freien Codes. Erzeugen Sie zuerst neue Codes."))
        return see_other(_codes_page_url(request, town, survey))
    body = codes.letters_pdf(db, survey, town, request.app.state.settings.base_url)
    return _download(body, "application/pdf", f"briefe-{town.slug}-{survey.slug}.pdf")


@get("/u/{code:str}", name="survey_short_link", sync_to_thread=True, opt=PUBLIC)
def survey_short_link(request: AnyRequest, db: Db, code: FromPath[str]) -> Redirect:
    """The address printed on letters: to the survey, with the code filled in.

    A used code goes there too: the survey page says what a used code means.
    """
    throttle: Throttle = request.app.state.throttle
    verdict = throttle.hit(limits.CODE_LOOKUPS, client_id(request))
    if not verdict.allowed:
        raise HTTPException(
            status_code=429,
            headers={"Retry-After": str(verdict.retry_after_seconds)},
            extra={"message": limits.too_many_codes(verdict)},
        )
    found = codes.find_code(db, code)
    if found is None:
        raise NotFoundException(extra={"message": UNKNOWN_CODE})  # the error page translates
    town, survey, invitation = found
    start = request.app.route_reverse("survey_start", town_slug=town.slug, survey_slug=survey.slug)
    return see_other(f"{start}?{urlencode({'code': invitation.code})}")


CODE_ROUTES = [
    staff_survey_codes,
    staff_survey_codes_create,
    staff_survey_codes_csv,
    staff_survey_letters_pdf,
    survey_short_link,
]
