"""Ideas for residents: submit, list, read, support, comment, report; the author's notices.

No function here knows HTTP. A resident is known only by the keyed hash of a random
browser cookie (`supporter`), which counts a support or a report once per browser.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from beteiligung.accounts.service import EMAIL_RE
from beteiligung.db import MAX_ID, utcnow
from beteiligung.i18n import gettext as _
from beteiligung.ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaContact,
    IdeaEvent,
    IdeaStatus,
    ModerationMode,
    Support,
)
from beteiligung.ideas.similarity import Candidate, most_similar, terms_of
from beteiligung.plans.models import FieldOfAction, all_fields
from beteiligung.surveys.structure import pick
from beteiligung.towns.models import Town
from beteiligung.web import has_control_chars

PAGE_SIZE = 20
LIMITS = {"title": 120, "body": 3000, "place": 120, "email": 254, "author_name": 60}
COMMENT_LIMIT = 2000
MIN_TITLE, MIN_BODY, MIN_COMMENT = 5, 20, 2
SORTS = ("neueste", "unterstuetzt")
# The honeypot: an input people never see or fill (its label says so); bots fill everything.
HONEYPOT = "webseite"


class IdeaError(ValueError):
    """A refused action, with the German message for the resident."""


@dataclass
class FormResult:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def field_text(raw: Mapping[str, object], name: str) -> tuple[str, str | None]:
    """The stripped text of a field, or an error when it is no plain text."""
    value = raw.get(name, "")
    if not isinstance(value, str):
        return "", _(
            "Dieses Feld kam nicht als einfacher Text an. Bitte laden Sie die Seite neu "
            "und senden Sie das Formular erneut."
        )
    text = value.strip().replace("\r\n", "\n")
    if has_control_chars(text):
        return text, _("Bitte entfernen Sie die Steuerzeichen aus dem Text.")
    return text, None


def one_line(text: str) -> str:
    """Titles, places and names are one line: pasted line breaks become spaces."""
    return " ".join(text.split())


def length_error(text: str, minimum: int, maximum: int, what: str) -> str | None:
    if len(text) > maximum:
        return _(
            "Bitte kürzen Sie den Text auf höchstens %(n)s Zeichen (jetzt %(len)s).",
            n=maximum,
            len=len(text),
        )
    if len(text) < minimum:
        if not text:
            return _("Bitte geben Sie %(what)s ein.", what=what)
        return _(
            "Bitte schreiben Sie etwas mehr: mindestens %(n)s Zeichen (jetzt %(len)s).",
            n=minimum,
            len=len(text),
        )
    return None


def field_by_key(db: Session, key: str) -> FieldOfAction | None:
    if not key or len(key) > 40 or has_control_chars(key):  # PostgreSQL refuses NUL
        return None
    return db.exec(select(FieldOfAction).where(FieldOfAction.key == key)).first()


def validate_idea(db: Session, raw: Mapping[str, object]) -> FormResult:
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in ("title", "body", "field", "place", "email", "consent", HONEYPOT):
        values[name], problem = field_text(raw, name)
        if problem:
            errors[name] = problem
    for name in ("title", "place", "email"):
        values[name] = one_line(values[name])
    if values[HONEYPOT]:
        errors[HONEYPOT] = _(
            "Bitte lassen Sie das Feld „Webseite“ leer; es dient nur dem Schutz vor Spam."
        )
    minimums = {
        "title": (MIN_TITLE, _("einen Titel")),
        "body": (MIN_BODY, _("eine Beschreibung Ihrer Idee")),
    }
    for name, (minimum, what) in minimums.items():
        if name not in errors:
            problem = length_error(values[name], minimum, LIMITS[name], what)
            if problem:
                errors[name] = problem
    if "field" not in errors and field_by_key(db, values["field"]) is None:
        errors["field"] = _("Bitte wählen Sie ein Handlungsfeld aus der Liste.")
    if "place" not in errors and len(values["place"]) > LIMITS["place"]:
        errors["place"] = length_error(values["place"], 0, LIMITS["place"], "") or ""
    email = values["email"]
    if email and "email" not in errors:
        if len(email) > LIMITS["email"] or not EMAIL_RE.match(email):
            errors["email"] = _(
                "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de, "
                "oder lassen Sie das Feld leer."
            )
        elif values["consent"] != "ja":
            errors["consent"] = _(
                "Bitte bestätigen Sie die Einwilligung, wenn wir Sie per E-Mail "
                "benachrichtigen sollen, oder lassen Sie das E-Mail-Feld leer."
            )
    return FormResult(values, errors)


def record_event(
    db: Session,
    idea: Idea,
    action: str,
    *,
    user_id: int | None = None,
    to_status: str = "",
    note: str = "",
    detail: str = "",
    public: bool = False,
) -> IdeaEvent:
    event = IdeaEvent(
        idea_id=idea.id or 0,
        user_id=user_id,
        action=action,
        from_status=idea.status if to_status else "",
        to_status=to_status,
        note=note,
        detail=detail[:2000],
        is_public=public,
    )
    db.add(event)
    return event


def submit_idea(db: Session, town: Town, form: FormResult) -> tuple[Idea, IdeaContact | None]:
    fields = field_by_key(db, form.values["field"])
    assert fields is not None, "validate_idea checked the field"
    post = town.idea_moderation == ModerationMode.POST
    now = utcnow()
    idea = Idea(
        town_id=town.id or 0,
        field_id=fields.id or 0,
        title=form.values["title"],
        body=form.values["body"],
        place=form.values["place"],
        status=(IdeaStatus.PUBLISHED if post else IdeaStatus.SUBMITTED).value,
        is_public=post,
        terms=terms_of(form.values["title"], form.values["body"]),
        created_at=now,
        status_changed_at=now,
    )
    db.add(idea)
    db.flush()
    record_event(db, idea, "submitted", public=True)
    contact = None
    if form.values["email"]:
        contact = IdeaContact(idea_id=idea.id or 0, email=form.values["email"])
        db.add(contact)
        db.flush()
    return idea, contact


# --------------------------------------------------------------------------- reading


def public_filter(town_id: int) -> list[ColumnElement[bool]]:
    return [
        col(Idea.town_id) == town_id,
        col(Idea.is_public).is_(True),
        col(Idea.merged_into_id).is_(None),
    ]


@dataclass(frozen=True)
class IdeaList:
    ideas: list[Idea]
    total: int
    page: int
    pages: int


def list_ideas(
    db: Session, town: Town, *, field_key: str = "", status: str = "", sort: str = "", page: int = 1
) -> IdeaList:
    conditions = public_filter(town.id or 0)
    chosen = field_by_key(db, field_key)
    if chosen is not None:
        conditions.append(col(Idea.field_id) == chosen.id)
    if status in IdeaStatus.__members__.values():
        conditions.append(col(Idea.status) == status)
    total = db.exec(select(func.count()).select_from(Idea).where(*conditions)).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    order = (
        (col(Idea.support_count).desc(), col(Idea.created_at).desc())
        if sort == "unterstuetzt"
        else (col(Idea.created_at).desc(),)
    )
    query = (
        select(Idea)
        .where(*conditions)
        .order_by(*order, col(Idea.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return IdeaList(list(db.exec(query)), total, page, pages)


def status_counts(db: Session, town: Town) -> dict[str, int]:
    query = (
        select(Idea.status, func.count())
        .where(*public_filter(town.id or 0))
        .group_by(col(Idea.status))
    )
    return dict(db.exec(query).all())


def field_name(field_of_action: FieldOfAction) -> str:
    return pick(field_of_action.name, field_of_action.name_en)


def fields_by_id(db: Session) -> dict[int, FieldOfAction]:
    return {f.id or 0: f for f in all_fields(db)}


def idea_of_town(db: Session, town: Town, idea_id: int) -> Idea | None:
    if not 0 < idea_id <= MAX_ID:
        return None
    idea = db.get(Idea, idea_id)
    return idea if idea is not None and idea.town_id == town.id else None


def final_idea(db: Session, idea: Idea) -> Idea:
    """Follows merges to the idea that was kept (a chain of merges ends after a few steps)."""
    seen = {idea.id}
    while idea.merged_into_id is not None:
        kept = db.get(Idea, idea.merged_into_id)
        if kept is None or kept.id in seen:
            break
        seen.add(kept.id)
        idea = kept
    return idea


def timeline(db: Session, idea: Idea) -> list[IdeaEvent]:
    query = (
        select(IdeaEvent)
        .where(IdeaEvent.idea_id == idea.id, col(IdeaEvent.is_public).is_(True))
        .order_by(col(IdeaEvent.created_at), col(IdeaEvent.id))
    )
    return list(db.exec(query))


def comments_of(db: Session, idea: Idea) -> list[Comment]:
    """Every comment in order; hidden ones are shown as a placeholder with the reason."""
    query = (
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .order_by(col(Comment.created_at), col(Comment.id))
    )
    return list(db.exec(query))


def similar_ideas(db: Session, town: Town, title: str, body: str, limit: int = 5) -> list[Idea]:
    """Public ideas of the town that sound like the given text, most similar first."""
    terms = terms_of(title, body)
    if not terms:
        return []
    rows = db.exec(select(Idea.id, Idea.terms).where(*public_filter(town.id or 0)))
    hits = most_similar(terms, (Candidate(idea_id or 0, t) for idea_id, t in rows), limit=limit)
    if not hits:
        return []
    found = {i.id: i for i in db.exec(select(Idea).where(col(Idea.id).in_([h[0] for h in hits])))}
    return [found[idea_id] for idea_id, _score in hits if idea_id in found]


# --------------------------------------------------------------------------- taking part


def browser_key(secret: str, browser_id: str, purpose: str) -> str:
    """What is stored for a browser: a keyed hash of its random cookie, per purpose."""
    message = f"{purpose}:{browser_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def can_take_part(idea: Idea) -> bool:
    return idea.is_public and idea.merged_into_id is None


def can_support(idea: Idea) -> bool:
    """A rejected idea takes no more supports: the town has said no, and a growing count
    would suggest that support could still change something."""
    return can_take_part(idea) and idea.status != IdeaStatus.REJECTED


def has_supported(db: Session, idea: Idea, supporter: str) -> bool:
    query = select(Support.id).where(Support.idea_id == idea.id, Support.supporter == supporter)
    return db.exec(query).first() is not None


def support(db: Session, idea: Idea, supporter: str) -> bool:
    """True when counted; False when this browser supports the idea already."""
    if not can_support(idea):
        raise IdeaError(_("Diese Idee kann im Moment nicht unterstützt werden."))
    try:
        with db.begin_nested():
            db.add(Support(idea_id=idea.id or 0, supporter=supporter))
    except IntegrityError:
        return False
    db.execute(
        update(Idea).where(col(Idea.id) == idea.id).values(support_count=Idea.support_count + 1)
    )
    db.refresh(idea)
    return True


def withdraw_support(db: Session, idea: Idea, supporter: str) -> bool:
    result = db.execute(
        delete(Support).where(col(Support.idea_id) == idea.id, col(Support.supporter) == supporter)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    db.execute(
        update(Idea)
        .where(col(Idea.id) == idea.id, col(Idea.support_count) > 0)
        .values(support_count=Idea.support_count - 1)
    )
    db.refresh(idea)
    return True


def validate_comment(raw: Mapping[str, object]) -> FormResult:
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in ("comment", "author_name", HONEYPOT):
        values[name], problem = field_text(raw, name)
        if problem:
            errors[name] = problem
    if values[HONEYPOT]:
        errors[HONEYPOT] = _(
            "Bitte lassen Sie das Feld „Webseite“ leer; es dient nur dem Schutz vor Spam."
        )
    if "comment" not in errors:
        problem = length_error(values["comment"], MIN_COMMENT, COMMENT_LIMIT, _("Ihren Kommentar"))
        if problem:
            errors["comment"] = problem
    values["author_name"] = one_line(values["author_name"])
    if "author_name" not in errors and len(values["author_name"]) > LIMITS["author_name"]:
        errors["author_name"] = (
            length_error(values["author_name"], 0, LIMITS["author_name"], "") or ""
        )
    return FormResult(values, errors)


def add_comment(db: Session, idea: Idea, form: FormResult) -> Comment:
    if not can_take_part(idea):
        raise IdeaError(_("Zu dieser Idee können im Moment keine Kommentare geschrieben werden."))
    comment = Comment(
        idea_id=idea.id or 0, body=form.values["comment"], author_name=form.values["author_name"]
    )
    db.add(comment)
    db.execute(
        update(Idea).where(col(Idea.id) == idea.id).values(comment_count=Idea.comment_count + 1)
    )
    db.flush()
    return comment


def comment_of_idea(db: Session, idea: Idea, comment_id: int) -> Comment | None:
    if not 0 < comment_id <= MAX_ID:
        return None
    comment = db.get(Comment, comment_id)
    return comment if comment is not None and comment.idea_id == idea.id else None


def has_reported(db: Session, comment: Comment, reporter: str) -> bool:
    query = select(CommentReport.id).where(
        CommentReport.comment_id == comment.id, CommentReport.reporter == reporter
    )
    return db.exec(query).first() is not None


def report_comment(db: Session, comment: Comment, reporter: str) -> bool:
    """True when the report is new; a browser reports a comment once."""
    try:
        with db.begin_nested():
            db.add(CommentReport(comment_id=comment.id or 0, reporter=reporter))
    except IntegrityError:
        return False
    db.execute(
        update(Comment)
        .where(col(Comment.id) == comment.id)
        .values(open_reports=Comment.open_reports + 1)
    )
    return True


# --------------------------------------------------------------------------- notices


def contact_token(secret: str, contact: IdeaContact) -> str:
    digest = hmac.new(
        secret.encode(), f"idea-contact:{contact.id}:{contact.idea_id}".encode(), hashlib.sha256
    )
    return f"{contact.id}-{digest.hexdigest()[:32]}"


def contact_by_token(db: Session, secret: str, token: str) -> IdeaContact | None:
    number, _sep, _digest = token.partition("-")
    if not number.isascii() or not number.isdigit() or len(number) > 10:
        return None
    contact = db.get(IdeaContact, int(number)) if 0 < int(number) <= MAX_ID else None
    if contact is None or not hmac.compare_digest(contact_token(secret, contact), token):
        return None
    return contact


def contact_of(db: Session, idea: Idea) -> IdeaContact | None:
    return db.exec(select(IdeaContact).where(IdeaContact.idea_id == idea.id)).first()


def stop_notices(db: Session, contact: IdeaContact) -> None:
    contact.notify = False
    db.add(contact)


def delete_contact(db: Session, contact: IdeaContact) -> None:
    db.delete(contact)
