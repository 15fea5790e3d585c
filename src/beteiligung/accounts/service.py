"""Staff accounts: authentication, passwords, reset links and town teams. No HTTP here."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from beteiligung import audit
from beteiligung.accounts.models import Membership, PasswordResetToken, Role, User
from beteiligung.db import MAX_ID, utcnow
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.security import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    token_digest,
    verify_password,
)
from beteiligung.towns.models import Town
from beteiligung.web import has_control_chars

EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,189}\.[A-Za-z]{2,63}$")
MAX_PASSWORD_LENGTH = 1024

ROLE_LABELS = {
    Role.MODERATOR: lazy("Moderation"),
    Role.TOWN_ADMIN: lazy("Stadtverwaltung (Admin)"),
}


class AccountError(ValueError):
    """A rule of the accounts slice was broken; the message is German and user-facing."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_email(email: str) -> str:
    email = normalize_email(email)
    if not email:
        raise AccountError(_("Bitte geben Sie eine E-Mail-Adresse ein."), "email")
    if has_control_chars(email):
        raise AccountError(
            _(
                "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen. "
                "Bitte tippen Sie sie noch einmal ein."
            ),
            "email",
        )
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise AccountError(
            _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@stadt.de."), "email"
        )
    return email


def validate_new_password(password: str, repeat: str, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("Das Passwort muss mindestens %(n)s Zeichen lang sein.", n=MIN_PASSWORD_LENGTH),
            "password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(_("Das Passwort ist zu lang."), "password")
    if email and password.strip().lower() == email.lower():
        raise AccountError(_("Das Passwort darf nicht Ihre E-Mail-Adresse sein."), "password")
    if password != repeat:
        raise AccountError(_("Die beiden Passwörter stimmen nicht überein."), "password_repeat")


def user_by_email(db: Session, email: str) -> User | None:
    if has_control_chars(email):
        return None  # never stored (validate_email), and PostgreSQL refuses NUL in a query
    return db.exec(select(User).where(User.email == normalize_email(email))).first()


@dataclass(frozen=True)
class Login:
    """A password that matched: whose, and the new hash when the parameters changed."""

    user_id: int
    new_hash: str | None


def check_login(engine: Engine, email: str, password: str, demo_mode: bool) -> Login | None:
    """Checks the credentials outside any request transaction: the account is read in a
    short read of its own, then one argon2 verification runs with nothing held (on SQLite,
    no write lock waits for it). Unknown addresses cost the same verification."""
    found = None
    if len(password) <= MAX_PASSWORD_LENGTH:
        with Session(engine) as db:  # a read: on SQLite it takes no lock
            found = user_by_email(db, email)
    if not verify_password(found.password_hash if found else None, password[:MAX_PASSWORD_LENGTH]):
        return None
    assert found is not None and found.id is not None
    if not found.is_active or (found.is_demo and not demo_mode):
        return None
    new_hash = hash_password(password) if needs_rehash(found.password_hash) else None
    return Login(found.id, new_hash)


def finish_login(db: Session, login: Login) -> User | None:
    """The logged-in user, with a hash made with today's parameters stored."""
    user = db.get(User, login.user_id)
    if user is not None and login.new_hash is not None:
        user.password_hash = login.new_hash
        db.add(user)
    return user


def set_password(db: Session, user: User, password: str) -> None:
    store_password_hash(db, user, hash_password(password))


def store_password_hash(db: Session, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    user.password_changed_at = utcnow()
    db.add(user)
    # A new password makes every open reset link useless.
    for token in db.exec(
        select(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, col(PasswordResetToken.used_at).is_(None)
        )
    ):
        token.used_at = utcnow()
        db.add(token)


def change_password(db: Session, user: User, current: str, new: str, repeat: str) -> None:
    """In one go (scripts, tests); the web form checks first with nothing held
    (check_password_change) and stores after (store_password_change)."""
    store_password_change(db, user, check_password_change(user, current, new, repeat))


def check_password_change(user: User, current: str, new: str, repeat: str) -> str:
    """The hash of the new password, or AccountError: two argon2 runs and no database."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Das bisherige Passwort ist nicht richtig."), "current_password")
    validate_new_password(new, repeat, user.email)
    return hash_password(new)


def store_password_change(db: Session, user: User, password_hash: str) -> None:
    store_password_hash(db, user, password_hash)
    audit.record(db, action="password_changed", user_id=user.id)


def create_reset_token(db: Session, user: User, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    assert user.id is not None, "a stored user has an id"
    db.add(
        PasswordResetToken(
            user_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + lifetime
        )
    )
    return token


def valid_reset_token(db: Session, token: str) -> PasswordResetToken | None:
    if not token or len(token) > 100:
        return None
    found = db.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
    ).first()
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found


def reset_password(db: Session, token: str, new: str, repeat: str) -> User:
    """In one go (scripts, tests); the web form hashes between reset_target and
    store_reset with no transaction open."""
    user = reset_target(db, token)
    validate_new_password(new, repeat, user.email)
    return store_reset(db, token, hash_password(new))


def reset_target(db: Session, token: str) -> User:
    """The active account a reset link is for, or AccountError."""
    found = valid_reset_token(db, token)
    if found is None:
        raise AccountError(
            _(
                "Dieser Link ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."
            )
        )
    user = db.get(User, found.user_id)
    if user is None or not user.is_active:
        raise AccountError(_("Dieses Konto ist nicht mehr aktiv."))
    return user


def read_reset_target(engine: Engine, token: str) -> User:
    """reset_target in a short read of its own (no request transaction, no lock)."""
    with Session(engine, expire_on_commit=False) as db:
        return reset_target(db, token)


def store_reset(db: Session, token: str, password_hash: str) -> User:
    """Looks the link up again (it may have been used meanwhile) and stores the hash."""
    user = reset_target(db, token)
    found = valid_reset_token(db, token)
    assert found is not None
    store_password_hash(db, user, password_hash)
    found.used_at = utcnow()
    db.add(found)
    audit.record(db, action="password_reset", user_id=user.id)
    return user


def create_user(
    db: Session,
    email: str,
    password: str | None,
    *,
    federation_admin: bool = False,
    display_name: str = "",
    demo: bool = False,
    password_hash: str | None = None,
) -> User:
    """`password_hash`: the hash of `password`, made beforehand (the demo accounts share
    the published demo password and its hash: argon2 is slow on purpose)."""
    email = validate_email(email)
    if user_by_email(db, email) is not None:
        raise AccountError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."), "email")
    # Without a password the account can only be entered through a reset link.
    secret = password if password is not None else secrets.token_urlsafe(32)
    if password is not None:
        validate_new_password(password, password, email)
    user = User(
        email=email,
        password_hash=password_hash or hash_password(secret),
        display_name=display_name.strip()[:120],
        is_federation_admin=federation_admin,
        is_demo=demo,
    )
    db.add(user)
    db.flush()
    return user


@dataclass(frozen=True)
class TeamMember:
    membership: Membership
    user: User

    @property
    def role(self) -> Role:
        return Role(self.membership.role)


def memberships_of(db: Session, user: User) -> list[tuple[Membership, Town]]:
    rows = db.exec(
        select(Membership, Town)
        .join(Town, col(Town.id) == Membership.town_id)
        .where(Membership.user_id == user.id)
        .order_by(Town.name)
    )
    return [(membership, town) for membership, town in rows]


def team_of(db: Session, town: Town) -> list[TeamMember]:
    rows = db.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.town_id == town.id)
        .order_by(User.email)
    )
    return [TeamMember(membership, user) for membership, user in rows]


def parse_role(raw: str) -> Role:
    try:
        return Role(raw)
    except ValueError:
        raise AccountError(_("Bitte wählen Sie eine Rolle aus der Liste."), "role") from None


def add_member(db: Session, town: Town, email: str, role: Role, actor: User) -> tuple[User, bool]:
    """Adds a person to the town's team; returns the user and whether the account is new."""
    email = validate_email(email)
    user = user_by_email(db, email)
    created = user is None
    if user is None:
        user = create_user(db, email, None)
    existing = db.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.town_id == town.id)
    ).first()
    if existing is not None:
        raise AccountError(
            _("Diese Person gehört bereits zum Team von %(town)s.", town=town.name), "email"
        )
    db.add(Membership(user_id=user.id, town_id=town.id, role=role.value))  # type: ignore[arg-type]
    audit.record(
        db,
        action="member_added",
        user_id=actor.id,
        town_id=town.id,
        detail=f"{email} ({role.value})",
    )
    return user, created


