"""Notices to an idea's author: one e-mail per public change, each with the links to
stop notices and to delete the address. Sent after the change is committed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from beteiligung.i18n import gettext as _
from beteiligung.ideas.display import idea_ref
from beteiligung.ideas.models import STATUS_LABELS, Idea, IdeaStatus
from beteiligung.ideas.moderation import Change
from beteiligung.ideas.service import contact_of, contact_token, final_idea
from beteiligung.mail import MailError, send_mail
from beteiligung.settings import Settings
from beteiligung.towns.models import Town

log = logging.getLogger("beteiligung.ideas")


@dataclass(frozen=True)
class Notice:
    to: str
    subject: str
    body: str


RouteReverse = Callable[..., str]


def idea_path(route_reverse: RouteReverse, idea: Idea, town: Town) -> str:
    """The public address of an idea (`/moelln/ideen/42-…`)."""
    return route_reverse("idea_detail", town_slug=town.slug, idea_ref=idea_ref(idea))


def _one_line(text: str) -> str:
    # A title typed by hand into a request may carry line breaks; a mail header may not.
    return " ".join(text.split())


def prepare(
    db: Session,
    settings: Settings,
    town: Town,
    change: Change | None,
    route_reverse: RouteReverse,
) -> Notice | None:
    """The notice for a change, or None when the author left no address or stopped notices.
    Built while the request's session is open; `send` runs after the commit."""
    if change is None:
        return None
    idea = db.get(Idea, change.idea_id)
    if idea is None:
        return None
    contact = contact_of(db, idea)
    if contact is None or not contact.notify:
        return None
    base = settings.base_url.rstrip("/")
    token = contact_token(settings.secret_key, contact)
    # One page offers both: stop the notices, or delete the address.
    links = _(
        "Keine weiteren Nachrichten zu dieser Idee oder Ihre E-Mail-Adresse bei uns löschen:\n"
        "%(link)s\n",
        link=base + route_reverse("idea_notices", notice_token=token),
    )
    title = _one_line(idea.title)
    # The idea's page while it is public; otherwise the list (the author knows the idea).
    link = base + (
        idea_path(route_reverse, idea, town)
        if idea.is_public
        else route_reverse("idea_list", town_slug=town.slug)
    )
    if change.kind == "merged":
        kept = final_idea(db, idea)
        subject = _("Ihre Idee „%(title)s“ wurde zusammengeführt", title=title[:60])
        text = _(
            "Guten Tag,\n\nIhre Idee „%(title)s“ für %(town)s gleicht einer anderen Idee. "
            "Die Moderation hat beide zusammengeführt, damit sich die Unterstützung an einer "
            "Stelle sammelt. Ihre Unterstützerinnen und Unterstützer zählen jetzt dort mit:\n\n"
            "%(link)s\n",
            title=title,
            town=town.name,
            link=base + idea_path(route_reverse, kept, town),
        )
    elif change.kind in ("answered", "answer_changed"):
        subject, text = _answer_notice(idea, town, change.kind == "answer_changed", link)
    else:
        status = _(STATUS_LABELS[IdeaStatus(idea.status)])
        subject = _("Neuer Stand Ihrer Idee: %(status)s", status=status)
        note = f"\n{idea.status_note}\n" if idea.status_note else ""
        text = _(
            "Guten Tag,\n\nIhre Idee „%(title)s“ für %(town)s hat einen neuen Stand: "
            "%(status)s.\n%(note)s\nZur Idee: %(link)s\n",
            title=title,
            town=town.name,
            status=status,
            note=note,
            link=link,
        )
    return Notice(contact.email, subject, f"{text}\n-- \n{links}")


def _answer_notice(idea: Idea, town: Town, changed: bool, link: str) -> tuple[str, str]:
    """Subject and text when the town answers the idea or changes its answer."""
    if changed:
        subject = _("Die Stadt %(town)s hat ihre Antwort auf Ihre Idee ergänzt", town=town.name)
        intro = _(
            "Guten Tag,\n\ndie Stadt %(town)s hat ihre Antwort auf Ihre Idee „%(title)s“ ergänzt:",
            town=town.name,
            title=_one_line(idea.title),
        )
    else:
        subject = _("Die Stadt %(town)s hat auf Ihre Idee geantwortet", town=town.name)
        intro = _(
            "Guten Tag,\n\ndie Stadt %(town)s hat auf Ihre Idee „%(title)s“ geantwortet:",
            town=town.name,
            title=_one_line(idea.title),
        )
    text = f"{intro}\n\n{idea.official_answer}\n\n" + _("Zur Idee: %(link)s", link=link) + "\n"
    return subject, text


def send(settings: Settings, notice: Notice | None) -> None:
    """Runs after the response (a background task): a mail server that is down must
    not undo the moderator's action; it is logged."""
    if notice is None:
        return
    try:
        send_mail(settings, notice.to, notice.subject, notice.body)
    except MailError:
        log.warning("Benachrichtigung zu einer Idee nicht versendet")
