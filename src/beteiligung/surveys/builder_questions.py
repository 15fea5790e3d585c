"""Town admins build surveys: questions, their kind settings and their options (no HTTP).

The rules shared with pages (freeze, revision, conditions) are in `builder`. Settings
keys per kind are fixed, since residents' forms and the results read them:
multiple "max_choices", "other"; scale and matrix "min" (0/1), "max" (5/10), "min_label",
"max_label", "dont_know"; number "min", "max", "unit", "integer"; texts "max_length".
English labels go into "<name>_en" (see structure.QuestionDef.localized_setting).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.surveys.builder import in_order, pages_of, renumber
from beteiligung.surveys.builder_rules import (
    OPTION_KINDS,
    BuilderError,
    bump_revision,
    check_name,
    clean_text,
    conditions_problem,
    ensure_unfrozen,
    is_checked,
    machine_name,
    parse_condition,
    record_action,
    references_to,
    same_condition,
    set_condition,
    text_of,
    unique_name,
)
from beteiligung.surveys.models import (
    CONDITION_KINDS,
    Option,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
)
from beteiligung.surveys.structure import build_structure, condition_problem
from beteiligung.towns.models import Town

KIND_LABELS = {
    QuestionKind.SINGLE: lazy("Eine Antwort auswählen"),
    QuestionKind.MULTIPLE: lazy("Mehrere Antworten auswählen"),
    QuestionKind.SCALE: lazy("Skala (z. B. 1 bis 5)"),
    QuestionKind.MATRIX: lazy("Matrix: mehrere Aussagen auf einer Skala"),
    QuestionKind.NUMBER: lazy("Zahl"),
    QuestionKind.SHORT_TEXT: lazy("Kurzer Text"),
    QuestionKind.LONG_TEXT: lazy("Langer Text"),
    QuestionKind.PLACE: lazy("Ort oder Ortsteil aus einer Liste"),
}
TEXT_LENGTHS = {QuestionKind.SHORT_TEXT: (200, 200), QuestionKind.LONG_TEXT: (5000, 2000)}
# Wording inside the settings: may still be corrected after the first answers.
LABEL_SETTINGS = frozenset(
    {"min_label", "max_label", "min_label_en", "max_label_en", "unit", "unit_en"}
)
SCALE_KINDS = {QuestionKind.SCALE, QuestionKind.MATRIX}
MAX_QUESTIONS = 200
MAX_OPTIONS = 60


def kind_options() -> list[tuple[str, str]]:
    return [(kind.value, _(label)) for kind, label in KIND_LABELS.items()]


def default_settings(kind: QuestionKind) -> dict[str, Any]:
    if kind == QuestionKind.MULTIPLE:
        return {"other": False}
    if kind in SCALE_KINDS:
        return {"min": 1, "max": 5, "min_label": "", "max_label": "", "dont_know": False}
    if kind == QuestionKind.NUMBER:
        return {"unit": "", "integer": False}
    if kind in TEXT_LENGTHS:
        return {"max_length": TEXT_LENGTHS[kind][1]}
    return {}


def _number(raw: Mapping[str, Any], name: str, errors: dict[str, str]) -> int | float | None:
    value = raw.get(name, "")
    text = value.strip().replace(" ", "").replace(",", ".") if isinstance(value, str) else ""
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > 1e12:
        errors[name] = _("Bitte geben Sie eine Zahl ein, z. B. 12 oder 2,5.")
        return None
    return int(number) if number.is_integer() else number


def _labels(raw: Mapping[str, Any], names: list[str], errors: dict[str, str]) -> dict[str, str]:
    """Label settings; the English ones are kept only when given."""
    labels = {name: clean_text(raw, name, 100, errors) for name in names}
    return {k: v for k, v in labels.items() if v or not k.endswith("_en")}


def read_settings(
    kind: QuestionKind, raw: Mapping[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    """The kind's settings from the posted form, checked; problems go into `errors`."""
    settings = default_settings(kind)
    if kind == QuestionKind.MULTIPLE:
        settings["other"] = is_checked(raw, "other")
        most = _number(raw, "max_choices", errors)
        if most is not None:
            if not isinstance(most, int) or not 1 <= most <= MAX_OPTIONS:
                errors["max_choices"] = _("Bitte geben Sie eine ganze Zahl ab 1 ein.")
            else:
                settings["max_choices"] = most
    elif kind in SCALE_KINDS:
        first, last = text_of(raw, "min"), text_of(raw, "max")
        if first not in {"0", "1"}:
            errors["min"] = _("Eine Skala beginnt bei 0 oder 1.")
        if last not in {"5", "10"}:
            errors["max"] = _("Eine Skala endet bei 5 oder 10.")
        settings["min"] = int(first) if first in {"0", "1"} else 1
        settings["max"] = int(last) if last in {"5", "10"} else 5
        settings.update(
            _labels(raw, ["min_label", "max_label", "min_label_en", "max_label_en"], errors)
        )
        settings["dont_know"] = is_checked(raw, "dont_know")
    elif kind == QuestionKind.NUMBER:
        low, high = _number(raw, "min", errors), _number(raw, "max", errors)
        if low is not None:
            settings["min"] = low
        if high is not None:
            settings["max"] = high
        if low is not None and high is not None and low > high:
            errors["max"] = _("Der größte Wert muss mindestens so groß sein wie der kleinste.")
        settings["unit"] = clean_text(raw, "unit", 30, errors)
        unit_en = clean_text(raw, "unit_en", 30, errors)
        if unit_en:
            settings["unit_en"] = unit_en
        settings["integer"] = is_checked(raw, "integer")
    elif kind in TEXT_LENGTHS:
        limit = TEXT_LENGTHS[kind][0]
        length = _number(raw, "max_length", errors)
        if length is None and "max_length" not in errors:
            length = TEXT_LENGTHS[kind][1]
        if not isinstance(length, int) or not 1 <= length <= limit:
            errors["max_length"] = _(
                "Bitte geben Sie eine ganze Zahl von 1 bis %(n)s ein.", n=limit
            )
        else:
            settings["max_length"] = length
    return settings


