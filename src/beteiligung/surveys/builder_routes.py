"""Staff pages where town admins build surveys: the list, a new survey, the editor with
its settings, status and pages, a new version, and a read-only preview.

Questions and options have their handlers in `builder_question_routes`; BUILDER_ROUTES
below holds both. Every form works without JavaScript (POST -> 303, or 422 with the
whole editor); with htmx the same URLs answer with the changed part only.
"""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from beteiligung.accounts.access import town_for_staff
from beteiligung.accounts.models import Role, User
from beteiligung.i18n import gettext as _
from beteiligung.surveys import builder
from beteiligung.surveys.access import survey_for_staff
from beteiligung.surveys.builder_question_routes import QUESTION_ROUTES
from beteiligung.surveys.builder_rules import BuilderError, is_checked, text_of
from beteiligung.surveys.builder_views import (
    PAGE_FIELDS,
    SETTINGS_FIELDS,
    STAFF,
    STATUS_LABELS,
    SURVEY_PATH,
    SURVEYS_PATH,
    Db,
    Form,
    StaffUser,
    done,
    editor_context,
    editor_url,
    move_or_delete,
    page_or_404,
    problem,
    refused,
)
from beteiligung.surveys.structure import structure_of
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, flash, form_page, page, see_other


def _list_context(
    db: Session, user: User, town: Town, values: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "user": user,
        "town": town,
        "role": "town_admin",
        "surveys": builder.surveys_of(db, town),
        "status_labels": STATUS_LABELS,
        "templates": builder.shipped_templates(town),
        "values": values or {"title": "", "template": ""},
    }


@get(SURVEYS_PATH, name="builder_surveys", sync_to_thread=True, dependencies=STAFF)
def builder_surveys(db: Db, user: StaffUser, town_slug: FromPath[str]) -> Template:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    return page("surveys/staff/list.html", _list_context(db, user, town))


@post(
    SURVEYS_PATH,
    name="builder_survey_create",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_survey_create(
    request: AnyRequest, db: Db, user: StaffUser, town_slug: FromPath[str], data: Form
) -> Template | Redirect:
    town = town_for_staff(db, user, town_slug, Role.TOWN_ADMIN)
    try:
        if text_of(data, "template"):
            survey = builder.create_survey_from_template(db, town, data, user)
        else:
            survey = builder.create_survey(db, town, data, user)
    except BuilderError as exc:
        values = {"title": text_of(data, "title"), "template": text_of(data, "template")}
        context = _list_context(db, user, town, values)
        return form_page(
            request,
            "surveys/staff/list.html",
            context,
            FormErrors(fields=exc.fields, general=exc.general),
        )
    flash(request, _("Die Umfrage „%(title)s“ wurde angelegt.", title=survey.title))
    return see_other(editor_url(request, town, survey))


@get(SURVEY_PATH, name="builder_editor", sync_to_thread=True, dependencies=STAFF)
def builder_editor(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
) -> Template:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    return page("surveys/staff/editor.html", editor_context(request, db, user, town, survey))


@post(
    SURVEY_PATH + "/einstellungen",
    name="builder_settings",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_settings(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    try:
        builder.update_settings(db, survey, data, user)
    except BuilderError as exc:
        failed = problem(exc, "survey", data, SETTINGS_FIELDS)
        return refused(request, db, user, town, survey, failed)
    flash(request, _("Die Einstellungen wurden gespeichert."))
    return see_other(editor_url(request, town, survey) + "#einstellungen")


@post(
    SURVEY_PATH + "/status",
    name="builder_status",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_status(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    try:
        builder.change_status(db, survey, text_of(data, "to"), user)
    except BuilderError as exc:
        return refused(request, db, user, town, survey, problem(exc, "status", data))
    label = _(STATUS_LABELS[survey.status])
    flash(request, _("Die Umfrage hat jetzt den Status „%(status)s“.", status=label))
    return see_other(editor_url(request, town, survey))


@post(
    SURVEY_PATH + "/neue-version",
    name="builder_copy",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_copy(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
) -> Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    copy = builder.copy_survey(db, survey, user)
    flash(
        request,
        _(
            "Die neue Version wurde als Entwurf angelegt (Adresse: %(slug)s). "
            "Schlüssel und Codes sind gleich geblieben.",
            slug=copy.slug,
        ),
    )
    return see_other(editor_url(request, town, copy))


@post(
    SURVEY_PATH + "/loeschen",
    name="builder_delete",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_delete(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    title = survey.title
    try:
        builder.delete_survey(db, survey, is_checked(data, "confirm"), user)
    except BuilderError as exc:
        return refused(request, db, user, town, survey, problem(exc, "delete", data))
    flash(request, _("Die Umfrage „%(title)s“ wurde gelöscht.", title=title))
    return see_other(request.app.route_reverse("builder_surveys", town_slug=town.slug))


@get(SURVEY_PATH + "/vorschau", name="builder_preview", sync_to_thread=True, dependencies=STAFF)
def builder_preview(
    db: Db, user: StaffUser, town_slug: FromPath[str], survey_id: FromPath[int]
) -> Template:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    structure = structure_of(db, survey)
    return page(
        "surveys/staff/preview.html",
        {"user": user, "town": town, "survey": survey, "structure": structure},
    )


# --------------------------------------------------------------------------- pages


@post(
    SURVEY_PATH + "/seiten",
    name="builder_page_add",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_page_add(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    try:
        new = builder.add_page(db, survey, data, user)
    except BuilderError as exc:
        return refused(request, db, user, town, survey, problem(exc, "newpage", data, PAGE_FIELDS))
    message = _("Die Seite wurde angelegt.")
    return done(request, db, user, town, survey, message, anchor=f"seite-{new.id}")


@post(
    SURVEY_PATH + "/seiten/{page_id:int}",
    name="builder_page_update",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_page_update(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    page_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    survey_page = page_or_404(db, survey, page_id)
    try:
        builder.update_page(db, survey, survey_page, data, user)
    except BuilderError as exc:
        failed = problem(exc, f"p{page_id}", data, PAGE_FIELDS)
        return refused(request, db, user, town, survey, failed)
    message = _("Die Seite wurde gespeichert.")
    return done(request, db, user, town, survey, message, anchor=f"seite-{page_id}")


@post(
    SURVEY_PATH + "/seiten/{page_id:int}/aktion",
    name="builder_page_action",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_page_action(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    page_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    """Move a page up or down, or delete it: the buttons of one small form."""
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    survey_page = page_or_404(db, survey, page_id)
    try:
        deleted = move_or_delete(
            data,
            move=lambda step: builder.move_page(db, survey, survey_page, step, user),
            delete=lambda: builder.delete_page(db, survey, survey_page, user),
        )
    except BuilderError as exc:
        return refused(request, db, user, town, survey, problem(exc, f"p{page_id}", data))
    if deleted:
        return done(request, db, user, town, survey, _("Die Seite wurde gelöscht."))
    message = _("Die Seite wurde verschoben.")
    return done(request, db, user, town, survey, message, anchor=f"seite-{page_id}")


BUILDER_ROUTES = [
    builder_surveys,
    builder_survey_create,
    builder_editor,
    builder_settings,
    builder_status,
    builder_copy,
    builder_delete,
    builder_preview,
    builder_page_add,
    builder_page_update,
    builder_page_action,
    *QUESTION_ROUTES,
]
