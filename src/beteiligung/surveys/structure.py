"""A survey's structure as plain frozen data, cached per (survey id, revision).

Residents' page views read the structure from this cache, so showing a survey page costs
one query (town and survey); the cache entry is replaced whenever the survey's revision
changes, which every structural edit does. The same module checks conditions (they may
only point backwards, at a choice question) and decides what is shown for given answers.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from beteiligung.i18n import current_locale
from beteiligung.surveys.models import (
    CONDITION_KINDS,
    Option,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
)

DEFAULT_TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}
OTHER_CODE = "other"
DONT_KNOW_CODE = "dont_know"
# In a condition's codes: "the question was left unanswered". No option can have this code
# (codes are [a-z0-9_]), so a page about commuting can be shown to people who skipped the
# question about their work as well as to those who said they work.
UNANSWERED_CODE = "-"


def pick(german: str, english: str) -> str:
    """The English text when English is asked for and there is one, else the German."""
    return english if english and current_locale() == "en" else german


@dataclass(frozen=True)
class OptionDef:
    code: str
    label_de: str
    label_en: str = ""
    # Multiple choice: cannot be ticked together with another answer ("Nichts davon").
    exclusive: bool = False

    @property
    def label(self) -> str:
        return pick(self.label_de, self.label_en)


@dataclass(frozen=True)
class Condition:
    key: str
    codes: frozenset[str]

    def holds(self, answers: Mapping[str, Mapping[str, Any]]) -> bool:
        given = answers.get(self.key)
        if given is None:
            return UNANSWERED_CODE in self.codes
        return bool(set(given.get("codes", ())) & self.codes)


@dataclass(frozen=True)
class QuestionDef:
    key: str
    kind: QuestionKind
    text_de: str
    text_en: str = ""
    help_de: str = ""
    help_en: str = ""
    required: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[OptionDef, ...] = ()
    condition: Condition | None = None

    @property
    def text(self) -> str:
        return pick(self.text_de, self.text_en)

    @property
    def help(self) -> str:
        return pick(self.help_de, self.help_en)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(option.code for option in self.options)

    @property
    def exclusive_options(self) -> list[OptionDef]:
        return [option for option in self.options if option.exclusive]

    def setting(self, name: str, default: Any = None) -> Any:
        return self.settings.get(name, default)

    def localized_setting(self, name: str) -> str:
        return pick(str(self.settings.get(name, "")), str(self.settings.get(name + "_en", "")))

    @property
    def scale(self) -> range:
        return range(int(self.setting("min", 1)), int(self.setting("max", 5)) + 1)

    @property
    def max_length(self) -> int:
        return int(self.setting("max_length", DEFAULT_TEXT_LIMITS.get(self.kind, 200)))


@dataclass(frozen=True)
class PageDef:
    position: int
    title_de: str
    title_en: str = ""
    questions: tuple[QuestionDef, ...] = ()
    condition: Condition | None = None

    @property
    def title(self) -> str:
        return pick(self.title_de, self.title_en)


@dataclass(frozen=True)
class Structure:
    survey_id: int
    revision: int
    pages: tuple[PageDef, ...]
    # With the id and revision, tells surveys apart even when a database reuses ids
    # (restored from a backup, or emptied between tests).
    created_at: str = ""

    @property
    def version_key(self) -> tuple[int, int, str]:
        return (self.survey_id, self.revision, self.created_at)

    def question(self, key: str) -> QuestionDef | None:
        for page in self.pages:
            for question in page.questions:
                if question.key == key:
                    return question
        return None

    @property
    def questions(self) -> list[QuestionDef]:
        return [question for page in self.pages for question in page.questions]

    def page_shown(self, page: PageDef, answers: Mapping[str, Any]) -> bool:
        return page.condition is None or page.condition.holds(answers)

    def shown_questions(self, page: PageDef, answers: Mapping[str, Any]) -> list[QuestionDef]:
        return [q for q in page.questions if q.condition is None or q.condition.holds(answers)]

    def next_page(self, after: int, answers: Mapping[str, Any]) -> int | None:
        """The position of the next page shown after `after` (-1: the first), or None."""
        for page in self.pages[after + 1 :]:
            if self.page_shown(page, answers):
                return page.position
        return None

    def previous_page(self, before: int, answers: Mapping[str, Any]) -> int | None:
        for page in reversed(self.pages[:before]):
            if self.page_shown(page, answers):
                return page.position
        return None

    def effective(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers that count: those of questions still shown, page by page, judged by
        the answers kept so far. An answer on a page that a later change hid (and every
        answer that depended on it) drops out."""
        kept: dict[str, Any] = {}
        for page in self.pages:
            if page.condition is not None and not page.condition.holds(kept):
                continue
            for question in page.questions:
                if question.condition is not None and not question.condition.holds(kept):
                    continue
                if question.key in answers:
                    kept[question.key] = answers[question.key]
        return kept

    def might_follow(self, position: int, answers: Mapping[str, Any]) -> bool:
        """Whether another page may still come after this one (undecided ones count)."""
        return any(self._counted(page, answers, position) for page in self.pages[position + 1 :])

    def first_missing(self, answers: Mapping[str, Any], before: int) -> int | None:
        """The first shown page before `before` with a required answer missing, if any."""
        for page in self.pages[:before]:
            if not self.page_shown(page, answers):
                continue
            shown = self.shown_questions(page, answers)
            if any(q.required and q.key not in answers for q in shown):
                return page.position
        return None

    def page_of(self, key: str) -> int:
        for page in self.pages:
            if any(question.key == key for question in page.questions):
                return page.position
        return -1

    def _counted(self, page: PageDef, answers: Mapping[str, Any], current: int) -> bool:
        """Shown, or still undecided: its condition's question is on this page or later."""
        if page.condition is None or self.page_of(page.condition.key) >= current:
            return True
        return page.condition.holds(answers)

    def shown_count(self, answers: Mapping[str, Any], current: int = 0) -> int:
        """How many pages the resident will see, as far as can be told on page `current`."""
        return sum(1 for page in self.pages if self._counted(page, answers, current))

    def shown_number(self, position: int, answers: Mapping[str, Any]) -> int:
        """1-based number of the page among those shown, for "Seite 2 von 5"."""
        return sum(1 for p in self.pages[: position + 1] if self._counted(p, answers, position))


