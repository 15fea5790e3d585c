"""What the moderation handlers share: the lookups through the town, the idea page's
context, and the answer after an action: the panel for htmx, or a 303 back to the page
(422 with the whole page) for plain forms; the author's notice goes out after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar.background_tasks import BackgroundTask
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.accounts.access import role_in, town_for_staff
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.ideas import moderation, notices, queue
from beteiligung.ideas import service as ideas
from beteiligung.ideas.models import STATUS_LABELS, TRANSITIONS, Comment, Idea, IdeaStatus
from beteiligung.ideas.moderation import Change
from beteiligung.plans.models import all_fields
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, flash, form_values, is_htmx

PAGE = "ideas/staff/idea.html"
PANEL = "ideas/staff/_panel.html"

# What each step in an idea's record is called on the staff page.
EVENT_LABELS = {
    "submitted": lazy("Eingereicht"),
    "published": lazy("Veröffentlicht"),
    "reviewed": lazy("Geprüft (bleibt öffentlich)"),
    "rejected": lazy("Abgelehnt"),
    "status_changed": lazy("Stand geändert"),
    "corrected": lazy("Korrigiert"),
    "field_changed": lazy("Handlungsfeld geändert"),
    "answered": lazy("Offizielle Antwort"),
    "answer_changed": lazy("Offizielle Antwort geändert"),
    "merged": lazy("Zusammengeführt"),
    "merged_from": lazy("Doppelte Idee übernommen"),
    "comment_hidden": lazy("Kommentar verborgen"),
    "comment_kept": lazy("Gemeldeter Kommentar bleibt"),
}


class FieldError(ideas.IdeaError):
    """A refusal that belongs to one field of the form."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.field = name


@dataclass
class Problem:
    """A refused form: which one (`target`, also the prefix of its field ids), why, and
    what was typed, so that the re-rendered form keeps it."""

    target: str
    errors: FormErrors
    values: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"{self.target}-"


def text_field(data: dict[str, Any], name: str, limit: int) -> str:
    try:
        return moderation.clean_note(data.get(name, ""), limit)
    except ideas.IdeaError as exc:
        raise FieldError(name, str(exc)) from None


def problem_of(
    exc: ideas.IdeaError,
    target: str,
    data: dict[str, Any],
    *names: str,
    main: str | None = None,
) -> Problem:
    """`main`: the field a refusal of the service is about (None: the form as a whole)."""
    name = getattr(exc, "field", None) or main
    errors = FormErrors(fields={name: str(exc)}) if name else FormErrors(general=[str(exc)])
    return Problem(target, errors, form_values(data, *names))


# --------------------------------------------------------------------------- lookups


def idea_for_staff(db: Session, user: User, town_slug: str, idea_id: int) -> tuple[Town, Idea]:
    """The idea through the staff member's town: another town's or an unknown id is a 404."""
    town = town_for_staff(db, user, town_slug)
    idea = ideas.idea_of_town(db, town, idea_id)
    if idea is None:
        raise NotFoundException()
    return town, idea


def options(pairs: Any) -> list[tuple[str, str]]:
    return [(str(key), str(label)) for key, label in pairs]


def idea_context(
    request: AnyRequest,
    db: Session,
    user: User,
    town: Town,
    idea: Idea,
    problem: Problem | None = None,
    saved: str = "",
) -> dict[str, Any]:
    fields = all_fields(db)
    by_id = {f.id: f for f in fields}
    status = IdeaStatus(idea.status)
    reasons = moderation.town_reasons(town)
    live = idea.merged_into_id is None
    values = {
        "title": idea.title,
        "body": idea.body,
        "place": idea.place,
        "field": by_id[idea.field_id].key if idea.field_id in by_id else "",
        "why": "",
    }
    if problem is not None and problem.target == "correct":
        values |= problem.values
    comments = ideas.comments_of(db, idea)
    # The forms on the page: a refusal for any other (the page changed meanwhile) is
    # shown on top of the panel.
    can_publish = IdeaStatus.PUBLISHED in TRANSITIONS[status] or (
        status is IdeaStatus.PUBLISHED and not idea.reviewed
    )
    can_reject = IdeaStatus.REJECTED in TRANSITIONS[status]
    forms = {f"c{c.id}" for c in comments if not c.hidden}
    if live:
        forms |= {"answer", "correct", "merge", "status"}
        forms |= {"publish"} if can_publish else set()
        forms |= {"reject"} if can_reject else set()
    orphan = problem is not None and problem.target not in forms
    if problem is not None and orphan and problem.errors.fields:
        # The form is gone, so are its fields: the summary cannot link to them.
        messages = [*problem.errors.general, *problem.errors.fields.values()]
        problem = Problem(problem.target, FormErrors(general=messages), problem.values)
    public_url = ""
    if idea.is_public and live:
        public_url = notices.idea_path(request.app.route_reverse, idea, town)
    return {
        "user": user,
        "town": town,
        "role": role_in(db, user, town),
        "idea": idea,
        "live": live,
        "kept": ideas.final_idea(db, idea) if not live else None,
        "field": by_id.get(idea.field_id),
        "field_options": [(f.key, f.name) for f in fields],
        "status_labels": STATUS_LABELS,
        "event_labels": EVENT_LABELS,
        "transitions": options((to.value, _(STATUS_LABELS[to])) for to in TRANSITIONS[status]),
        "can_publish": can_publish,
        "can_reject": can_reject,
        "orphan": orphan,
        "reason_options": [("", _("– eigene Begründung unten schreiben –"))]
        + [(r, r) for r in reasons],
        "merge_options": [("", _("– Idee wählen –"))]
        + [(str(i.id), f"#{i.id} {i.title}") for i in queue.merge_targets(db, town, idea)],
        "values": values,
        "record": queue.record_of(db, idea),
        "comments": comments,
        "has_contact": ideas.contact_of(db, idea) is not None,
        "public_url": public_url,
        "problem": problem,
        "saved": saved,
    }


def idea_url(request: AnyRequest, town: Town, idea: Idea) -> str:
    return request.app.route_reverse("staff_idea", town_slug=town.slug, idea_id=idea.id)


def done(
    request: AnyRequest,
    db: Session,
    user: User,
    town: Town,
    idea: Idea,
    message: str,
    change: Change | None = None,
) -> Template | Redirect:
    """After an action: htmx gets the re-rendered panel, a plain form a 303 to the page.
    The author's notice is built now (the session is open) and sent after the commit."""
    settings = request.app.state.settings
    notice = notices.prepare(db, settings, town, change, request.app.route_reverse)
    background = BackgroundTask(notices.send, settings, notice) if notice else None
    if is_htmx(request):
        context = idea_context(request, db, user, town, idea, saved=message)
        return Template(template_name=PANEL, context=context, background=background)
    flash(request, message)
    return Redirect(path=idea_url(request, town, idea), status_code=303, background=background)


def refused(
    request: AnyRequest, db: Session, user: User, town: Town, idea: Idea, problem: Problem
) -> Template:
    context = idea_context(request, db, user, town, idea, problem)
    template = PANEL if is_htmx(request) else PAGE
    return Template(template_name=template, context=context, status_code=422)


def comment_or_404(db: Session, idea: Idea, comment_id: int) -> Comment:
    comment = ideas.comment_of_idea(db, idea, comment_id)
    if comment is None:
        raise NotFoundException()
    return comment
