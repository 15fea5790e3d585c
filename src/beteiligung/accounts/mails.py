"""Mails to staff: reset links, invitations, team notices.

A mail goes out only after the transaction that made its link has committed (a failed
commit must not leave a dead link in somebody's inbox), and a reset asked for on the
public form goes out after the response: the answer takes the same time whether or not
the address has an account.
"""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from sqlalchemy import Engine
from sqlmodel import Session

from beteiligung import i18n
from beteiligung.accounts import service
from beteiligung.accounts.models import User
from beteiligung.db import session_scope
from beteiligung.i18n import gettext as _
from beteiligung.mail import MailError, send_mail
from beteiligung.settings import Settings


def reset_mail(settings: Settings, link: str, *, welcome: bool) -> tuple[str, str]:
    """Subject and text of a reset link or of the invitation of a new account."""
    if welcome:
        return _("Ihr Zugang zu Beteiligung"), _(
            "Guten Tag,\n\nfür Sie wurde ein Zugang zur Beteiligungsplattform angelegt. "
            "Bitte legen Sie über diesen Link Ihr Passwort fest (gültig 7 Tage):\n\n%(link)s\n",
            link=link,
        )
    return _("Passwort zurücksetzen"), _(
        "Guten Tag,\n\nüber diesen Link können Sie ein neues Passwort festlegen "
        "(gültig %(minutes)s Minuten):\n\n%(link)s\n\n"
        "Wenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren.\n",
        link=link,
        minutes=settings.password_reset_minutes,
    )


def reset_lifetime(settings: Settings, *, welcome: bool) -> timedelta:
    return timedelta(days=7) if welcome else timedelta(minutes=settings.password_reset_minutes)


def reset_link(app: Litestar, settings: Settings, token: str) -> str:
    return settings.base_url.rstrip("/") + app.route_reverse("password_reset", token=token)


def send_reset_after_response(app: Litestar, engine: Engine, email: str, locale: str) -> None:
    """A background task of the "Passwort vergessen" answer: looks the address up, stores
    a link (committed) and only then mails it. Unknown, inactive and (outside demo mode)
    demo accounts get nothing."""
    i18n.use_locale(locale)
    settings: Settings = app.state.settings
    with session_scope(engine) as db:
        user = service.user_by_email(db, email)
        if user is None or not user.is_active or (user.is_demo and not settings.demo):
            return
        token = service.create_reset_token(db, user, reset_lifetime(settings, welcome=False))
        address = user.email
    subject, body = reset_mail(settings, reset_link(app, settings, token), welcome=False)
    _sent(settings, address, subject, body)  # a failure is logged; the person may ask again


def invite(app: Litestar, db: Session, user: User) -> bool:
    """The invitation of a new account, sent once its link is committed; False when the
    mail did not go out (the caller tells staff)."""
    settings: Settings = app.state.settings
    token = service.create_reset_token(db, user, reset_lifetime(settings, welcome=True))
    db.commit()
    subject, body = reset_mail(settings, reset_link(app, settings, token), welcome=True)
    return _sent(settings, user.email, subject, body)


def tell_new_member(app: Litestar, db: Session, user: User, town_name: str, role: str) -> bool:
    """An existing account added to a team hears of it (after the commit): nobody gets a
    role in a town without knowing."""
    settings: Settings = app.state.settings
    db.commit()
    login = settings.base_url.rstrip("/") + app.route_reverse("login")
    subject, body = team_notice(town_name, role, login)
    return _sent(settings, user.email, subject, body)


def _sent(settings: Settings, to: str, subject: str, body: str) -> bool:
    try:
        send_mail(settings, to, subject, body)
    except MailError:
        return False
    return True


def team_notice(town_name: str, role_label: str, link: str) -> tuple[str, str]:
    """For an existing account added to a town's team: nobody gains a role unaware."""
    return _("Sie gehören jetzt zum Team von %(town)s", town=town_name), _(
        "Guten Tag,\n\nSie wurden dem Team von %(town)s auf der Beteiligungsplattform "
        "hinzugefügt (Rolle: %(role)s). Sie können sich wie bisher anmelden:\n\n%(link)s\n\n"
        "Wenn Sie das nicht erwartet haben, wenden Sie sich bitte an die Stadtverwaltung.\n",
        town=town_name,
        role=role_label,
        link=link,
    )
