"""How ideas are named on pages: their address, status and timeline labels (Jinja helpers)."""

from __future__ import annotations

from typing import Any

from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.ideas.models import STATUS_LABELS, Idea, IdeaEvent, IdeaStatus
from beteiligung.ideas.service import can_support
from beteiligung.plans.models import FieldOfAction
from beteiligung.surveys.structure import pick
from beteiligung.towns.service import slugify

EVENT_LABELS = {
    "submitted": lazy("Eingereicht"),
    "answered": lazy("Die Stadt hat geantwortet"),
    "answer_changed": lazy("Die Stadt hat ihre Antwort ergänzt"),
    "field_changed": lazy("Einem anderen Handlungsfeld zugeordnet"),
    "merged": lazy("Mit einer gleichartigen Idee zusammengeführt"),
    "merged_from": lazy("Eine gleichartige Idee wurde mit dieser zusammengeführt"),
}


def idea_ref(idea: Idea) -> str:
    """The last part of an idea's address: number and a readable slug (`42-coworking-…`)."""
    return f"{idea.id}-{slugify(idea.title)[:60].strip('-') or 'idee'}"


def status_label(status: str) -> str:
    try:
        return _(STATUS_LABELS[IdeaStatus(status)])
    except ValueError:
        return status


def field_label(field: FieldOfAction | None) -> str:
    return pick(field.name, field.name_en) if field is not None else ""


def event_label(event: IdeaEvent) -> str:
    if event.to_status:
        return _("Neuer Stand: %(status)s", status=status_label(event.to_status))
    label = EVENT_LABELS.get(event.action)
    return _(label) if label is not None else event.action


def register(env: Any) -> None:
    env.filters.update(idea_ref=idea_ref, can_support=can_support)
    env.globals.update(status_label=status_label, field_label=field_label, event_label=event_label)
