"""Moderators curate their town's ideas: queue, publish, reject, lifecycle, answers, merges.

Every action works as a plain form (303 back to the idea's staff page with a flash, or
422 with the whole page) and with htmx (the same URL answers with the idea's panel;
a refusal is the panel with the error next to the form, 422). A change the author
should hear about is prepared as a notice here and mailed after the commit.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.accounts.access import provide_staff_user, role_in, town_for_staff
from beteiligung.accounts.models import Role, User
from beteiligung.i18n import gettext as _
from beteiligung.ideas import moderation, queue
from beteiligung.ideas import service as ideas
from beteiligung.ideas.models import STATUS_LABELS, IdeaStatus, ModerationMode
from beteiligung.ideas.moderation_views import (
    PAGE,
    FieldError,
    Problem,
    comment_or_404,
    done,
    idea_context,
    idea_for_staff,
    options,
    problem_of,
    refused,
    text_field,
)
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, flash, form_values, page, see_other

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}
IDEAS_PATH = "/verwaltung/{town_slug:str}/ideen"
IDEA_PATH = IDEAS_PATH + "/{idea_id:int}"


# --------------------------------------------------------------------------- pages


@get(IDEAS_PATH, name="staff_ideas", sync_to_thread=True, dependencies=STAFF)
def staff_ideas(
    db: Db, user: StaffUser, town_slug: FromPath[str], stand: FromQuery[str] = ""
) -> Template:
    town = town_for_staff(db, user, town_slug)
    status = stand if stand in {s.value for s in IdeaStatus} else ""
    waiting = queue.queue(db, town)
    context = {
        "user": user,
        "town": town,
        "role": role_in(db, user, town),
        "queue": waiting,
        "ideas": queue.staff_ideas(db, town, status),
        "status": status,
        "status_labels": STATUS_LABELS,
        "status_options": [
            ("", _("Alle")),
            *options((s.value, _(STATUS_LABELS[s])) for s in IdeaStatus),
        ],
        "fields": ideas.fields_by_id(db),
        "pre_moderation": town.idea_moderation == ModerationMode.PRE,
    }
    return page("ideas/staff/list.html", context)


@get(IDEA_PATH, name="staff_idea", sync_to_thread=True, dependencies=STAFF)
def staff_idea(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], idea_id: FromPath[int]
) -> Template:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    return page(PAGE, idea_context(request, db, user, town, idea))


# --------------------------------------------------------------------------- actions


def _action(path: str, name: str) -> post:
    return post(
        IDEA_PATH + path, name=name, status_code=303, sync_to_thread=True, dependencies=STAFF
    )


@_action("/veroeffentlichen", "staff_idea_publish")
def staff_idea_publish(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    try:
        note = text_field(data, "note", moderation.NOTE_LIMIT)
        change = moderation.publish(db, town, idea, user, note)
    except ideas.IdeaError as exc:
        return refused(request, db, user, town, idea, problem_of(exc, "publish", data, "note"))
    message = (
        _("Die Idee ist veröffentlicht.") if change else _("Die Idee ist als geprüft markiert.")
    )
    return done(request, db, user, town, idea, message, change)


@_action("/ablehnen", "staff_idea_reject")
def staff_idea_reject(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    names = ("reason", "reason_text", "hide")
    try:
        written = text_field(data, "reason_text", moderation.NOTE_LIMIT)
        # Checked against the town's list, not as text: without prepared reasons the page
        # has no such field for an error to point to.
        reason = moderation.rejection_reason(town, data.get("reason", ""), written)
        hide = data.get("hide") == "on"
        change = moderation.reject(db, town, idea, user, reason, hide)
    except ideas.IdeaError as exc:
        return refused(
            request,
            db,
            user,
            town,
            idea,
            problem_of(exc, "reject", data, *names, main="reason_text"),
        )
    return done(request, db, user, town, idea, _("Die Idee ist abgelehnt."), change)


@_action("/stand", "staff_idea_status")
def staff_idea_status(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    try:
        note = text_field(data, "note", moderation.NOTE_LIMIT)
        target = data.get("target", "")
        change = moderation.change_status(
            db, town, idea, user, target if isinstance(target, str) else "", note
        )
    except ideas.IdeaError as exc:
        failed = problem_of(exc, "status", data, "target", "note")
        return refused(request, db, user, town, idea, failed)
    label = _(STATUS_LABELS[IdeaStatus(idea.status)])
    message = _("Die Idee hat jetzt den Stand „%(status)s“.", status=label)
    return done(request, db, user, town, idea, message, change)


@_action("/korrigieren", "staff_idea_correct")
def staff_idea_correct(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    names = ("title", "body", "place", "field", "why")
    form = moderation.validate_correction(db, idea, {**data, "note": data.get("why", "")})
    try:
        if form.errors:
            errors = {("why" if k == "note" else k): v for k, v in form.errors.items()}
            failed = Problem("correct", FormErrors(fields=errors), form_values(data, *names))
            return refused(request, db, user, town, idea, failed)
        changed = moderation.correct(db, town, idea, user, form)
    except ideas.IdeaError as exc:
        return refused(request, db, user, town, idea, problem_of(exc, "correct", data, *names))
    message = _("Die Änderungen sind gespeichert.") if changed else _("Es gab nichts zu ändern.")
    return done(request, db, user, town, idea, message)


@_action("/antwort", "staff_idea_answer")
def staff_idea_answer(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    try:
        text = text_field(data, "answer", moderation.ANSWER_LIMIT)
        change = moderation.answer(db, town, idea, user, text)
    except ideas.IdeaError as exc:
        return refused(
            request, db, user, town, idea, problem_of(exc, "answer", data, "answer", main="answer")
        )
    message = _("Die offizielle Antwort ist veröffentlicht.")
    return done(request, db, user, town, idea, message, change)


@_action("/zusammenfuehren", "staff_idea_merge")
def staff_idea_merge(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    try:
        note = text_field(data, "note", moderation.NOTE_LIMIT)
        raw = data.get("target", "")
        digits = isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10
        kept = ideas.idea_of_town(db, town, int(raw)) if digits else None
        if kept is None:
            raise FieldError("target", _("Bitte wählen Sie die Idee aus der Liste, die bleibt."))
        change = moderation.merge(db, town, idea, kept, user, note)
    except ideas.IdeaError as exc:
        failed = problem_of(exc, "merge", data, "target", "note", main="target")
        return refused(request, db, user, town, idea, failed)
    message = _(
        "Die Idee ist mit #%(id)s „%(title)s“ zusammengeführt.", id=kept.id, title=kept.title
    )
    return done(request, db, user, town, idea, message, change)


@_action("/kommentare/{comment_id:int}/verbergen", "staff_comment_hide")
def staff_comment_hide(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    comment_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    comment = comment_or_404(db, idea, comment_id)
    try:
        reason = text_field(data, "reason", moderation.REASON_LIMIT)
        moderation.hide_comment(db, town, idea, comment, user, reason)
    except ideas.IdeaError as exc:
        failed = problem_of(exc, f"c{comment.id}", data, "reason", main="reason")
        return refused(request, db, user, town, idea, failed)
    return done(request, db, user, town, idea, _("Der Kommentar ist verborgen."))


@_action("/kommentare/{comment_id:int}/behalten", "staff_comment_keep")
def staff_comment_keep(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    idea_id: FromPath[int],
    comment_id: FromPath[int],
) -> Template | Redirect:
    town, idea = idea_for_staff(db, user, town_slug, idea_id)
    comment = comment_or_404(db, idea, comment_id)
    moderation.keep_comment(db, town, idea, comment, user)
    return done(request, db, user, town, idea, _("Der Kommentar bleibt sichtbar."))


# --------------------------------------------------------------------------- settings


@get(
    IDEAS_PATH + "/einstellungen",
    name="staff_idea_settings",
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_idea_settings(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    values = {"mode": town.idea_moderation, "reasons": town.rejection_reasons}
    return page("ideas/staff/settings.html", _settings_context(user, town, values))


def _settings_context(user: User, town: Town, values: dict[str, str]) -> dict[str, Any]:
    return {
        "user": user,
        "town": town,
        "role": Role.TOWN_ADMIN.value,
        "values": values,
        "mode_options": [
            ("pre", _("Vorab: Neue Ideen erscheinen erst, wenn die Moderation sie freigibt")),
            ("post", _("Nachträglich: Neue Ideen erscheinen sofort und werden danach geprüft")),
        ],
    }


@post(
    IDEAS_PATH + "/einstellungen",
    name="staff_idea_settings_submit",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def staff_idea_settings_submit(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], data: Form
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    # A field not sent keeps what is stored (a missing field must not blank the reasons).
    sent = {"mode": town.idea_moderation, "reasons": town.rejection_reasons} | data
    result = moderation.update_settings(db, town, user, sent["mode"], sent["reasons"])
    if result.errors:
        errors = FormErrors(fields=result.errors)
        context = _settings_context(user, town, result.values) | {"errors": errors}
        return Template(template_name="ideas/staff/settings.html", context=context, status_code=422)
    flash(request, _("Die Einstellungen für Ideen sind gespeichert."))
    return see_other(request.app.route_reverse("staff_idea_settings", town_slug=town.slug))


MODERATION_ROUTES: list[Any] = [
    staff_ideas,
    staff_idea_settings,
    staff_idea_settings_submit,
    staff_idea,
    staff_idea_publish,
    staff_idea_reject,
    staff_idea_status,
    staff_idea_correct,
    staff_idea_answer,
    staff_idea_merge,
    staff_comment_hide,
    staff_comment_keep,
]
