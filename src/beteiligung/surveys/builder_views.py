"""What the survey builder's handlers share: lookups, the editor's context, and the answer
after an action: a partial for htmx (the question block, or the whole structure), or a
303 back to the editor (a 422 with the full page and its error summary) for plain forms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NoRouteMatchFoundException, NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlmodel import Session, col, func, select

from beteiligung.accounts.access import provide_staff_user
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.surveys.builder_questions import KIND_LABELS, kind_options
from beteiligung.surveys.builder_rules import (
    BuilderError,
    as_list,
    find_question,
    frozen_message,
    is_frozen,
    outline,
    readiness_problems,
    text_of,
)
from beteiligung.surveys.models import (
    AccessMode,
    Option,
    Question,
    Response,
    Survey,
    SurveyPage,
    SurveyStatus,
)
from beteiligung.surveys.structure import structure_of
from beteiligung.surveys.templates import template_label
from beteiligung.towns.models import Town
from beteiligung.web import AnyRequest, FormErrors, flash, form_values, is_htmx, see_other

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Db = NamedDependency[Session]
StaffUser = NamedDependency[User]
STAFF = {"user": Provide(provide_staff_user, sync_to_thread=True)}
SURVEYS_PATH = "/verwaltung/{town_slug:str}/umfragen"
SURVEY_PATH = SURVEYS_PATH + "/{survey_id:int}"

EDITOR = "surveys/staff/editor.html"
STRUCTURE = "surveys/staff/_structure.html"
QUESTION_BLOCK = "surveys/staff/_question_block.html"
MOVES = {"up": -1, "down": 1}

STATUS_LABELS = {
    SurveyStatus.DRAFT.value: lazy("Entwurf"),
    SurveyStatus.OPEN.value: lazy("Offen"),
    SurveyStatus.CLOSED.value: lazy("Beendet"),
}
ACCESS_LABELS = {
    AccessMode.OPEN.value: lazy("Alle, die den Link kennen"),
    AccessMode.CODES.value: lazy("Nur mit Einladungscode (Briefe an eine Stichprobe)"),
}
SETTINGS_FIELDS = (
    "title",
    "title_en",
    "intro",
    "intro_en",
    "slug",
    "access_mode",
    "opens_on",
    "closes_on",
)
QUESTION_FIELDS = (
    "scope",
    "kind",
    "text",
    "text_en",
    "help",
    "help_en",
    "key",
    "required",
    "max_choices",
    "other",
    "min",
    "max",
    "min_label",
    "max_label",
    "min_label_en",
    "max_label_en",
    "dont_know",
    "unit",
    "unit_en",
    "integer",
    "max_length",
)
PAGE_FIELDS = ("title", "title_en")
OPTION_FIELDS = ("label", "label_en", "code", "exclusive")


@dataclass
class Problem:
    """A refused form: which one (`target`, also the prefix of its field ids), why, and
    what was typed, so that the re-rendered form keeps it."""

    target: str
    errors: FormErrors
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"{self.target}-"


def move_or_delete(
    data: Mapping[str, Any], *, move: Callable[[int], object], delete: Callable[[], object]
) -> bool:
    """Carry out the button pressed in a small move-or-delete form; True when it deleted.

    Any other action (only a hand-made request sends one) is a BuilderError.
    """
    action = text_of(data, "action")
    if action == "delete":
        delete()
        return True
    if action not in MOVES:
        raise BuilderError(_("Bitte wählen Sie: nach oben, nach unten oder löschen."))
    move(MOVES[action])
    return False


def problem(
    error: BuilderError, target: str, raw: Mapping[str, Any], names: tuple[str, ...] = ()
) -> Problem:
    values: dict[str, Any] = form_values(raw, *names)
    values["condition"] = as_list(raw.get("condition"))
    return Problem(
        target, FormErrors(fields=dict(error.fields), general=list(error.general)), values
    )


# --------------------------------------------------------------------------- lookups


def page_or_404(db: Session, survey: Survey, page_id: int) -> SurveyPage:
    page = db.get(SurveyPage, page_id)
    if page is None or page.survey_id != survey.id:
        raise NotFoundException()
    return page


def question_or_404(db: Session, survey: Survey, question_id: int) -> Question:
    question = db.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        raise NotFoundException()
    return question


def option_or_404(db: Session, survey: Survey, option_id: int) -> tuple[Question, Option]:
    option = db.get(Option, option_id)
    question = db.get(Question, option.question_id) if option else None
    if option is None or question is None or question.survey_id != survey.id:
        raise NotFoundException()
    return question, option


# --------------------------------------------------------------------------- context


def submitted_count(db: Session, survey: Survey) -> int:
    return int(
        db.exec(
            select(func.count(col(Response.id))).where(
                Response.survey_id == survey.id, col(Response.submitted_on).is_not(None)
            )
        ).one()
    )


def transitions(survey: Survey, frozen: bool) -> list[tuple[str, str]]:
    """The status buttons the editor offers: (target status, button text)."""
    if survey.status == SurveyStatus.DRAFT:
        return [(SurveyStatus.OPEN.value, _("Umfrage öffnen"))]
    if survey.status == SurveyStatus.OPEN:
        back = [] if frozen else [(SurveyStatus.DRAFT.value, _("Zurück zum Entwurf"))]
        return [(SurveyStatus.CLOSED.value, _("Umfrage beenden")), *back]
    return [(SurveyStatus.OPEN.value, _("Wieder öffnen"))]


def url_if_any(request: AnyRequest, name: str, **params: Any) -> str:
    """The address of a page another part of the app provides, or "" while it has none."""
    try:
        return request.app.route_reverse(name, **params)
    except NoRouteMatchFoundException:
        return ""


def settings_values(survey: Survey) -> dict[str, str]:
    values = {name: str(getattr(survey, name) or "") for name in SETTINGS_FIELDS}
    for name in ("opens_on", "closes_on"):
        day = getattr(survey, name)
        values[name] = day.isoformat() if day else ""
    return values


def editor_context(
    request: AnyRequest,
    db: Session,
    user: User,
    town: Town,
    survey: Survey,
    problem: Problem | None = None,
) -> dict[str, Any]:
    frozen = is_frozen(db, survey)
    pages = outline(db, survey)
    settings = settings_values(survey)
    if problem is not None and problem.target == "survey":
        settings = {**settings, **{k: v for k, v in problem.values.items() if k in settings}}
    return {
        "user": user,
        "town": town,
        "survey": survey,
        "role": "town_admin",
        "pages": pages,
        "question_total": sum(len(page.questions) for page in pages),
        "frozen": frozen,
        "frozen_text": frozen_message(),
        "problem": problem,
        "partial": False,
        "saved": "",
        "saved_target": "",
        "kinds": kind_options(),
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "access_options": [(mode, _(label)) for mode, label in ACCESS_LABELS.items()],
        "transitions": transitions(survey, frozen),
        "readiness": (
            readiness_problems(structure_of(db, survey))
            if survey.status != SurveyStatus.OPEN
            else []
        ),
        "responses": submitted_count(db, survey),
        "public_url": url_if_any(
            request, "survey_start", town_slug=town.slug, survey_slug=survey.slug
        ),
        "codes_url": url_if_any(
            request, "staff_survey_codes", town_slug=town.slug, survey_id=survey.id
        ),
        "values": settings,
        "can_delete": survey.status == SurveyStatus.DRAFT and not frozen,
        "template_label": (
            template_label(survey.template_key, survey.template_version, town)
            if survey.template_key
            else ""
        ),
    }


def editor_url(request: AnyRequest, town: Town, survey: Survey) -> str:
    return request.app.route_reverse("builder_editor", town_slug=town.slug, survey_id=survey.id)


# --------------------------------------------------------------------------- answers


def _partial_template(context: dict[str, Any], question: Question | None) -> str:
    """The changed question's block when there is one, else the whole structure."""
    if question is not None and question.id is not None:
        block = find_question(context["pages"], question.id)
        if block is not None:
            context["block"] = block
            return QUESTION_BLOCK
    return STRUCTURE


