"""Public town pages and the staff pages that manage a town, its team and texts."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung import audit, clock
from beteiligung.accounts.access import (
    logged_in_user,
    provide_staff_user,
    require_federation_admin,
    role_in,
    town_for_staff,
)
from beteiligung.accounts.models import Role, User
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.towns import service
from beteiligung.towns.models import Town
from beteiligung.towns.team_routes import TEAM_ROUTES
from beteiligung.web import AnyRequest, FormErrors, flash, form_page, page, see_other

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}
PUBLIC = {"public": True}

# The three texts every town must publish, with their German URL and heading.
LEGAL_PAGES = {
    "impressum": ("imprint_text", lazy("Impressum")),
    "datenschutz": ("privacy_text", lazy("Datenschutzerklärung")),
    "barrierefreiheit": ("accessibility_text", lazy("Erklärung zur Barrierefreiheit")),
}


def public_town(db: Session, slug: str, viewer: User | None = None) -> Town:
    """The town residents may see: a draft town is a 404 but to its own staff (`viewer`),
    who look at its pages before publishing it."""
    town = service.town_by_slug(db, slug)
    if town is None:
        raise NotFoundException()
    if not town.published and (viewer is None or role_in(db, viewer, town) is None):
        raise NotFoundException()
    return town


@get("/", name="federation_home", sync_to_thread=True, opt=PUBLIC)
def federation_home(db: Db) -> Template:
    towns = service.published_towns(db)
    count = service.number_in_words(len(towns))
    return page("towns/federation_home.html", {"towns": towns, "town_count": count})


@get("/{town_slug:str}", name="town_home", sync_to_thread=True, opt=PUBLIC)
def town_home(request: AnyRequest, db: Db, town_slug: FromPath[str]) -> Template:
    from beteiligung.surveys.service import open_surveys
    from beteiligung.surveys.structure import pick

    town = public_town(db, town_slug, logged_in_user(db, request))
    surveys = open_surveys(db, town.id or 0, clock.today())
    titles = {survey.id: pick(survey.title, survey.title_en) for survey in surveys}
    return page("towns/town_home.html", {"town": town, "surveys": surveys, "survey_titles": titles})


@get("/{town_slug:str}/impressum", name="town_imprint", sync_to_thread=True, opt=PUBLIC)
def town_imprint(request: AnyRequest, db: Db, town_slug: FromPath[str]) -> Template:
    return _legal(request, db, town_slug, "impressum")


@get("/{town_slug:str}/datenschutz", name="town_privacy", sync_to_thread=True, opt=PUBLIC)
def town_privacy(request: AnyRequest, db: Db, town_slug: FromPath[str]) -> Template:
    return _legal(request, db, town_slug, "datenschutz")


@get(
    "/{town_slug:str}/barrierefreiheit", name="town_accessibility", sync_to_thread=True, opt=PUBLIC
)
def town_accessibility(request: AnyRequest, db: Db, town_slug: FromPath[str]) -> Template:
    return _legal(request, db, town_slug, "barrierefreiheit")


def _legal(request: AnyRequest, db: Session, town_slug: str, kind: str) -> Template:
    field, title = LEGAL_PAGES[kind]
    town = public_town(db, town_slug, logged_in_user(db, request))
    return page(
        "towns/legal.html",
        {"town": town, "kind": kind, "title": _(title), "text": getattr(town, field)},
    )


def _federation_legal(request: AnyRequest, db: Session, kind: str) -> Template:
    field, title = LEGAL_PAGES[kind]
    operator = service.town_by_slug(db, request.app.state.settings.operator_town)
    return page(
        "towns/legal.html",
        {
            "town": None,
            "operator": operator,
            "kind": kind,
            "title": _(title),
            "text": getattr(operator, field) if operator else "",
            "towns": service.published_towns(db),
        },
    )


@get("/impressum", name="imprint", sync_to_thread=True, opt=PUBLIC)
def imprint(request: AnyRequest, db: Db) -> Template:
    return _federation_legal(request, db, "impressum")


@get("/datenschutz", name="privacy", sync_to_thread=True, opt=PUBLIC)
def privacy(request: AnyRequest, db: Db) -> Template:
    return _federation_legal(request, db, "datenschutz")


@get("/barrierefreiheit", name="accessibility", sync_to_thread=True, opt=PUBLIC)
def accessibility(request: AnyRequest, db: Db) -> Template:
    return _federation_legal(request, db, "barrierefreiheit")


# --- staff: one town ---------------------------------------------------------


@get("/verwaltung/{town_slug:str}", name="staff_town", sync_to_thread=True, dependencies=STAFF)
def staff_town(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug)
    return page("staff/town.html", _town_context(db, user, town))


def _town_context(db: Session, user: User, town: Town) -> dict[str, Any]:
    return {
        "user": user,
        "town": town,
        "role": role_in(db, user, town),
        "missing_texts": service.missing_texts(town),
    }


@post(
    "/verwaltung/{town_slug:str}/veroeffentlichen",
    name="staff_town_publish",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_town_publish(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str]
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    try:
        service.publish_town(db, town, user)
    except service.TownError as exc:
        errors = FormErrors(general=[str(exc)])
        return form_page(request, "staff/town.html", _town_context(db, user, town), errors)
    flash(request, _("%(town)s ist jetzt öffentlich.", town=town.name))
    return see_other(request.app.route_reverse("staff_town", town_slug=town.slug))


@get(
    "/verwaltung/{town_slug:str}/texte",
    name="staff_town_texts",
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_town_texts(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    values = {name: getattr(town, name) for name in service.PUBLIC_TEXT_FIELDS}
    return page("staff/town_texts.html", {"user": user, "town": town, "values": values})


@post(
    "/verwaltung/{town_slug:str}/texte",
    name="staff_town_texts_submit",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_town_texts_submit(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], data: Form
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    # A field the request leaves out keeps its text: a form from before a new field was
    # added must not blank that field.
    stored = {name: getattr(town, name) for name in service.PUBLIC_TEXT_FIELDS}
    form = service.clean_texts({**stored, **data}, service.PUBLIC_TEXT_FIELDS)
    if form.errors:
        errors = FormErrors(fields=form.errors)
        context = {"user": user, "town": town, "values": form.values}
        return form_page(request, "staff/town_texts.html", context, errors)
    service.update_texts(db, town, form, user)
    flash(request, _("Die Texte wurden gespeichert."))
    return see_other(request.app.route_reverse("staff_town_texts", town_slug=town.slug))


@get(
    "/verwaltung/{town_slug:str}/protokoll",
    name="staff_audit",
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_audit(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    entries = audit.entries_for_town(db, town.id or 0)
    return page("staff/audit.html", {"user": user, "town": town, "entries": entries})


# --- staff: the federation ---------------------------------------------------

NEW_TOWN_FIELDS = {"name": "", "slug": "", "ags": "", "contact_email": ""}


@get(
    "/verwaltung/verbund/staedte", name="federation_towns", sync_to_thread=True, dependencies=STAFF
)
def federation_towns(db: Db, user: StaffUser) -> Template:
    require_federation_admin(user)
    return page(
        "staff/federation_towns.html",
        {"user": user, "towns": service.all_towns(db), "values": NEW_TOWN_FIELDS},
    )


@post(
    "/verwaltung/verbund/staedte",
    name="federation_towns_create",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def federation_towns_create(
    request: AnyRequest, db: Db, user: StaffUser, data: Form
) -> Template | Redirect:
    require_federation_admin(user)
    form = service.validate_new_town(db, data)
    if form.errors:
        context = {"user": user, "towns": service.all_towns(db), "values": form.values}
        return form_page(
            request, "staff/federation_towns.html", context, FormErrors(fields=form.errors)
        )
    town = service.create_town(db, form, user)
    flash(
        request,
        _(
            "%(name)s wurde als Entwurf angelegt. Legen Sie jetzt das Team an: Öffentlich wird "
            "die Stadt, sobald ihre Verwaltung die Pflichttexte eingetragen und sie "
            "veröffentlicht hat.",
            name=town.name,
        ),
    )
    return see_other(request.app.route_reverse("staff_team", town_slug=town.slug))


TOWN_ROUTES = [
    federation_home,
    imprint,
    privacy,
    accessibility,
    town_home,
    town_imprint,
    town_privacy,
    town_accessibility,
    staff_town,
    staff_town_publish,
    *TEAM_ROUTES,
    staff_town_texts,
    staff_town_texts_submit,
    staff_audit,
    federation_towns,
    federation_towns_create,
]
