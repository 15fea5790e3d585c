"""Staff handlers for the questions of a survey and their options (or matrix rows).

A question's own forms (its settings, its options) answer htmx with the question block
alone; adding, moving and deleting questions change the order, so they answer with the
whole structure. Without JavaScript each form posts and comes back to the editor.
"""

from __future__ import annotations

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from beteiligung.i18n import gettext as _
from beteiligung.surveys import builder_options, builder_questions
from beteiligung.surveys.access import survey_for_staff
from beteiligung.surveys.builder_rules import BuilderError
from beteiligung.surveys.builder_views import (
    OPTION_FIELDS,
    QUESTION_FIELDS,
    STAFF,
    SURVEY_PATH,
    Db,
    Form,
    StaffUser,
    done,
    move_or_delete,
    option_or_404,
    page_or_404,
    problem,
    question_or_404,
    refused,
)
from beteiligung.web import AnyRequest


@post(
    SURVEY_PATH + "/seiten/{page_id:int}/fragen",
    name="builder_question_add",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_question_add(
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
        question = builder_questions.add_question(db, survey, survey_page, data, user)
    except BuilderError as exc:
        failed = problem(exc, f"newq{page_id}", data, ("kind", "text", "key"))
        return refused(request, db, user, town, survey, failed)
    message = _("Die Frage wurde angelegt. Ergänzen Sie jetzt die Einzelheiten.")
    return done(request, db, user, town, survey, message, anchor=f"frage-{question.id}")


@post(
    SURVEY_PATH + "/fragen/{question_id:int}",
    name="builder_question_update",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_question_update(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    question_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    question = question_or_404(db, survey, question_id)
    try:
        builder_questions.update_question(db, survey, question, data, user)
    except BuilderError as exc:
        failed = problem(exc, f"q{question_id}", data, QUESTION_FIELDS)
        return refused(request, db, user, town, survey, failed, question=question)
    message = _("Die Frage wurde gespeichert.")
    return done(request, db, user, town, survey, message, question=question)


@post(
    SURVEY_PATH + "/fragen/{question_id:int}/aktion",
    name="builder_question_action",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_question_action(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    question_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    """Move a question up or down (on to the next page at the edge), or delete it."""
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    question = question_or_404(db, survey, question_id)
    try:
        deleted = move_or_delete(
            data,
            move=lambda step: builder_questions.move_question(db, survey, question, step, user),
            delete=lambda: builder_questions.delete_question(db, survey, question, user),
        )
    except BuilderError as exc:
        return refused(request, db, user, town, survey, problem(exc, f"q{question_id}", data))
    if deleted:
        return done(request, db, user, town, survey, _("Die Frage wurde gelöscht."))
    message = _("Die Frage wurde verschoben.")
    return done(request, db, user, town, survey, message, anchor=f"frage-{question_id}")


# --------------------------------------------------------------------------- options


@post(
    SURVEY_PATH + "/fragen/{question_id:int}/optionen",
    name="builder_option_add",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_option_add(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    question_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    question = question_or_404(db, survey, question_id)
    try:
        builder_options.add_option(db, survey, question, data, user)
    except BuilderError as exc:
        failed = problem(exc, f"newo{question_id}", data, OPTION_FIELDS)
        return refused(request, db, user, town, survey, failed, question=question)
    message = _("Die Antwortmöglichkeit wurde hinzugefügt.")
    return done(request, db, user, town, survey, message, question=question)


@post(
    SURVEY_PATH + "/optionen/{option_id:int}",
    name="builder_option_update",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_option_update(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    option_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    question, option = option_or_404(db, survey, option_id)
    try:
        builder_options.update_option(db, survey, question, option, data, user)
    except BuilderError as exc:
        failed = problem(exc, f"o{option_id}", data, OPTION_FIELDS)
        return refused(request, db, user, town, survey, failed, question=question)
    message = _("Die Antwortmöglichkeit wurde gespeichert.")
    return done(request, db, user, town, survey, message, question=question)


@post(
    SURVEY_PATH + "/optionen/{option_id:int}/aktion",
    name="builder_option_action",
    status_code=303,
    sync_to_thread=True,
    dependencies=STAFF,
)
def builder_option_action(
    request: AnyRequest,
    db: Db,
    user: StaffUser,
    town_slug: FromPath[str],
    survey_id: FromPath[int],
    option_id: FromPath[int],
    data: Form,
) -> Template | Redirect:
    town, survey = survey_for_staff(db, user, town_slug, survey_id)
    question, option = option_or_404(db, survey, option_id)
    try:
        deleted = move_or_delete(
            data,
            move=lambda step: builder_options.move_option(db, survey, question, option, step, user),
            delete=lambda: builder_options.delete_option(db, survey, question, option, user),
        )
    except BuilderError as exc:
        failed = problem(exc, f"o{option_id}", data)
        return refused(request, db, user, town, survey, failed, question=question)
    message = (
        _("Die Antwortmöglichkeit wurde gelöscht.")
        if deleted
        else _("Die Antwortmöglichkeit wurde verschoben.")
    )
    return done(request, db, user, town, survey, message, question=question)


QUESTION_ROUTES = [
    builder_question_add,
    builder_question_update,
    builder_question_action,
    builder_option_add,
    builder_option_update,
    builder_option_action,
]
