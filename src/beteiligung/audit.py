"""Audit log of staff actions: who did what, when, in which town, and why."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select

from beteiligung.db import utcnow


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


def entries_for_town(session: Session, town_id: int, limit: int = 100) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.town_id == town_id)
        .order_by(col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))