def read_labels(
    kind: QuestionKind, raw: Mapping[str, Any], settings: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    """Only the wording inside the settings (end labels, unit): a frozen survey's form."""
    if kind in SCALE_KINDS:
        names, limit = ["min_label", "max_label", "min_label_en", "max_label_en"], 100
    elif kind == QuestionKind.NUMBER:
        names, limit = ["unit", "unit_en"], 30
    else:
        return settings
    for name in names:
        value = clean_text(raw, name, limit, errors)
        if value or not name.endswith("_en"):
            settings[name] = value
        else:
            settings.pop(name, None)
    return settings


def _structural(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings without their wording; missing keys count as their defaults."""
    return {k: v for k, v in settings.items() if k not in LABEL_SETTINGS}


def _kind(raw: Mapping[str, Any], errors: dict[str, str]) -> QuestionKind:
    value = text_of(raw, "kind")
    if value not in {kind.value for kind in QuestionKind}:
        errors["kind"] = _("Bitte wählen Sie eine Frageart.")
        return QuestionKind.SHORT_TEXT
    return QuestionKind(value)


def _keys(db: Session, survey: Survey) -> set[str]:
    return set(db.exec(select(Question.key).where(Question.survey_id == survey.id)).all())


def _question_key(
    db: Session,
    survey: Survey,
    raw: Mapping[str, Any],
    text: str,
    errors: dict[str, str],
    own: str = "",
) -> str:
    key = text_of(raw, "key").strip().lower()
    taken = _keys(db, survey) - {own}
    if not key:
        return unique_name(machine_name(text, "frage"), taken)
    check_name(key, "key", errors)
    if key in taken and "key" not in errors:
        errors["key"] = _("Diesen Schlüssel hat schon eine andere Frage dieser Umfrage.")
    return key


def questions_on(db: Session, page: SurveyPage) -> list[Question]:
    return in_order(db, Question, Question.page_id == page.id)


def options_of(db: Session, question: Question) -> list[Option]:
    return in_order(db, Option, Option.question_id == question.id)


def add_question(
    db: Session, survey: Survey, page: SurveyPage, raw: Mapping[str, Any], actor: User | None
) -> Question:
    """A new question at the end of the page; a place question starts with the districts."""
    ensure_unfrozen(db, survey)
    errors: dict[str, str] = {}
    kind = _kind(raw, errors)
    text = clean_text(raw, "text", 1000, errors, required=_("Bitte geben Sie den Fragetext ein."))
    key = _question_key(db, survey, raw, text, errors)
    if errors:
        raise BuilderError(fields=errors)
    if len(_keys(db, survey)) >= MAX_QUESTIONS:
        raise BuilderError(_("Eine Umfrage hat höchstens %(n)s Fragen.", n=MAX_QUESTIONS))
    question = Question(
        survey_id=survey.id or 0,
        page_id=page.id or 0,
        position=len(questions_on(db, page)),
        key=key,
        kind=kind.value,
        text=text,
        settings=default_settings(kind),
    )
    db.add(question)
    db.flush()
    town = db.get(Town, survey.town_id)
    if kind == QuestionKind.PLACE and town is not None and town.districts.strip():
        for position, choice in enumerate(_district_options(town)[:MAX_OPTIONS]):
            db.add(
                Option(
                    question_id=question.id or 0,
                    position=position,
                    code=choice[0],
                    label=choice[1],
                    label_en=choice[2],
                )
            )
    bump_revision(db, survey)
    record_action(db, survey, actor, "question_added", key)
    return question


def _district_options(town: Town) -> list[tuple[str, str, str]]:
    """The town's districts and "keine Angabe", with the codes the templates give them, so
    that place questions of built and template surveys compare."""
    from beteiligung.surveys.templates import place_options
    from beteiligung.surveys.templates.base import NO_ANSWER

    return [(o.code, o.label, o.label_en) for o in place_options(town, (NO_ANSWER,))]


def update_question(
    db: Session, survey: Survey, question: Question, raw: Mapping[str, Any], actor: User | None
) -> None:
    """Texts always; kind, key, required, settings and condition only before the first answer.

    A form with scope=wording (what a frozen survey shows) changes only the wording.
    """
    errors: dict[str, str] = {}
    text = clean_text(raw, "text", 1000, errors, required=_("Bitte geben Sie den Fragetext ein."))
    texts = {
        name: clean_text(raw, name, limit, errors)
        for name, limit in (("text_en", 1000), ("help", 2000), ("help_en", 2000))
    }
    current_kind = QuestionKind(question.kind)
    if text_of(raw, "scope") == "wording":
        kind, key, required = current_kind, question.key, question.required
        condition_key, codes = question.condition_key, list(question.condition_codes or [])
        settings = read_labels(kind, raw, dict(question.settings or {}), errors)
    else:
        kind = _kind(raw, errors)
        key = _question_key(db, survey, raw, text, errors, own=question.key)
        required = is_checked(raw, "required")
        # A new kind starts with its own defaults: the posted fields belong to the old one.
        settings = (
            read_settings(kind, raw, errors) if kind == current_kind else default_settings(kind)
        )
        condition_key, codes = parse_condition(raw, errors)
    if errors:
        raise BuilderError(fields=errors)
    structural = (
        kind != current_kind
        or key != question.key
        or required != question.required
        or _structural({**default_settings(kind), **settings})
        != _structural({**default_settings(current_kind), **(question.settings or {})})
        or not same_condition(question, condition_key, codes)
    )
    if structural:
        ensure_unfrozen(db, survey)
        _check_question_change(db, survey, question, kind, condition_key, codes)
    if key != question.key:
        _rename_references(db, survey, question.key, key)
    if kind not in OPTION_KINDS and current_kind in OPTION_KINDS:
        db.execute(delete(Option).where(col(Option.question_id) == question.id))
    question.key, question.kind, question.required, question.text = key, kind.value, required, text
    question.text_en, question.help, question.help_en = (
        texts["text_en"],
        texts["help"],
        texts["help_en"],
    )
    question.settings = settings
    set_condition(question, condition_key, codes)
    db.add(question)
    bump_revision(db, survey)
    record_action(db, survey, actor, "question_edited", key)


def _check_question_change(
    db: Session, survey: Survey, question: Question, kind: QuestionKind, key: str, codes: list[str]
) -> None:
    structure = build_structure(db, survey)
    if kind not in CONDITION_KINDS:
        users = references_to(structure, question.key)
        if users:
            raise BuilderError(
                _(
                    "Auf diese Frage beziehen sich Bedingungen (%(where)s); sie muss eine "
                    "Auswahlfrage bleiben. Ändern Sie zuerst diese Bedingungen.",
                    where=", ".join(users),
                ),
                field="kind",
            )
    if not same_condition(question, key, codes):
        page_index = next(
            page.position
            for page in structure.pages
            if question.key in {q.key for q in page.questions}
        )
        problem = condition_problem(structure, page_index, question.key, key, codes)
        if problem:
            raise BuilderError(problem, field="condition")


def _rename_references(db: Session, survey: Survey, old: str, new: str) -> None:
    """Conditions follow a question whose key changes."""
    rows: list[SurveyPage | Question] = [*pages_of(db, survey)]
    rows += db.exec(select(Question).where(Question.survey_id == survey.id)).all()
    for row in rows:
        if row.condition_key == old:
            row.condition_key = new
            db.add(row)


def _page_questions(db: Session, survey: Survey) -> list[tuple[SurveyPage, list[Question]]]:
    return [(page, questions_on(db, page)) for page in pages_of(db, survey)]


def move_question(
    db: Session, survey: Survey, question: Question, direction: int, actor: User | None
) -> None:
    """One step up or down; at the top or bottom of a page, on to the neighbouring page."""
    ensure_unfrozen(db, survey)
    layout = _page_questions(db, survey)
    page_index = next(i for i, (page, _qs) in enumerate(layout) if page.id == question.page_id)
    rows = layout[page_index][1]
    index = next(i for i, q in enumerate(rows) if q.id == question.id)
    structure = build_structure(db, survey)
    defs = [list(page.questions) for page in structure.pages]
    moved_def = defs[page_index].pop(index)
    rows.pop(index)
    target_page, target_index = page_index, index + direction
    if not 0 <= target_index <= len(rows):
        target_page = page_index + direction
        if not 0 <= target_page < len(layout):
            raise BuilderError(_("Die Frage steht schon am Anfang oder am Ende der Umfrage."))
        target_index = 0 if direction > 0 else len(layout[target_page][1])
    defs[target_page].insert(target_index, moved_def)
    moved = replace(
        structure,
        pages=tuple(replace(p, questions=tuple(defs[i])) for i, p in enumerate(structure.pages)),
    )
    problem = conditions_problem(moved)
    if problem:
        raise BuilderError(problem)
    layout[target_page][1].insert(target_index, question)
    question.page_id = layout[target_page][0].id or 0
    for _page, questions in {
        page_index: layout[page_index],
        target_page: layout[target_page],
    }.values():
        renumber(questions)
        db.add_all(questions)
    bump_revision(db, survey)
    record_action(db, survey, actor, "question_moved", question.key)


def delete_question(db: Session, survey: Survey, question: Question, actor: User | None) -> None:
    ensure_unfrozen(db, survey)
    users = references_to(build_structure(db, survey), question.key)
    if users:
        raise BuilderError(
            _(
                "Auf diese Frage beziehen sich Bedingungen (%(where)s). "
                "Ändern Sie zuerst diese Bedingungen.",
                where=", ".join(users),
            )
        )
    page = db.get(SurveyPage, question.page_id)
    db.execute(delete(Option).where(col(Option.question_id) == question.id))
    db.delete(question)
    db.flush()
    if page is not None:
        remaining = questions_on(db, page)
        renumber(remaining)
        db.add_all(remaining)
    bump_revision(db, survey)
    record_action(db, survey, actor, "question_deleted", question.key)