def done(
    request: AnyRequest,
    db: Session,
    user: User,
    town: Town,
    survey: Survey,
    message: str,
    *,
    question: Question | None = None,
    anchor: str = "aufbau",
) -> Template | Redirect:
    """After a change: htmx gets the changed part (200), a plain form a 303 to the editor.

    A change to one question or its options (`question`) answers with that question's block
    and comes back to it; any other change with the whole structure.
    """
    if question is not None:
        anchor = f"frage-{question.id}"
    if is_htmx(request):
        target = f"q{question.id}" if question is not None else "structure"
        context = editor_context(request, db, user, town, survey)
        context.update(partial=True, saved=message, saved_target=target)
        template = _partial_template(context, question)
        return Template(template_name=template, context=context, status_code=200)
    flash(request, message)
    return see_other(f"{editor_url(request, town, survey)}#{anchor}")


def refused(
    request: AnyRequest,
    db: Session,
    user: User,
    town: Town,
    survey: Survey,
    failed: Problem,
    *,
    question: Question | None = None,
) -> Template:
    """A refused change, 422: htmx gets the part with the errors inside (the question's
    block for a change to one `question`), a plain form the whole editor with the error
    summary on top."""
    context = editor_context(request, db, user, town, survey, failed)
    template = EDITOR
    if is_htmx(request):
        context["partial"] = True
        template = _partial_template(context, question)
    return Template(template_name=template, context=context, status_code=422)
