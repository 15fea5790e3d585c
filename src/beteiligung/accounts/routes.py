"""Login, logout, password change and reset, the staff start page."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from litestar import Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung import i18n
from beteiligung.accounts import mails, service
from beteiligung.accounts.access import (
    SESSION_PASSWORD_VERSION,
    SESSION_USER,
    logged_in_user,
    password_version,
    provide_staff_user,
)
from beteiligung.accounts.guard import LoginGuard, LoginRefusal
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.security import PasswordChecks, PasswordChecksBusy, hash_password
from beteiligung.sessions import forget_session
from beteiligung.settings import Settings
from beteiligung.throttle import Limit, Throttle
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
        await forget_session(request.app.stores.get("sessions"), old)
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
    """The request's session (a write on SQLite) is used only after the password matched:
    the limits are counted and the password checked with no transaction open."""
    form = await request.form()
    values = form_values(form, "email", "next")
    password = form_values(form, "password")["password"]
    settings: Settings = request.app.state.settings
    guard: LoginGuard = request.app.state.login_guard
    client = client_id(request)
    errors = FormErrors()
    if not values["email"]:
        errors.add("email", _("Bitte geben Sie Ihre E-Mail-Adresse ein."))
    if not password:
        errors.add("password", _("Bitte geben Sie Ihr Passwort ein."))
    if errors:
        return form_page(request, "accounts/login.html", {"values": values}, errors)
    refusal = await anyio.to_thread.run_sync(guard.admit, values["email"], client)
    if refusal is not None:
        return _login_refused(request, values, refusal)
    checks: PasswordChecks = request.app.state.password_checks
    try:
        login = await checks.run(
            service.check_login, request.app.state.engine, values["email"], password, settings.demo
        )
    except PasswordChecksBusy:
        return _busy(request, "accounts/login.html", {"values": values})
    if login is None:
        errors.general.append(_("E-Mail-Adresse oder Passwort ist nicht richtig."))
        return form_page(request, "accounts/login.html", {"values": values}, errors)
    await anyio.to_thread.run_sync(guard.succeeded, values["email"], client)
    user = await anyio.to_thread.run_sync(service.finish_login, db, login)
    if user is None:  # deleted in the very moment
        errors.general.append(_("E-Mail-Adresse oder Passwort ist nicht richtig."))
        return form_page(request, "accounts/login.html", {"values": values}, errors)
    await start_session(request, user)
    return see_other(safe_next(values["next"], request.app.route_reverse("staff_home")))


def _login_refused(request: AnyRequest, values: dict[str, str], refusal: LoginRefusal) -> Template:
    errors = FormErrors()
    if refusal.slowed:
        errors.general.append(
            _(
                "Für dieses Konto kamen gerade sehr viele fehlgeschlagene Anmeldeversuche. "
                "Zum Schutz wird nur alle paar Sekunden ein Versuch geprüft: Bitte warten Sie "
                "%(seconds)s Sekunden und melden Sie sich dann erneut an.",
                seconds=refusal.retry_after_seconds,
            )
        )
    else:
        errors.general.append(
            _(
                "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in "
                "%(minutes)s Minuten erneut oder setzen Sie Ihr Passwort zurück.",
                minutes=refusal.retry_after_minutes,
            )
        )
    response = form_page(request, "accounts/login.html", {"values": values}, errors)
    response.status_code = 429
    response.headers["Retry-After"] = str(refusal.retry_after_seconds)
    return response


def _busy(request: AnyRequest, template: str, context: dict[str, Any]) -> Template:
    """Every password check slot stayed taken (security.PasswordChecks): the same form
    again with what was typed, 503 and when to send it again."""
    errors = FormErrors()
    errors.general.append(
        _(
            "Gerade melden sich sehr viele gleichzeitig an. Bitte warten Sie einige Sekunden "
            "und senden Sie das Formular dann erneut."
        )
    )
    response = form_page(request, template, context, errors)
    response.status_code = 503
    response.headers["Retry-After"] = "5"
    return response


@post("/verwaltung/abmelden", name="logout", status_code=303, opt={"public": True})
async def logout(request: AnyRequest) -> Response[Any]:
    request.clear_session()
    old = request.cookies.pop(request.app.state.session_cookie, None)
    if old:
        await forget_session(request.app.stores.get("sessions"), old)
    return see_other(request.app.route_reverse("login") + "?abgemeldet=1")


@get("/verwaltung/passwort", name="password_change", sync_to_thread=True, dependencies=STAFF)
def password_change_form(user: StaffUser) -> Template:
    return page("accounts/password_change.html", {"user": user})


@post("/verwaltung/passwort", name="password_change_submit", status_code=303, dependencies=STAFF)
async def password_change_submit(
    request: AnyRequest, db: Db, user: StaffUser
) -> Template | Redirect:
    form = form_values(await request.form(), "current_password", "password", "password_repeat")
    # The staff lookup's transaction ends here: nothing is held while argon2 runs (twice).
    await anyio.to_thread.run_sync(db.commit)
    checks: PasswordChecks = request.app.state.password_checks
    context = {"user": user}
    try:
        new_hash = await checks.run(
            service.check_password_change,
            user,
            form["current_password"],
            form["password"],
            form["password_repeat"],
        )
    except service.AccountError as exc:
        errors = FormErrors()
        errors.add(exc.field or "password", str(exc))
        return form_page(request, "accounts/password_change.html", context, errors)
    except PasswordChecksBusy:
        return _busy(request, "accounts/password_change.html", context)
    await anyio.to_thread.run_sync(service.store_password_change, db, user, new_hash)
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


# Reset mails: a few per address (a person who lost the first mail asks again) and per
# client (one person asking for many addresses is a script), per hour.
RESET_PER_ADDRESS = Limit("reset-address", 3, 3600)
RESET_PER_CLIENT = Limit("reset-client", 10, 3600)


@post(
    "/verwaltung/passwort-vergessen",
    name="password_forgot_submit",
    status_code=200,
    opt={"public": True},
)
async def password_forgot_submit(request: AnyRequest, data: Form) -> Template:
    """The same answer, in the same time, whether or not the address has an account: the
    lookup, the link and the mail happen after the response (accounts.mails)."""
    values = form_values(data, "email")
    try:
        email = service.validate_email(values["email"])
    except service.AccountError as exc:
        errors = FormErrors()
        errors.add("email", str(exc))
        return form_page(request, "accounts/password_forgot.html", {"values": values}, errors)
    throttle: Throttle = request.app.state.throttle
    by_client = await throttle.hit_async(RESET_PER_CLIENT, client_id(request))
    if not by_client.allowed:
        errors = FormErrors()
        errors.general.append(
            _(
                "Von Ihrem Anschluss kamen gerade sehr viele Anfragen zum Zurücksetzen. "
                "Bitte versuchen Sie es in %(minutes)s Minuten erneut.",
                minutes=by_client.retry_after_minutes,
            )
        )
        response = form_page(request, "accounts/password_forgot.html", {"values": values}, errors)
        response.status_code = 429
        response.headers["Retry-After"] = str(by_client.retry_after_seconds)
        return response
    # Past the address's limit nothing more is sent, and the answer does not say so.
    by_address = await throttle.hit_async(RESET_PER_ADDRESS, email)
    background = (
        BackgroundTask(
            mails.send_reset_after_response,
            request.app,
            request.app.state.engine,
            email,
            i18n.current_locale(),
        )
        if by_address.allowed
        else None
    )
    return Template(
        template_name="accounts/password_forgot_sent.html",
        context={"email": email},
        background=background,
    )


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
    checks: PasswordChecks = request.app.state.password_checks
    context = {"token": token}
    try:
        # Read, hash with nothing held, then store (the link is checked again there).
        target = await anyio.to_thread.run_sync(
            service.read_reset_target, request.app.state.engine, token
        )
        service.validate_new_password(form["password"], form["password_repeat"], target.email)
        new_hash = await checks.run(hash_password, form["password"])
        user = await anyio.to_thread.run_sync(service.store_reset, db, token, new_hash)
    except service.AccountError as exc:
        errors = FormErrors()
        if exc.field:
            errors.add(exc.field, str(exc))
        else:
            errors.general.append(str(exc))
        return form_page(request, "accounts/password_reset.html", context, errors)
    except PasswordChecksBusy:
        return _busy(request, "accounts/password_reset.html", context)
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
