"""Staff accounts: users, their town roles and password reset links."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from beteiligung.db import utcnow


class Role(StrEnum):
    MODERATOR = "moderator"
    TOWN_ADMIN = "town_admin"

    @property
    def rank(self) -> int:
        return 2 if self is Role.TOWN_ADMIN else 1


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    display_name: str = Field(default="", max_length=120)
    is_active: bool = Field(default=True)
    is_federation_admin: bool = Field(default=False)
    # Demo accounts may only log in while the app runs in demo mode.
    is_demo: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "town_id", name="uq_membership_user_town"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    town_id: int = Field(foreign_key="town.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class PasswordResetToken(SQLModel, table=True):
    __tablename__ = "password_reset_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    # Only the SHA-256 of the token is kept; the link itself is in the mail.
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
