"""What moderators do with ideas and comments, each step recorded with who, when and why.

Every action writes an IdeaEvent (the idea's record; public steps form its timeline)
and an entry in the town's audit log. Actions that residents should hear about return
a `Change`, from which the route sends the author's notice after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, delete, func, insert, literal, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from beteiligung import audit
from beteiligung.accounts.models import User
from beteiligung.db import utcnow
from beteiligung.i18n import gettext as _
from beteiligung.ideas.models import (
    STATUS_LABELS,
    TRANSITIONS,
    Comment,
    Idea,
    IdeaStatus,
    ModerationMode,
    Support,
)
from beteiligung.ideas.service import (
    FormResult,
    IdeaError,
    field_by_key,
    field_text,
    length_error,
    record_event,
)
from beteiligung.ideas.similarity import terms_of
from beteiligung.towns.models import Town

NOTE_LIMIT = 1000
ANSWER_LIMIT = 5000
REASON_LIMIT = 300


@dataclass(frozen=True)
class Change:
    """A public change the author of `idea_id` is told about."""

    idea_id: int
    kind: str  # "status", "merged", "answered" or "answer_changed"


def _log(db: Session, town: Town, user: User, action: str, idea: Idea, why: str = "") -> None:
    detail = f"#{idea.id} {idea.title}" + (f": {why}" if why else "")
    audit.record(db, action=action, user_id=user.id, town_id=town.id, detail=detail)


def _move(
    db: Session, town: Town, idea: Idea, user: User, to: IdeaStatus, note: str, action: str
) -> Change:
    record_event(db, idea, action, user_id=user.id, to_status=to.value, note=note, public=True)
    idea.status = to.value
    idea.status_note = note
    idea.status_changed_at = utcnow()
    idea.reviewed = True
    db.add(idea)
    _log(db, town, user, f"idea_{action}", idea, f"{STATUS_LABELS[to]} – {note}" if note else "")
    return Change(idea.id or 0, "status")


def clean_note(raw: object, limit: int = NOTE_LIMIT, *, required: bool = False) -> str:
    text, problem = field_text({"note": raw}, "note")
    if problem:
        raise IdeaError(problem)
    problem = length_error(text, 1 if required else 0, limit, _("eine Begründung"))
    if problem:
        raise IdeaError(problem)
    return text


def _require_live(idea: Idea) -> None:
    if idea.merged_into_id is not None:
        raise IdeaError(
            _(
                "Diese Idee wurde mit einer anderen zusammengeführt und kann nicht mehr geändert werden."
            )
        )


def publish(db: Session, town: Town, idea: Idea, user: User, note: str = "") -> Change | None:
    """Pre-moderation: make it public. Post-moderation: confirm a public idea as checked."""
    _require_live(idea)
    if idea.status == IdeaStatus.PUBLISHED and idea.is_public:
        if idea.reviewed:
            raise IdeaError(_("Diese Idee ist bereits veröffentlicht und geprüft."))
        idea.reviewed = True
        db.add(idea)
        record_event(db, idea, "reviewed", user_id=user.id, note=note)
        _log(db, town, user, "idea_reviewed", idea, note)
        return None
    if IdeaStatus.PUBLISHED not in TRANSITIONS[IdeaStatus(idea.status)]:
        raise IdeaError(_("Eine Idee in diesem Stand kann nicht veröffentlicht werden."))
    idea.is_public = True
    return _move(db, town, idea, user, IdeaStatus.PUBLISHED, note, "published")


def town_reasons(town: Town) -> list[str]:
    """The town's prepared rejection reasons, one per line."""
    return [line.strip() for line in town.rejection_reasons.splitlines() if line.strip()]


def rejection_reason(town: Town, chosen: object, written: str) -> str:
    """A reason written for this idea wins; else one of the town's prepared reasons
    (anything else, a repeated choice too, is refused: only the list is ever stored)."""
    if written or not chosen:
        return written
    if not isinstance(chosen, str) or chosen.strip() not in town_reasons(town):
        raise IdeaError(
            _("Bitte wählen Sie eine Begründung aus der Liste oder schreiben Sie eine eigene.")
        )
    return chosen.strip()


def reject(db: Session, town: Town, idea: Idea, user: User, reason: str, hide: bool) -> Change:
    """Rejected with a public reason. `hide` takes a public idea off the site (e.g. insults)."""
    _require_live(idea)
    if not reason:
        raise IdeaError(_("Bitte geben Sie eine Begründung an; sie wird öffentlich angezeigt."))
    if IdeaStatus.REJECTED not in TRANSITIONS[IdeaStatus(idea.status)]:
        raise IdeaError(_("Eine Idee in diesem Stand kann nicht abgelehnt werden."))
    if hide:
        idea.is_public = False
    return _move(db, town, idea, user, IdeaStatus.REJECTED, reason, "rejected")


