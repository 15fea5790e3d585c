"""The shape of a shipped survey template, and the questions several templates share.

Templates are plain frozen data. Keys and codes never change within a version: results of
surveys made from the same (key, version) are compared across towns by them. Texts may
contain "{town}", replaced by the town's name when a survey is made from the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from beteiligung.surveys.models import QuestionKind
from beteiligung.surveys.structure import UNANSWERED_CODE

TOWN_PLACEHOLDER = "{town}"


@dataclass(frozen=True)
class OptionTemplate:
    code: str
    label: str
    label_en: str
    # Multiple choice: cannot be ticked together with another answer ("Nichts davon").
    exclusive: bool = False


@dataclass(frozen=True)
class QuestionTemplate:
    key: str
    kind: QuestionKind
    text: str
    text_en: str
    help: str = ""
    help_en: str = ""
    required: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)
    condition_key: str = ""
    condition_codes: tuple[str, ...] = ()
    # Choices of single/multiple/place questions; the rows of a matrix question.
    options: tuple[OptionTemplate, ...] = ()


@dataclass(frozen=True)
class PageTemplate:
    title: str
    title_en: str
    condition_key: str = ""
    condition_codes: tuple[str, ...] = ()
    questions: tuple[QuestionTemplate, ...] = ()


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    version: int
    title: str
    title_en: str
    intro: str
    intro_en: str
    pages: tuple[PageTemplate, ...]

    @property
    def questions(self) -> list[QuestionTemplate]:
        return [question for page in self.pages for question in page.questions]

    def question(self, key: str) -> QuestionTemplate:
        return next(q for q in self.questions if q.key == key)


# The same wording and codes in every template that asks them, so that answers can be
# compared (and cross-tabulated) between a town's surveys, too.

WORKING_CODES = ("employed", "civil_servant", "self_employed", "training")
# The condition of pages for people in work: shown, too, to whoever left the question about
# work out (all questions are optional; skipping one must not skip pages that may apply).
WORKING_OR_UNANSWERED = (*WORKING_CODES, UNANSWERED_CODE)

WORK_STATUS = QuestionTemplate(
    key="work_status",
    kind=QuestionKind.SINGLE,
    text="Wie sind Sie derzeit überwiegend tätig?",
    text_en="What is your main occupation at the moment?",
    options=(
        OptionTemplate("employed", "Angestellt", "Employee"),
        OptionTemplate("civil_servant", "Beamtet", "Civil servant"),
        OptionTemplate("self_employed", "Selbstständig oder freiberuflich", "Self-employed"),
        OptionTemplate("training", "In Ausbildung oder Studium", "In training or studying"),
        OptionTemplate(
            "not_working",
            "Nicht erwerbstätig (z. B. im Ruhestand, in Elternzeit, arbeitsuchend)",
            "Not in work (e.g. retired, on parental leave, looking for work)",
        ),
    ),
)

COWORKING_INTEREST = QuestionTemplate(
    key="coworking_interest",
    kind=QuestionKind.SINGLE,
    text="Würden Sie einen Arbeitsplatz in einem Coworking-Space in {town} nutzen?",
    text_en="Would you use a desk in a coworking space in {town}?",
    help="Ein Coworking-Space ist ein Büro mit Arbeitsplätzen, die man tage- oder "
    "monatsweise mietet.",
    help_en="A coworking space is an office with desks you can rent by the day or month.",
    options=(
        OptionTemplate("yes_regularly", "Ja, regelmäßig", "Yes, regularly"),
        OptionTemplate("yes_occasionally", "Ja, gelegentlich", "Yes, occasionally"),
        OptionTemplate("maybe", "Vielleicht", "Maybe"),
        OptionTemplate("no", "Nein", "No"),
    ),
)

DAY_PRICE_OPTIONS = (
    OptionTemplate("eur_0", "Nichts", "Nothing"),
    OptionTemplate("eur_1_10", "Bis 10 €", "Up to €10"),
    OptionTemplate("eur_10_20", "10 bis 20 €", "€10 to €20"),
    OptionTemplate("eur_20_30", "20 bis 30 €", "€20 to €30"),
    OptionTemplate("eur_30_plus", "Mehr als 30 €", "More than €30"),
    OptionTemplate("employer_pays", "Das zahlt mein Arbeitgeber", "My employer would pay"),
)

AGE_GROUP = QuestionTemplate(
    key="age_group",
    kind=QuestionKind.SINGLE,
    text="Wie alt sind Sie?",
    text_en="How old are you?",
    help="Wir werten das nur zusammengefasst aus.",
    help_en="We only evaluate this in groups.",
    options=(
        OptionTemplate("under_30", "Unter 30 Jahre", "Under 30"),
        OptionTemplate("age_30_44", "30 bis 44 Jahre", "30 to 44"),
        OptionTemplate("age_45_59", "45 bis 59 Jahre", "45 to 59"),
        OptionTemplate("age_60_plus", "60 Jahre und älter", "60 or older"),
    ),
)

NO_ANSWER = OptionTemplate("no_answer", "Keine Angabe", "Prefer not to say")

# A "place" question: when a survey is made, the town's districts replace all options but
# the last ("keine Angabe"); these stand in for a town that has not listed its districts.
HOME_DISTRICT = QuestionTemplate(
    key="home_district",
    kind=QuestionKind.PLACE,
    text="In welchem Teil von {town} wohnen Sie?",
    text_en="In which part of {town} do you live?",
    help="Nur grob, ohne Straße: So bleibt niemand erkennbar.",
    help_en="Only roughly, without your street, so that nobody can be identified.",
    options=(
        OptionTemplate("kernstadt", "Kernstadt", "Town centre"),
        OptionTemplate("ortsteil", "In einem Ortsteil", "In an outlying district"),
        NO_ANSWER,
    ),
)

RATING_LABELS = {
    "min": 1,
    "max": 5,
    "min_label": "sehr schlecht",
    "max_label": "sehr gut",
    "min_label_en": "very poor",
    "max_label_en": "very good",
}
