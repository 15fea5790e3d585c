"""Town admins build surveys (no HTTP): the survey itself, its pages, its lifecycle
draft -> open -> closed, and new versions that keep keys and codes (`copy_survey`).

Questions and options are in `builder_questions`; the rules both share (freeze, revision,
conditions) are in `builder_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, func
from sqlmodel import Session, col, select

from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.surveys.builder_rules import (
    BuilderError,
    bump_revision,
    clean_text,
    conditions_problem,
    ensure_unfrozen,
    is_frozen,
    parse_condition,
    readiness_problems,
    record_action,
    references_to,
    same_condition,
    set_condition,
    survey_rows,
    text_of,
    today,
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
from beteiligung.surveys.structure import build_structure, condition_problem
from beteiligung.towns.models import Town
from beteiligung.towns.service import SLUG_RE, slugify

__all__ = ["BuilderError", "is_frozen"]

SURVEY_LIMITS = {"title": 200, "title_en": 200, "intro": 10_000, "intro_en": 10_000}
MAX_PAGES = 50


# --------------------------------------------------------------------------- surveys


def surveys_of(db: Session, town: Town) -> list[tuple[Survey, int]]:
    """The town's surveys, newest first, with their number of submitted responses."""
    submitted = and_(
        col(Response.survey_id) == col(Survey.id), col(Response.submitted_on).is_not(None)
    )
    rows = db.exec(
        select(Survey, func.count(col(Response.id)))
        .join(Response, submitted, isouter=True)
        .where(Survey.town_id == town.id)
        .group_by(col(Survey.id))
        .order_by(col(Survey.created_at).desc(), col(Survey.id).desc())
    ).all()
    return [(survey, int(count)) for survey, count in rows]


def _slugs(db: Session, town_id: int, exclude: int | None = None) -> set[str]:
    query = select(Survey.slug).where(Survey.town_id == town_id)
    if exclude is not None:
        query = query.where(Survey.id != exclude)
    return set(db.exec(query).all())


def unique_slug(db: Session, town_id: int, base: str) -> str:
    base = (base or "umfrage")[:70].strip("-")
    taken = _slugs(db, town_id)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def create_survey(db: Session, town: Town, raw: Mapping[str, Any], actor: User | None) -> Survey:
    """An empty draft with one page; its address comes from the title."""
    errors: dict[str, str] = {}
    title = clean_text(
        raw, "title", 200, errors, required=_("Bitte geben Sie einen Titel für die Umfrage ein.")
    )
    if errors:
        raise BuilderError(fields=errors)
    survey = Survey(
        town_id=town.id or 0, slug=unique_slug(db, town.id or 0, slugify(title)), title=title
    )
    db.add(survey)
    db.flush()
    db.add(SurveyPage(survey_id=survey.id or 0, position=0))
    record_action(db, survey, actor, "survey_created", "")
    return survey


def shipped_templates(town: Town) -> list[tuple[str, str]]:
    """(key, label) of the shipped templates, named as the town's survey would be."""
    from beteiligung.surveys.templates import TEMPLATES, template_label

    return [(key, template_label(key, t.version, town)) for key, t in TEMPLATES.items()]


def create_survey_from_template(
    db: Session, town: Town, raw: Mapping[str, Any], actor: User | None
) -> Survey:
    from beteiligung.surveys.templates import TEMPLATES, create_from_template, template_label

    key = text_of(raw, "template")
    errors: dict[str, str] = {}
    title = clean_text(raw, "title", 200, errors)
    if key not in TEMPLATES:
        errors["template"] = _("Diese Vorlage gibt es nicht.")
    if errors:
        raise BuilderError(fields=errors)
    template = TEMPLATES[key]
    title = title or template.title.replace("{town}", town.name)
    slug = unique_slug(db, town.id or 0, slugify(title))
    survey: Survey = create_from_template(db, town, key, slug=slug, title=title)
    db.flush()
    # The log names the template as staff know it, not by its key.
    detail = template_label(key, template.version, town)
    record_action(db, survey, actor, "survey_created", detail)
    return survey


