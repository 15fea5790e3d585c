"""Town admins build surveys: the options of a choice question, the rows of a matrix.

Codes are stable like question keys: answers store them. Labels may be corrected at any
time; codes, order and the set of options only before the first answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.surveys.builder import pages_of, renumber
from beteiligung.surveys.builder_questions import MAX_OPTIONS, options_of
from beteiligung.surveys.builder_rules import (
    OPTION_KINDS,
    RESERVED_CODES,
    BuilderError,
    bump_revision,
    check_name,
    clean_text,
    ensure_unfrozen,
    machine_name,
    record_action,
    references_to,
    text_of,
    unique_name,
)
from beteiligung.surveys.models import Option, Question, QuestionKind, Survey, SurveyPage
from beteiligung.surveys.structure import build_structure

# --------------------------------------------------------------------------- options


def _exclusive(raw: Mapping[str, Any], question: Question, current: bool) -> bool:
    """The "stands alone" box of a multiple-choice option; a form without it (a frozen
    survey's, another kind's) keeps what is stored."""
    if question.kind != QuestionKind.MULTIPLE or "exclusive_field" not in raw:
        return current
    return text_of(raw, "exclusive") == "on"


def _option_code(
    raw: Mapping[str, Any], label: str, taken: set[str], errors: dict[str, str]
) -> str:
    code = text_of(raw, "code").strip().lower()
    if not code:
        return unique_name(machine_name(label, "antwort"), taken | RESERVED_CODES)
    check_name(code, "code", errors)
    if code in RESERVED_CODES and "code" not in errors:
        errors["code"] = _(
            "Die Codes „other“ und „dont_know“ sind für „Sonstiges“ und „weiß nicht“ reserviert."
        )
    elif code in taken and "code" not in errors:
        errors["code"] = _("Diesen Code hat schon eine andere Antwort dieser Frage.")
    return code


def add_option(
    db: Session, survey: Survey, question: Question, raw: Mapping[str, Any], actor: User | None
) -> Option:
    ensure_unfrozen(db, survey)
    if question.kind not in OPTION_KINDS:
        raise BuilderError(_("Diese Frageart hat keine Antwortmöglichkeiten."))
    options = options_of(db, question)
    if len(options) >= MAX_OPTIONS:
        raise BuilderError(_("Eine Frage hat höchstens %(n)s Antwortmöglichkeiten.", n=MAX_OPTIONS))
    errors: dict[str, str] = {}
    label = clean_text(raw, "label", 300, errors, required=_("Bitte geben Sie die Antwort ein."))
    label_en = clean_text(raw, "label_en", 300, errors)
    code = _option_code(raw, label, {o.code for o in options}, errors)
    if errors:
        raise BuilderError(fields=errors)
    option = Option(
        question_id=question.id or 0,
        position=len(options),
        code=code,
        label=label,
        label_en=label_en,
        exclusive=_exclusive(raw, question, False),
    )
    db.add(option)
    db.flush()
    bump_revision(db, survey)
    record_action(db, survey, actor, "option_added", f"{question.key}.{code}")
    return option


def update_option(
    db: Session,
    survey: Survey,
    question: Question,
    option: Option,
    raw: Mapping[str, Any],
    actor: User | None,
) -> None:
    """Labels always; the code (when posted) only before the first answer."""
    errors: dict[str, str] = {}
    label = clean_text(raw, "label", 300, errors, required=_("Bitte geben Sie die Antwort ein."))
    label_en = clean_text(raw, "label_en", 300, errors)
    code = option.code
    if "code" in raw:
        others = {o.code for o in options_of(db, question) if o.id != option.id}
        code = _option_code(raw, label, others, errors)
    if errors:
        raise BuilderError(fields=errors)
    exclusive = _exclusive(raw, question, option.exclusive)
    if exclusive != option.exclusive:
        # Which answers go together is part of the structure, like the codes.
        ensure_unfrozen(db, survey)
    if code != option.code:
        ensure_unfrozen(db, survey)
        rows: list[SurveyPage | Question] = [*pages_of(db, survey)]
        rows += db.exec(select(Question).where(Question.condition_key == question.key)).all()
        for row in rows:
            if row.condition_key == question.key and option.code in (row.condition_codes or []):
                row.condition_codes = [code if c == option.code else c for c in row.condition_codes]
                db.add(row)
    option.label, option.label_en, option.code = label, label_en, code
    option.exclusive = exclusive
    db.add(option)
    bump_revision(db, survey)
    record_action(db, survey, actor, "option_edited", f"{question.key}.{code}")


def move_option(
    db: Session,
    survey: Survey,
    question: Question,
    option: Option,
    direction: int,
    actor: User | None,
) -> None:
    ensure_unfrozen(db, survey)
    options = options_of(db, question)
    index = next(i for i, o in enumerate(options) if o.id == option.id)
    other = index + direction
    if not 0 <= other < len(options):
        raise BuilderError(_("Die Antwort steht schon am Anfang oder am Ende."))
    options[index], options[other] = options[other], options[index]
    renumber(options)
    db.add_all(options)
    bump_revision(db, survey)
    record_action(db, survey, actor, "option_moved", f"{question.key}.{option.code}")


def delete_option(
    db: Session, survey: Survey, question: Question, option: Option, actor: User | None
) -> None:
    ensure_unfrozen(db, survey)
    users = references_to(build_structure(db, survey), question.key, option.code)
    if users:
        raise BuilderError(
            _(
                "Auf diese Antwort beziehen sich Bedingungen (%(where)s). "
                "Ändern Sie zuerst diese Bedingungen.",
                where=", ".join(users),
            )
        )
    db.delete(option)
    db.flush()
    remaining = options_of(db, question)
    renumber(remaining)
    db.add_all(remaining)
    bump_revision(db, survey)
    record_action(db, survey, actor, "option_deleted", f"{question.key}.{option.code}")
