"""Login, logout, password change and reset, the staff start page."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import anyio
from litestar import Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.accounts import service
from beteiligung.accounts.access import (
    SESSION_PASSWORD_VERSION,
    SESSION_USER,
    logged_in_user,
    password_version,
    provide_staff_user,
)
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.mail import MailError, send_mail
from beteiligung.settings import Settings
from beteiligung.web import (
    AnyRequest,
    FormErrors,
    client_id,
    flash,
    form_page,
    form_values,
    page,
    safe_next,
    see_other,
)

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}


async def start_session(request: AnyRequest, user: User) -> None:
    """A new session id at login and logout: an id chosen before login is never kept."""
    old = request.cookies.get(request.app.state.session_cookie)
    request.clear_session()
    request.cookies.pop(request.app.state.session_cookie, None)
    if old:
        await request.app.stores.get("sessions").delete(old)
    if user.id is not None:
        request.set_session(
            {SESSION_USER: user.id, SESSION_PASSWORD_VERSION: password_version(user)}
        )


@get("/verwaltung/anmelden", name="login", sync_to_thread=True, opt={"public": True})
def login_form(
    request: AnyRequest, db: Db, next_: Annotated[str | None, QueryParameter(name="next")] = None
) -> Template | Redirect:
    if logged_in_user(db, request) is not None:
        return see_other(safe_next(next_, request.app.route_reverse("staff_home")))
    return page("accounts/login.html", {"values": {"email": "", "next": next_ or ""}})


@post("/verwaltung/anmelden", name="login_submit", status_code=303, opt={"public": True})
async def login_submit(request: AnyRequest, db: Db) -> Template | Redirect:
    form = await request.form()
    values = form_values(form, "email", "next")
    password = form_values(form, "password")["password"]
    settings: Settings = request.app.state.settings
    throttle = request.app.state.throttle
    client = client_id(request)
    errors = FormErrors()
    if not values["email"]:
        errors.add("email", _("Bitte geben Sie Ihre E-Mail-Adresse ein."))
    if not password:
        errors.add("password", _("Bitte geben Sie Ihr Passwort ein."))
    if errors:
        return form_page(request, "accounts/login.html", {"values": values}, errors)
    state = await throttle.state(values["email"], client)
    if state.blocked:
        errors.general.append(
            _(
                "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in "
                "%(minutes)s Minuten erneut oder setzen Sie Ihr Passwort zurück.",
                minutes=state.retry_after_minutes,
            )
        )
        response = form_page(request, "accounts/login.html", {"values": values}, errors)
        response.status_code = 429
        response.headers["Retry-After"] = str(state.retry_after_seconds)
        return response
    user = await anyio.to_thread.run_sync(
        service.authenticate, db, values["email"], password, settings.demo
    )
    if user is None:
        await throttle.record_failure(values["email"], client)
        errors.general.append(_("E-Mail-Adresse oder Passwort ist nicht richtig."))
        return form_page(request, "accounts/login.html", {"values": values}, errors)
    await throttle.record_success(values["email"])
    await start_session(request, user)
    return see_other(safe_next(values["next"], request.app.route_reverse("staff_home")))


@post("/verwaltung/abmelden", name="logout", status_code=303, opt={"public": True})
async def logout(request: AnyRequest) -> Response[Any]:
    request.clear_session()
    old = request.cookies.pop(request.app.state.session_cookie, None)
    if old:
        await request.app.stores.get("sessions").delete(old)
    return see_other(request.app.route_reverse("login") + "?abgemeldet=1")


@get("/verwaltung/passwort", name="password_change", sync_to_thread=True, dependencies=STAFF)
def password_change_form(user: StaffUser) -> Template:
    return page("accounts/password_change.html", {"user": user})


@post("/verwaltung/passwort", name="password_change_submit", status_code=303, dependencies=STAFF)
async def password_change_submit(
    request: AnyRequest, db: Db, user: StaffUser
) -> Template | Redirect:
    form = form_values(await request.form(), "current_password", "password", "password_repeat")
    try:
        await anyio.to_thread.run_sync(
            service.change_password,
            db,
            user,
            form["current_password"],
            form["password"],
            form["password_repeat"],
        )
    except service.AccountError as exc:
        errors = FormErrors()
        errors.add(exc.field or "password", str(exc))
        return form_page(request, "accounts/password_change.html", {"user": user}, errors)
    await start_session(request, user)
    flash(request, _("Ihr Passwort wurde geändert."))
    return see_other(request.app.route_reverse("staff_home"))


@get(
    "/verwaltung/passwort-vergessen",
    name="password_forgot",
    sync_to_thread=True,
    opt={"public": True},
)
def password_forgot_form() -> Template:
    return page("accounts/password_forgot.html", {"values": {"email": ""}})


@post(
    "/verwaltung/passwort-vergessen",
    name="password_forgot_submit",
    status_code=200,
    sync_to_thread=True,
    opt={"public": True},
)
def password_forgot_submit(request: AnyRequest, db: Db, data: Form) -> Template:
    values = form_values(data, "email")
    settings: Settings = request.app.state.settings
    try:
        email = service.validate_email(values["email"])
    except service.AccountError as exc:
        errors = FormErrors()
        errors.add("email", str(exc))
        return form_page(request, "accounts/password_forgot.html", {"values": values}, errors)
    user = service.user_by_email(db, email)
    # The same answer whether or not the account exists: nobody can probe for addresses.
    if user is not None and user.is_active and (settings.demo or not user.is_demo):
        send_reset_link(request, db, user, welcome=False)
    return page("accounts/password_forgot_sent.html", {"email": email})


def send_reset_link(request: AnyRequest, db: Session, user: User, *, welcome: bool) -> bool:
    settings: Settings = request.app.state.settings
    lifetime = timedelta(days=7) if welcome else timedelta(minutes=settings.password_reset_minutes)
    token = service.create_reset_token(db, user, lifetime)
    link = settings.base_url.rstrip("/") + request.app.route_reverse("password_reset", token=token)
    if welcome:
        subject = _("Ihr Zugang zu Beteiligung")
        body = _(
            "Guten Tag,\n\nfür Sie wurde ein Zugang zur Beteiligungsplattform angelegt. "
            "Bitte legen Sie über diesen Link Ihr Passwort fest (gültig 7 Tage):\n\n%(link)s\n",
            link=link,
        )
    else:
        subject = _("Passwort zurücksetzen")
        body = _(
            "Guten Tag,\n\nüber diesen Link können Sie ein neues Passwort festlegen "
            "(gültig %(minutes)s Minuten):\n\n%(link)s\n\n"
            "Wenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.\n",
            link=link,
            minutes=settings.password_reset_minutes,
        )
    try:
        send_mail(settings, user.email, subject, body)
    except MailError:
        # The link stays valid; the caller tells staff that the mail did not go out.
        return False
    return True


@get(
    "/verwaltung/passwort-neu/{token:str}",
    name="password_reset",
    sync_to_thread=True,
    opt={"public": True},
)
def password_reset_form(db: Db, token: FromPath[str]) -> Template:
    if service.valid_reset_token(db, token) is None:
        raise NotFoundException(
            extra={
                "message": _(
                    "Dieser Link ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."
                )
            }
        )
    return page("accounts/password_reset.html", {"token": token})


@post(
    "/verwaltung/passwort-neu/{token:str}",
    name="password_reset_submit",
    status_code=303,
    opt={"public": True},
)
async def password_reset_submit(
    request: AnyRequest, db: Db, token: FromPath[str]
) -> Template | Redirect:
    form = form_values(await request.form(), "password", "password_repeat")
    try:
        user = await anyio.to_thread.run_sync(
            service.reset_password, db, token, form["password"], form["password_repeat"]
        )
    except service.AccountError as exc:
        errors = FormErrors()
        if exc.field:
            errors.add(exc.field, str(exc))
        else:
            errors.general.append(str(exc))
        return form_page(request, "accounts/password_reset.html", {"token": token}, errors)
    await start_session(request, user)
    flash(request, _("Ihr neues Passwort ist gespeichert. Sie sind angemeldet."))
    return see_other(request.app.route_reverse("staff_home"))


@get("/verwaltung", name="staff_home", sync_to_thread=True, dependencies=STAFF)
def staff_home(request: AnyRequest, db: Db, user: StaffUser) -> Template:
    return page(
        "staff/home.html",
        {
            "user": user,
            "memberships": service.memberships_of(db, user),
            "role_labels": service.ROLE_LABELS,
        },
    )


ACCOUNT_ROUTES = [
    login_form,
    login_submit,
    logout,
    password_change_form,
    password_change_submit,
    password_forgot_form,
    password_forgot_submit,
    password_reset_form,
    password_reset_submit,
    staff_home,
]
