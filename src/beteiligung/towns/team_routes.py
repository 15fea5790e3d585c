"""Staff pages of a town's team: who belongs to it, with which role."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.accounts import mails
from beteiligung.accounts import service as accounts
from beteiligung.accounts.access import provide_staff_user, town_for_staff
from beteiligung.accounts.models import Role, User
from beteiligung.i18n import gettext as _
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, flash, form_page, page, see_other

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}


def _team_context(db: Session, user: User, town: Town, **extra: Any) -> dict[str, Any]:
    return {
        "user": user,
        "town": town,
        "team": accounts.team_of(db, town),
        "roles": list(Role),
        "role_labels": accounts.ROLE_LABELS,
        "role_options": [(role.value, _(label)) for role, label in accounts.ROLE_LABELS.items()],
        "values": {"email": "", "role": Role.MODERATOR.value},
        **extra,
    }


@get("/verwaltung/{town_slug:str}/team", name="staff_team", sync_to_thread=True, dependencies=STAFF)
def staff_team(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    return page("staff/team.html", _team_context(db, user, town))


@post(
    "/verwaltung/{town_slug:str}/team",
    name="staff_team_add",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_team_add(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], data: Form
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    values = {"email": str(data.get("email", "")), "role": str(data.get("role", ""))}
    try:
        role = accounts.parse_role(values["role"])
        member, created = accounts.add_member(db, town, values["email"], role, user)
    except accounts.AccountError as exc:
        errors = FormErrors()
        errors.add(exc.field or "email", str(exc))
        return form_page(
            request, "staff/team.html", _team_context(db, user, town, values=values), errors
        )
    role_label = _(accounts.ROLE_LABELS[role])
    sent = (
        mails.invite(request.app, db, member)
        if created
        else mails.tell_new_member(request.app, db, member, town.name, role_label)
    )
    if not sent:
        flash(
            request,
            _(
                "Die Einladungs-E-Mail konnte nicht versendet werden. Bitte prüfen Sie die E-Mail-Einstellungen."
            ),
        )
    flash(request, _("%(email)s gehört jetzt zum Team.", email=member.email))
    return see_other(request.app.route_reverse("staff_team", town_slug=town.slug))


def _membership_or_404(db: Session, town: Town, membership_id: int) -> Any:
    try:
        return accounts.team_membership(db, town, membership_id)
    except LookupError:
        raise NotFoundException() from None


@post(
    "/verwaltung/{town_slug:str}/team/{membership_id:int}/rolle",
    name="staff_team_role",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_team_role(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    membership_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    membership = _membership_or_404(db, town, membership_id)
    try:
        accounts.change_role(
            db, town, membership, accounts.parse_role(str(data.get("role", ""))), user
        )
    except accounts.AccountError as exc:
        errors = FormErrors(general=[str(exc)])
        return form_page(request, "staff/team.html", _team_context(db, user, town), errors)
    flash(request, _("Die Rolle wurde geändert."))
    return see_other(request.app.route_reverse("staff_team", town_slug=town.slug))


@post(
    "/verwaltung/{town_slug:str}/team/{membership_id:int}/entfernen",
    name="staff_team_remove",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_team_remove(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    membership_id: FromPath[int],
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    membership = _membership_or_404(db, town, membership_id)
    try:
        accounts.remove_member(db, town, membership, user)
    except accounts.AccountError as exc:
        errors = FormErrors(general=[str(exc)])
        return form_page(request, "staff/team.html", _team_context(db, user, town), errors)
    flash(request, _("Die Person wurde aus dem Team entfernt."))
    return see_other(request.app.route_reverse("staff_team", town_slug=town.slug))


TEAM_ROUTES = [staff_team, staff_team_add, staff_team_role, staff_team_remove]