def _parse_day(raw: Mapping[str, Any], name: str, errors: dict[str, str]) -> date | None:
    value = raw.get(name, "")
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # a calendar day, no zone
        except ValueError:
            continue
    errors[name] = _("Bitte geben Sie ein Datum ein, z. B. 31.05.2026.")
    return None


def update_settings(
    db: Session, survey: Survey, raw: Mapping[str, Any], actor: User | None
) -> list[str]:
    """Titles, intro, address, access mode and dates; returns the names of what changed."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        name: clean_text(raw, name, limit, errors) for name, limit in SURVEY_LIMITS.items()
    }
    if not values["title"] and "title" not in errors:
        errors["title"] = _("Bitte geben Sie einen Titel für die Umfrage ein.")
    slug = text_of(raw, "slug").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 80:
        errors["slug"] = _(
            "Die Adresse darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten, "
            "z. B. pendlerbefragung-2026."
        )
    elif slug != survey.slug and (survey.status != SurveyStatus.DRAFT or is_frozen(db, survey)):
        errors["slug"] = _(
            "Die Adresse lässt sich nur im Entwurf ändern: Veröffentlichte Links und "
            "Aushänge sollen gültig bleiben."
        )
    elif slug in _slugs(db, survey.town_id, exclude=survey.id):
        errors["slug"] = _("Diese Adresse hat schon eine andere Umfrage der Stadt.")
    values["slug"] = slug
    access = text_of(raw, "access_mode")
    if access not in {mode.value for mode in AccessMode}:
        errors["access_mode"] = _("Bitte wählen Sie, wer teilnehmen kann.")
    elif access != survey.access_mode and is_frozen(db, survey):
        errors["access_mode"] = _(
            "Wer teilnehmen kann, lässt sich nach den ersten Antworten nicht mehr ändern."
        )
    values["access_mode"] = access
    values["opens_on"] = _parse_day(raw, "opens_on", errors)
    values["closes_on"] = _parse_day(raw, "closes_on", errors)
    opens, closes = values["opens_on"], values["closes_on"]
    if opens and closes and opens > closes and "closes_on" not in errors:
        errors["closes_on"] = _("Das Enddatum muss am oder nach dem Startdatum liegen.")
    if errors:
        raise BuilderError(fields=errors)
    changed = [name for name, value in values.items() if getattr(survey, name) != value]
    for name in changed:
        setattr(survey, name, values[name])
    db.add(survey)
    if changed:
        record_action(db, survey, actor, "survey_edited", ", ".join(changed))
    return changed


STATUS_ACTIONS = {
    (SurveyStatus.DRAFT, SurveyStatus.OPEN): "survey_opened",
    (SurveyStatus.CLOSED, SurveyStatus.OPEN): "survey_reopened",
    (SurveyStatus.OPEN, SurveyStatus.CLOSED): "survey_closed",
    (SurveyStatus.OPEN, SurveyStatus.DRAFT): "survey_drafted",
}


def change_status(
    db: Session, survey: Survey, target: str, actor: User | None, on: date | None = None
) -> str:
    """draft -> open -> closed, reopen, and back to draft while nobody has answered."""
    current = SurveyStatus(survey.status)
    wanted = SurveyStatus(target) if target in set(SurveyStatus) else None
    action = STATUS_ACTIONS.get((current, wanted)) if wanted else None
    if wanted is None or action is None:
        raise BuilderError(_("Dieser Statuswechsel ist nicht möglich."))
    if wanted == SurveyStatus.DRAFT and is_frozen(db, survey):
        raise BuilderError(
            _(
                "Die Umfrage hat schon Antworten und kann nicht mehr zum Entwurf werden. "
                "Beenden Sie sie oder legen Sie eine neue Version an."
            )
        )
    if wanted == SurveyStatus.OPEN:
        problems = readiness_problems(build_structure(db, survey))
        if survey.closes_on and survey.closes_on < (on or today()):
            problems.append(
                _("Das Enddatum liegt in der Vergangenheit. Bitte ändern Sie es zuerst.")
            )
        if problems:
            error = BuilderError(_("Die Umfrage kann noch nicht geöffnet werden."))
            error.general.extend(problems)
            raise error
    survey.status = wanted.value
    db.add(survey)
    record_action(db, survey, actor, action, "")
    return action


def delete_survey(db: Session, survey: Survey, confirmed: bool, actor: User | None) -> None:
    if survey.status != SurveyStatus.DRAFT or is_frozen(db, survey):
        raise BuilderError(
            _("Nur Entwürfe ohne Antworten lassen sich löschen. Beenden Sie die Umfrage.")
        )
    if not confirmed:
        raise BuilderError(
            _("Bitte bestätigen Sie, dass die Umfrage gelöscht werden soll."), field="confirm"
        )
    record_action(db, survey, actor, "survey_deleted", survey.title)
    db.delete(survey)
    db.flush()


def copy_survey(db: Session, survey: Survey, actor: User | None = None) -> Survey:
    """A new draft version with every page, question and option, keys and codes unchanged."""
    base = re.sub(r"-v\d+$", "", survey.slug)[:70]
    taken = _slugs(db, survey.town_id)
    number = 2
    while f"{base}-v{number}" in taken:
        number += 1
    copy = Survey(
        town_id=survey.town_id,
        slug=f"{base}-v{number}",
        title=survey.title,
        title_en=survey.title_en,
        intro=survey.intro,
        intro_en=survey.intro_en,
        access_mode=survey.access_mode,
        template_key=survey.template_key,
        template_version=survey.template_version,
        copied_from_id=survey.id,
    )
    db.add(copy)
    db.flush()
    pages, questions, options = survey_rows(db, survey)
    new_page: dict[int, int] = {}
    for page in pages:
        page_copy = SurveyPage(
            survey_id=copy.id or 0,
            position=page.position,
            title=page.title,
            title_en=page.title_en,
            condition_key=page.condition_key,
            condition_codes=list(page.condition_codes or []),
        )
        db.add(page_copy)
        db.flush()
        new_page[page.id or 0] = page_copy.id or 0
    new_question: dict[int, int] = {}
    for question in questions:
        question_copy = Question(
            **question.model_dump(exclude={"id", "survey_id", "page_id"}),
            survey_id=copy.id or 0,
            page_id=new_page[question.page_id],
        )
        question_copy.settings = dict(question.settings or {})
        question_copy.condition_codes = list(question.condition_codes or [])
        db.add(question_copy)
        db.flush()
        new_question[question.id or 0] = question_copy.id or 0
    for option in options:
        db.add(
            Option(
                **option.model_dump(exclude={"id", "question_id"}),
                question_id=new_question[option.question_id],
            )
        )
    db.flush()
    record_action(db, survey, actor, "survey_copied", copy.slug)
    return copy


# --------------------------------------------------------------------------- pages


Arranged = TypeVar("Arranged", SurveyPage, Question, Option)


def in_order(db: Session, model: type[Arranged], *where: Any) -> list[Arranged]:
    """Pages, questions or options in the order staff arranged them (ties: oldest first)."""
    statement = select(model).where(*where).order_by(col(model.position), col(model.id))
    return list(db.exec(statement).all())


def pages_of(db: Session, survey: Survey) -> list[SurveyPage]:
    return in_order(db, SurveyPage, SurveyPage.survey_id == survey.id)


def renumber(rows: list[Any]) -> None:
    for position, row in enumerate(rows):
        row.position = position


def add_page(db: Session, survey: Survey, raw: Mapping[str, Any], actor: User | None) -> SurveyPage:
    ensure_unfrozen(db, survey)
    errors: dict[str, str] = {}
    title = clean_text(raw, "title", 200, errors)
    if errors:
        raise BuilderError(fields=errors)
    pages = pages_of(db, survey)
    if len(pages) >= MAX_PAGES:
        raise BuilderError(_("Eine Umfrage hat höchstens %(n)s Seiten.", n=MAX_PAGES))
    page = SurveyPage(survey_id=survey.id or 0, position=len(pages), title=title)
    db.add(page)
    db.flush()
    bump_revision(db, survey)
    record_action(db, survey, actor, "page_added", _("Seite %(n)s", n=len(pages) + 1))
    return page


def update_page(
    db: Session, survey: Survey, page: SurveyPage, raw: Mapping[str, Any], actor: User | None
) -> None:
    """Title (always) and condition (a structural change: not after the first answers)."""
    errors: dict[str, str] = {}
    title = clean_text(raw, "title", 200, errors)
    title_en = clean_text(raw, "title_en", 200, errors)
    wording_only = text_of(raw, "scope") == "wording"
    key, codes = ("", []) if wording_only else parse_condition(raw, errors)
    if errors:
        raise BuilderError(fields=errors)
    pages = pages_of(db, survey)
    index = next(i for i, p in enumerate(pages) if p.id == page.id)
    condition_changed = not wording_only and not same_condition(page, key, codes)
    if condition_changed:
        ensure_unfrozen(db, survey)
        problem = condition_problem(build_structure(db, survey), index, None, key, codes)
        if problem:
            raise BuilderError(problem, field="condition")
        set_condition(page, key, codes)
    page.title, page.title_en = title, title_en
    db.add(page)
    bump_revision(db, survey)
    record_action(db, survey, actor, "page_edited", _("Seite %(n)s", n=index + 1))


def move_page(
    db: Session, survey: Survey, page: SurveyPage, direction: int, actor: User | None
) -> None:
    ensure_unfrozen(db, survey)
    pages = pages_of(db, survey)
    index = next(i for i, p in enumerate(pages) if p.id == page.id)
    other = index + direction
    if other < 0 or other >= len(pages):
        raise BuilderError(_("Die Seite steht schon am Anfang oder am Ende."))
    structure = build_structure(db, survey)
    order = list(structure.pages)
    order[index], order[other] = order[other], order[index]
    moved = replace(structure, pages=tuple(replace(p, position=i) for i, p in enumerate(order)))
    problem = conditions_problem(moved)
    if problem:
        raise BuilderError(problem)
    pages[index], pages[other] = pages[other], pages[index]
    renumber(pages)
    db.add_all(pages)
    bump_revision(db, survey)
    record_action(db, survey, actor, "page_moved", _("Seite %(n)s", n=index + 1))


def delete_page(db: Session, survey: Survey, page: SurveyPage, actor: User | None) -> None:
    ensure_unfrozen(db, survey)
    pages = pages_of(db, survey)
    if len(pages) == 1:
        raise BuilderError(_("Die einzige Seite einer Umfrage lässt sich nicht löschen."))
    index = next(i for i, p in enumerate(pages) if p.id == page.id)
    structure = build_structure(db, survey)
    own = {q.key for q in structure.pages[index].questions}
    others = replace(structure, pages=tuple(p for p in structure.pages if p.position != index))
    users = [where for key in sorted(own) for where in references_to(others, key)]
    if users:
        raise BuilderError(
            _(
                "Auf Fragen dieser Seite beziehen sich Bedingungen (%(where)s). "
                "Ändern Sie zuerst diese Bedingungen.",
                where=", ".join(users),
            )
        )
    question_ids = select(Question.id).where(Question.page_id == page.id)
    db.execute(delete(Option).where(col(Option.question_id).in_(question_ids)))
    db.execute(delete(Question).where(col(Question.page_id) == page.id))
    db.delete(page)
    pages.pop(index)
    renumber(pages)
    db.add_all(pages)
    db.flush()
    bump_revision(db, survey)
    record_action(db, survey, actor, "page_deleted", _("Seite %(n)s", n=index + 1))