def change_status(
    db: Session, town: Town, idea: Idea, user: User, target: str, note: str
) -> Change:
    _require_live(idea)
    try:
        to = IdeaStatus(target)
    except ValueError:
        raise IdeaError(_("Bitte wählen Sie einen Stand aus der Liste.")) from None
    if to not in TRANSITIONS[IdeaStatus(idea.status)]:
        raise IdeaError(
            _(
                "Von „%(now)s“ kann die Idee nicht nach „%(to)s“ wechseln.",
                now=_(STATUS_LABELS[IdeaStatus(idea.status)]),
                to=_(STATUS_LABELS[to]),
            )
        )
    if to is IdeaStatus.PUBLISHED:
        change = publish(db, town, idea, user, note)
        assert change is not None
        return change
    if to is IdeaStatus.REJECTED:
        return reject(db, town, idea, user, note, hide=False)
    if not note:
        raise IdeaError(
            _("Bitte schreiben Sie eine kurze öffentliche Notiz, warum sich der Stand ändert.")
        )
    return _move(db, town, idea, user, to, note, "status_changed")


def validate_correction(db: Session, idea: Idea, raw: dict[str, object]) -> FormResult:
    from beteiligung.ideas.service import LIMITS, MIN_BODY, MIN_TITLE

    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in ("title", "body", "place", "field", "note"):
        values[name], problem = field_text(raw, name)
        if problem:
            errors[name] = problem
    checks = {
        "title": (MIN_TITLE, LIMITS["title"], _("einen Titel")),
        "body": (MIN_BODY, LIMITS["body"], _("den Text der Idee")),
        "place": (0, LIMITS["place"], ""),
        "note": (0, REASON_LIMIT, ""),
    }
    for name, (minimum, maximum, what) in checks.items():
        if name not in errors:
            problem = length_error(values[name], minimum, maximum, what)
            if problem:
                errors[name] = problem
    if "title" not in errors and "\n" in values["title"]:
        errors["title"] = _("Bitte schreiben Sie den Titel in eine Zeile.")
    if "field" not in errors and field_by_key(db, values["field"]) is None:
        errors["field"] = _("Bitte wählen Sie ein Handlungsfeld aus der Liste.")
    return FormResult(values, errors)


def correct(db: Session, town: Town, idea: Idea, user: User, form: FormResult) -> bool:
    """Spelling fixes and the field of action; what changed is logged for staff."""
    _require_live(idea)
    chosen = field_by_key(db, form.values["field"])
    assert chosen is not None, "validate_correction checked the field"
    changed = [
        name
        for name, new in (
            ("title", form.values["title"]),
            ("body", form.values["body"]),
            ("place", form.values["place"]),
        )
        if getattr(idea, name) != new
    ]
    detail = "; ".join(f"{name}: „{getattr(idea, name)[:300]}“" for name in changed)
    field_changed = chosen.id != idea.field_id
    if not changed and not field_changed:
        return False
    if changed:
        idea.title, idea.body, idea.place = (
            form.values["title"],
            form.values["body"],
            form.values["place"],
        )
        idea.terms = terms_of(idea.title, idea.body)
        why = form.values["note"] or _("Schreibweise korrigiert")
        record_event(db, idea, "corrected", user_id=user.id, note=why, detail=detail)
        _log(db, town, user, "idea_corrected", idea, f"{why} (vorher: {detail})")
    if field_changed:
        idea.field_id = chosen.id or 0
        record_event(db, idea, "field_changed", user_id=user.id, note=chosen.name, public=True)
        _log(db, town, user, "idea_field_changed", idea, chosen.name)
    db.add(idea)
    return True


def answer(db: Session, town: Town, idea: Idea, user: User, text: str) -> Change:
    _require_live(idea)
    if not text:
        raise IdeaError(_("Bitte schreiben Sie die Antwort der Stadt."))
    action = "answer_changed" if idea.official_answer else "answered"
    idea.official_answer = text
    idea.official_answer_at = utcnow()
    db.add(idea)
    record_event(db, idea, action, user_id=user.id, note=text, public=True)
    _log(db, town, user, "idea_answered", idea, text[:300])
    return Change(idea.id or 0, action)


