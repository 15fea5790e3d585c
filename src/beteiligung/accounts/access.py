"""Authorization by lookup: staff load objects *through* their town memberships.

A town the user has no membership in is a 404 (its staff pages do not exist
for them); a membership with too small a role is a 403.
"""

from __future__ import annotations

from typing import Any

from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from sqlmodel import Session, select

from beteiligung.accounts.models import Membership, Role, User
from beteiligung.towns.models import Town
from beteiligung.towns.service import town_by_slug
from beteiligung.web import AnyRequest, session_data

SESSION_USER = "uid"
SESSION_PASSWORD_VERSION = "pwv"  # noqa: S105  (a session key, not a password)


def password_version(user: User) -> str:
    return user.password_changed_at.isoformat()


def logged_in_user(db: Session, request: AnyRequest) -> User | None:
    data = session_data(request)
    user_id = data.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    user = db.get(User, user_id)
    if user is None or not user.is_active:
        return None
    if user.is_demo and not request.app.state.settings.demo:
        return None
    # A password change elsewhere ends every other session of the account.
    if data.get(SESSION_PASSWORD_VERSION) != password_version(user):
        return None
    return user


def provide_staff_user(db: NamedDependency[Session], request: AnyRequest) -> User:
    """Dependency for every staff handler: no valid login, no page (redirect to login)."""
    user = logged_in_user(db, request)
    if user is None:
        # Litestar does not end the dependencies resolved before a failing one (the request's
        # database session): give its connection back here, or it stays in a transaction.
        db.close()
        raise NotAuthorizedException()
    return user


def require_federation_admin(user: User) -> None:
    if not user.is_federation_admin:
        raise PermissionDeniedException()


def town_for_staff(db: Session, user: User, slug: str, role: Role = Role.MODERATOR) -> Town:
    town = town_by_slug(db, slug)
    if town is None:
        raise NotFoundException()
    if user.is_federation_admin:
        return town
    membership = db.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.town_id == town.id)
    ).first()
    if membership is None:
        raise NotFoundException()
    if Role(membership.role).rank < role.rank:
        raise PermissionDeniedException()
    return town


def role_in(db: Session, user: User, town: Town) -> Role | None:
    if user.is_federation_admin:
        return Role.TOWN_ADMIN
    membership = db.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.town_id == town.id)
    ).first()
    return Role(membership.role) if membership else None


def staff_context(user: User, **extra: Any) -> dict[str, Any]:
    return {"user": user, **extra}
