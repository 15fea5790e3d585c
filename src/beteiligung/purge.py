"""`beteiligung purge`: delete what is past its retention, and say how much.

Each step deletes one kind of data and returns how many items it removed. Later areas
(unfinished survey responses, notice e-mail addresses of closed ideas) add their steps
to STEPS. Run it daily, e.g. from a systemd timer or cron; running it twice is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import anyio
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from sqlalchemy import delete, func, or_, select, update
from sqlmodel import Session, col

from beteiligung import clock
from beteiligung.accounts.models import PasswordResetToken
from beteiligung.db import utcnow
from beteiligung.ideas.models import Idea, IdeaContact, IdeaStatus
from beteiligung.settings import Settings
from beteiligung.surveys.models import Answer, InvitationCode, Response


@dataclass(frozen=True)
class Purged:
    what: str  # German, for the report
    count: int


Step = Callable[[Session, Settings, datetime], Purged]


def purge_reset_links(db: Session, settings: Settings, now: datetime) -> Purged:
    """Password reset links that expired or were used: worthless, and they name an account."""
    stale = or_(
        col(PasswordResetToken.expires_at) < now, col(PasswordResetToken.used_at).is_not(None)
    )
    count = db.scalar(select(func.count()).select_from(PasswordResetToken).where(stale)) or 0
    db.execute(delete(PasswordResetToken).where(stale))
    return Purged("abgelaufene oder benutzte Links zum Zurücksetzen des Passworts", count)


def purge_expired_store_entries(db: Session, settings: Settings, now: datetime) -> Purged:
    """Ended staff sessions and old counters of the limits kept as files.

    Litestar's file store only drops an expired entry when it is read again; Redis
    expires entries by itself, so there is nothing to do with BETEILIGUNG_REDIS_URL.
    """
    from beteiligung.app import make_stores, make_throttle

    stores = make_stores(settings)
    count = sum(anyio.run(_delete_expired, store) for store in stores.values())
    count += make_throttle(settings).counters.purge()
    return Purged("abgelaufene Anmeldesitzungen und Zähler für Anmeldeversuche", count)


async def _delete_expired(store: Store) -> int:
    if not isinstance(store, FileStore):
        return 0
    folder = Path(str(store.path))
    if not folder.exists():
        return 0
    before = _files(folder)
    await store.delete_expired()
    return before - _files(folder)


def _files(path: Path) -> int:
    return sum(1 for entry in path.iterdir() if entry.is_file()) if path.exists() else 0


def purge_unfinished_responses(db: Session, settings: Settings, now: datetime) -> Purged:
    """Survey answers never sent, untouched for BETEILIGUNG_RESPONSE_RESUME_DAYS days.

    Their invitation codes become usable again: the letter's owner may start afresh.
    """
    # updated_on is a day in the towns' zone, as the resident's pages store it
    cutoff = clock.local(now).date() - timedelta(days=settings.response_resume_days)
    stale = select(col(Response.id)).where(
        col(Response.submitted_on).is_(None), col(Response.updated_on) < cutoff
    )
    count = db.scalar(select(func.count()).select_from(stale.subquery())) or 0
    if count:
        db.execute(
            update(InvitationCode)
            .where(col(InvitationCode.response_id).in_(stale))
            .values(response_id=None, used_on=None)
        )
        db.execute(delete(Answer).where(col(Answer.response_id).in_(stale)))
        db.execute(delete(Response).where(col(Response.id).in_(stale)))
    return Purged("nicht abgeschlossene Umfrage-Antworten nach Ablauf der Frist", count)


FINISHED = [IdeaStatus.IMPLEMENTED.value, IdeaStatus.NOT_PURSUED.value, IdeaStatus.REJECTED.value]


def purge_idea_contacts(db: Session, settings: Settings, now: datetime) -> Purged:
    """Authors' addresses of finished ideas: no notice can follow any more after
    BETEILIGUNG_IDEA_CONTACT_DAYS days without a step (a finished idea may be reopened)."""
    cutoff = now - timedelta(days=settings.idea_contact_days)
    finished = select(col(Idea.id)).where(
        col(Idea.status_changed_at) < cutoff,
        or_(col(Idea.status).in_(FINISHED), col(Idea.merged_into_id).is_not(None)),
    )
    result = db.execute(delete(IdeaContact).where(col(IdeaContact.idea_id).in_(finished)))
    count = result.rowcount or 0  # type: ignore[attr-defined]
    return Purged("E-Mail-Adressen zu abgeschlossenen Ideen nach Ablauf der Frist", count)


STEPS: list[Step] = [
    purge_reset_links,
    purge_expired_store_entries,
    purge_unfinished_responses,
    purge_idea_contacts,
]


def purge(db: Session, settings: Settings, now: datetime | None = None) -> list[Purged]:
    moment = now or utcnow()
    return [step(db, settings, moment) for step in STEPS]