def team_membership(db: Session, town: Town, membership_id: int) -> Membership:
    if not 0 < membership_id <= MAX_ID:
        raise LookupError(membership_id)
    membership = db.get(Membership, membership_id)
    if membership is None or membership.town_id != town.id:
        raise LookupError(membership_id)
    return membership


def _admins_left(db: Session, town: Town, without: Membership) -> int:
    return len(
        [
            m
            for m in db.exec(
                select(Membership).where(
                    Membership.town_id == town.id, Membership.role == Role.TOWN_ADMIN.value
                )
            )
            if m.id != without.id
        ]
    )


def change_role(db: Session, town: Town, membership: Membership, role: Role, actor: User) -> None:
    if (
        membership.role == Role.TOWN_ADMIN.value
        and role != Role.TOWN_ADMIN
        and not _admins_left(db, town, membership)
    ):
        raise AccountError(_("Die Stadt braucht mindestens eine Person mit Admin-Rolle."), "role")
    membership.role = role.value
    db.add(membership)
    audit.record(
        db,
        action="role_changed",
        user_id=actor.id,
        town_id=town.id,
        detail=f"membership {membership.id}: {role.value}",
    )


def remove_member(db: Session, town: Town, membership: Membership, actor: User) -> None:
    if membership.role == Role.TOWN_ADMIN.value and not _admins_left(db, town, membership):
        raise AccountError(_("Die Stadt braucht mindestens eine Person mit Admin-Rolle."))
    user = db.get(User, membership.user_id)
    db.delete(membership)
    audit.record(
        db,
        action="member_removed",
        user_id=actor.id,
        town_id=town.id,
        detail=user.email if user else str(membership.user_id),
    )
