"""Audit log of staff actions: who did what, when, in which town, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select

from beteiligung.db import utcnow
from beteiligung.i18n import lazy


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    town_id: int | None = Field(default=None, foreign_key="town.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    action: str = Field(max_length=60)
    detail: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, index=True)


def record(
    session: Session,
    *,
    action: str,
    user_id: int | None,
    town_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    entry = AuditEntry(town_id=town_id, user_id=user_id, action=action, detail=detail[:2000])
    session.add(entry)
    return entry


# What each action is called in the log; a new action without a label shows its key.
ACTION_LABELS = {
    "member_added": lazy("Person ins Team aufgenommen"),
    "member_removed": lazy("Person aus dem Team entfernt"),
    "role_changed": lazy("Rolle geändert"),
    "password_changed": lazy("Passwort geändert"),
    "password_reset": lazy("Passwort über Link neu gesetzt"),
    "town_created": lazy("Stadt angelegt"),
    "town_texts_changed": lazy("Kontakt und Pflichttexte geändert"),
    "user_created_cli": lazy("Konto auf der Kommandozeile angelegt"),
}


@dataclass(frozen=True)
class LogLine:
    entry: AuditEntry
    actor: str  # the acting person's e-mail, or "" for the system / command line

    @property
    def label(self) -> str:
        label = ACTION_LABELS.get(self.entry.action)
        return str(label) if label is not None else self.entry.action


def entries_for_town(session: Session, town_id: int, limit: int = 100) -> list[LogLine]:
    from beteiligung.accounts.models import User

    query = (
        select(AuditEntry, User.email)
        .join(User, col(User.id) == col(AuditEntry.user_id), isouter=True)
        .where(AuditEntry.town_id == town_id)
        .order_by(col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
    )
    return [LogLine(entry, email or "") for entry, email in session.exec(query)]
