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
    "town_published": lazy("Stadt veröffentlicht"),
    "user_created_cli": lazy("Konto auf der Kommandozeile angelegt"),
    "survey_created": lazy("Umfrage angelegt"),
    "survey_edited": lazy("Einstellungen einer Umfrage geändert"),
    "survey_opened": lazy("Umfrage geöffnet"),
    "survey_closed": lazy("Umfrage beendet"),
    "survey_reopened": lazy("Umfrage wieder geöffnet"),
    "survey_drafted": lazy("Umfrage zurück in den Entwurf gesetzt"),
    "survey_copied": lazy("Neue Version einer Umfrage angelegt"),
    "survey_deleted": lazy("Entwurf einer Umfrage gelöscht"),
    "page_added": lazy("Seite einer Umfrage angelegt"),
    "page_edited": lazy("Seite einer Umfrage geändert"),
    "page_moved": lazy("Seite einer Umfrage verschoben"),
    "page_deleted": lazy("Seite einer Umfrage gelöscht"),
    "question_added": lazy("Frage angelegt"),
    "question_edited": lazy("Frage geändert"),
    "question_moved": lazy("Frage verschoben"),
    "question_deleted": lazy("Frage gelöscht"),
    "option_added": lazy("Antwortmöglichkeit angelegt"),
    "option_edited": lazy("Antwortmöglichkeit geändert"),
    "option_moved": lazy("Antwortmöglichkeit verschoben"),
    "option_deleted": lazy("Antwortmöglichkeit gelöscht"),
    "codes_generated": lazy("Einladungscodes erzeugt"),
    "idea_published": lazy("Idee veröffentlicht"),
    "idea_reviewed": lazy("Idee geprüft (bleibt öffentlich)"),
    "idea_rejected": lazy("Idee abgelehnt"),
    "idea_status_changed": lazy("Stand einer Idee geändert"),
    "idea_corrected": lazy("Idee korrigiert"),
    "idea_field_changed": lazy("Handlungsfeld einer Idee geändert"),
    "idea_answered": lazy("Offizielle Antwort zu einer Idee geschrieben"),
    "idea_merged": lazy("Doppelte Idee zusammengeführt"),
    "comment_hidden": lazy("Kommentar verborgen"),
    "comment_kept": lazy("Gemeldeten Kommentar geprüft (bleibt sichtbar)"),
    "idea_settings_changed": lazy("Einstellungen für Ideen geändert"),
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