def _condition(key: str, codes: list[str] | None) -> Condition | None:
    return Condition(key, frozenset(codes or ())) if key else None


def build_structure(db: Session, survey: Survey) -> Structure:
    """Three queries: pages, questions, options (the cache makes this rare)."""
    pages = db.exec(
        select(SurveyPage)
        .where(SurveyPage.survey_id == survey.id)
        .order_by(col(SurveyPage.position), col(SurveyPage.id))
    ).all()
    questions = db.exec(
        select(Question)
        .where(Question.survey_id == survey.id)
        .order_by(col(Question.position), col(Question.id))
    ).all()
    options = db.exec(
        select(Option)
        .join(Question, col(Question.id) == col(Option.question_id))
        .where(Question.survey_id == survey.id)
        .order_by(col(Option.position), col(Option.id))
    ).all()
    options_of: dict[int, list[OptionDef]] = {}
    for option in options:
        options_of.setdefault(option.question_id, []).append(
            OptionDef(option.code, option.label, option.label_en, option.exclusive)
        )
    questions_of: dict[int, list[QuestionDef]] = {}
    for question in questions:
        questions_of.setdefault(question.page_id, []).append(
            QuestionDef(
                key=question.key,
                kind=QuestionKind(question.kind),
                text_de=question.text,
                text_en=question.text_en,
                help_de=question.help,
                help_en=question.help_en,
                required=question.required,
                settings=dict(question.settings or {}),
                options=tuple(options_of.get(question.id or 0, ())),
                condition=_condition(question.condition_key, question.condition_codes),
            )
        )
    return Structure(
        survey_id=survey.id or 0,
        revision=survey.revision,
        created_at=survey.created_at.isoformat(),
        pages=tuple(
            PageDef(
                position=index,
                title_de=page.title,
                title_en=page.title_en,
                questions=tuple(questions_of.get(page.id or 0, ())),
                condition=_condition(page.condition_key, page.condition_codes),
            )
            for index, page in enumerate(pages)
        ),
    )


_cache: dict[int, Structure] = {}
_cache_lock = threading.Lock()


def cached_structure(survey_id: int, revision: int, created_at: datetime) -> Structure | None:
    """The structure of this version of the survey if this worker has built it, else None."""
    cached = _cache.get(survey_id)
    if cached is not None and cached.version_key == (survey_id, revision, created_at.isoformat()):
        return cached
    return None


def structure_of(db: Session, survey: Survey) -> Structure:
    cached = cached_structure(survey.id or 0, survey.revision, survey.created_at)
    if cached is not None:
        return cached
    built = build_structure(db, survey)
    with _cache_lock:
        _cache[built.survey_id] = built
    return built


def condition_problem(
    structure: Structure, page_position: int, question_key: str | None, key: str, codes: list[str]
) -> str | None:
    """Why a condition on a page (question_key None) or a question may not be set, or None.

    It must point at a choice question shown before the thing it governs, on an earlier
    page for a page condition; this also rules out loops. Messages are German msgids.
    """
    from beteiligung.i18n import gettext as _

    if not key:
        return None
    earlier: list[QuestionDef] = []
    for page in structure.pages:
        for question in page.questions:
            if page.position > page_position or (
                page.position == page_position
                and (question_key is None or question.key == question_key)
            ):
                break
            earlier.append(question)
        else:
            continue
        break
    target = next((q for q in earlier if q.key == key), None)
    if target is None:
        if structure.question(key) is not None:
            return _(
                "Eine Bedingung kann sich nur auf eine frühere Frage beziehen, "
                "nicht auf eine spätere oder auf sich selbst."
            )
        return _("Die Frage für die Bedingung gibt es nicht.")
    if target.kind not in CONDITION_KINDS:
        return _("Eine Bedingung kann sich nur auf eine Auswahlfrage beziehen.")
    if not codes:
        return _("Bitte wählen Sie mindestens eine Antwort, bei der angezeigt wird.")
    unknown = set(codes) - target.codes - {UNANSWERED_CODE}
    if unknown:
        return _(
            "Diese Antworten gibt es bei der gewählten Frage nicht: %(codes)s",
            codes=", ".join(sorted(unknown)),
        )
    return None