def hide_comment(
    db: Session, town: Town, idea: Idea, comment: Comment, user: User, reason: str
) -> None:
    if not reason:
        raise IdeaError(_("Bitte geben Sie an, warum der Kommentar verborgen wird."))
    if comment.hidden:
        raise IdeaError(_("Dieser Kommentar ist bereits verborgen."))
    comment.hidden = True
    comment.hidden_reason = reason
    comment.open_reports = 0
    db.add(comment)
    db.execute(
        update(Idea)
        .where(col(Idea.id) == idea.id, col(Idea.comment_count) > 0)
        .values(comment_count=Idea.comment_count - 1)
    )
    record_event(db, idea, "comment_hidden", user_id=user.id, note=reason, detail=comment.body)
    _log(db, town, user, "comment_hidden", idea, reason)


def keep_comment(db: Session, town: Town, idea: Idea, comment: Comment, user: User) -> None:
    """The reports were looked at; the comment stays. Later reports bring it back."""
    comment.open_reports = 0
    db.add(comment)
    record_event(db, idea, "comment_kept", user_id=user.id, detail=comment.body)
    _log(db, town, user, "comment_kept", idea, comment.body[:200])


def merge(db: Session, town: Town, duplicate: Idea, kept: Idea, user: User, note: str) -> Change:
    """The duplicate's supporters move to the kept idea, each counted once; its page
    then leads to the kept idea, and its comments move along."""
    _require_live(duplicate)
    _require_live(kept)
    if duplicate.id == kept.id:
        raise IdeaError(_("Eine Idee kann nicht mit sich selbst zusammengeführt werden."))
    if kept.town_id != duplicate.town_id:
        raise IdeaError(_("Bitte wählen Sie eine Idee derselben Stadt."))
    if not kept.is_public:
        # The duplicate's page leads to the kept idea: it must be one residents can see.
        raise IdeaError(_("Bitte wählen Sie eine veröffentlichte Idee als Ziel."))
    already = sa_select(col(Support.supporter)).where(col(Support.idea_id) == kept.id)
    moving = sa_select(
        literal(kept.id, Integer),
        col(Support.supporter),
        col(Support.created_on),
    ).where(col(Support.idea_id) == duplicate.id, col(Support.supporter).not_in(already))
    db.execute(insert(Support).from_select(["idea_id", "supporter", "created_on"], moving))
    db.execute(delete(Support).where(col(Support.idea_id) == duplicate.id))
    db.execute(update(Comment).where(col(Comment.idea_id) == duplicate.id).values(idea_id=kept.id))
    supporters = db.exec(
        select(func.count()).select_from(Support).where(Support.idea_id == kept.id)
    ).one()
    visible = db.exec(
        select(func.count())
        .select_from(Comment)
        .where(Comment.idea_id == kept.id, col(Comment.hidden).is_(False))
    ).one()
    kept.support_count, kept.comment_count = supporters, visible
    duplicate.support_count, duplicate.comment_count = 0, 0
    duplicate.merged_into_id = kept.id
    duplicate.reviewed = True
    duplicate.status_changed_at = utcnow()
    db.add(kept)
    db.add(duplicate)
    why = note or _("Doppelte Idee")
    record_event(
        db, duplicate, "merged", user_id=user.id, note=why, detail=f"#{kept.id}", public=True
    )
    record_event(
        db,
        kept,
        "merged_from",
        user_id=user.id,
        note=duplicate.title,
        detail=f"#{duplicate.id}",
        public=True,
    )
    _log(db, town, user, "idea_merged", duplicate, f"→ #{kept.id} {kept.title}: {why}")
    return Change(duplicate.id or 0, "merged")


def update_settings(
    db: Session, town: Town, user: User, mode: object, reasons: object
) -> FormResult:
    """`mode` and `reasons` as posted: a repeated field or an upload is refused."""
    text, problem = field_text({"reasons": reasons}, "reasons")
    mode = mode if isinstance(mode, str) else ""
    values = {"mode": mode, "reasons": text}
    errors: dict[str, str] = {}
    if mode not in {m.value for m in ModerationMode}:
        errors["mode"] = _("Bitte wählen Sie eine der beiden Arten der Moderation.")
    problem = problem or length_error(text, 0, 5000, "")
    if problem:
        errors["reasons"] = problem
    elif any(len(line) > REASON_LIMIT for line in text.splitlines()):
        errors["reasons"] = _(
            "Bitte kürzen Sie jede Begründung auf höchstens %(n)s Zeichen.", n=REASON_LIMIT
        )
    result = FormResult(values, errors)
    if errors:
        return result
    town.idea_moderation = mode
    town.rejection_reasons = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    db.add(town)
    audit.record(
        db,
        action="idea_settings_changed",
        user_id=user.id,
        town_id=town.id,
        detail=f"{mode}",
    )
    return result
