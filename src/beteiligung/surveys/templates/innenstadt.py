"""Innenstadt & Leerstand: how people use and rate the town centre, and ideas for empty shops.

The ratings are one matrix (aspect × 1–5) so that towns can compare aspect by aspect; the
wished uses of empty shops share their codes with the Pendlerbefragung's question.
"""

from __future__ import annotations

from beteiligung.surveys.models import QuestionKind
from beteiligung.surveys.templates.base import (
    AGE_GROUP,
    HOME_DISTRICT,
    RATING_LABELS,
    OptionTemplate,
    PageTemplate,
    QuestionTemplate,
    SurveyTemplate,
)

VISITS = PageTemplate(
    title="Ihre Besuche in der Innenstadt",
    title_en="Your visits to the town centre",
    questions=(
        QuestionTemplate(
            key="visits_per_month",
            kind=QuestionKind.NUMBER,
            text="Wie oft sind Sie in einem normalen Monat in der Innenstadt von {town}?",
            text_en="How often are you in the centre of {town} in a normal month?",
            help="Eine ungefähre Zahl genügt.",
            help_en="A rough number is enough.",
            settings={
                "min": 0,
                "max": 60,
                "unit": "Besuche",
                "unit_en": "visits",
                "integer": True,
            },
        ),
        QuestionTemplate(
            key="visit_purposes",
            kind=QuestionKind.MULTIPLE,
            text="Wofür kommen Sie in die Innenstadt?",
            text_en="What do you come to the town centre for?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            settings={"other": True},
            options=(
                OptionTemplate("shopping", "Einkaufen", "Shopping"),
                OptionTemplate("groceries", "Lebensmittel und Markt", "Groceries and market"),
                OptionTemplate("gastro", "Café, Restaurant, Kneipe", "Café, restaurant, pub"),
                OptionTemplate(
                    "services",
                    "Erledigungen (Ärztin, Bank, Rathaus)",
                    "Errands (doctor, bank, town hall)",
                ),
                OptionTemplate("culture", "Kultur und Veranstaltungen", "Culture and events"),
                OptionTemplate("stroll", "Bummeln und Leute treffen", "Strolling, meeting people"),
                OptionTemplate("work", "Ich arbeite dort", "I work there"),
            ),
        ),
        QuestionTemplate(
            key="travel_mode",
            kind=QuestionKind.SINGLE,
            text="Wie kommen Sie meistens in die Innenstadt?",
            text_en="How do you usually get to the town centre?",
            options=(
                OptionTemplate("walk", "Zu Fuß", "On foot"),
                OptionTemplate("bike", "Mit dem Fahrrad", "By bicycle"),
                OptionTemplate("car", "Mit dem Auto", "By car"),
                OptionTemplate("bus", "Mit Bus oder Bahn", "By bus or train"),
                OptionTemplate("other_mode", "Anders", "Some other way"),
            ),
        ),
    ),
)

RATINGS = PageTemplate(
    title="Wie gefällt Ihnen die Innenstadt?",
    title_en="How do you like the town centre?",
    questions=(
        QuestionTemplate(
            key="centre_aspects",
            kind=QuestionKind.MATRIX,
            text="Wie bewerten Sie die Innenstadt von {town} in diesen Punkten?",
            text_en="How do you rate the centre of {town} on these points?",
            settings={**RATING_LABELS, "dont_know": True},
            options=(
                OptionTemplate("shops", "Angebot an Geschäften", "Range of shops"),
                OptionTemplate("gastro", "Cafés und Gastronomie", "Cafés and restaurants"),
                OptionTemplate("ambience", "Stadtbild und Atmosphäre", "Look and atmosphere"),
                OptionTemplate("green", "Grün und Plätze zum Sitzen", "Greenery and seating"),
                OptionTemplate("events", "Veranstaltungen", "Events"),
                OptionTemplate("parking", "Parken", "Parking"),
                OptionTemplate("cycling", "Radwege und Radstellplätze", "Cycling and bike parking"),
                OptionTemplate("accessibility", "Barrierefreiheit", "Accessibility"),
                OptionTemplate("cleanliness", "Sauberkeit", "Cleanliness"),
            ),
        ),
        QuestionTemplate(
            key="recommend",
            kind=QuestionKind.SCALE,
            text="Wie wahrscheinlich ist es, dass Sie Freunden einen Besuch der Innenstadt "
            "empfehlen?",
            text_en="How likely are you to recommend a visit to the town centre to friends?",
            settings={
                "min": 0,
                "max": 10,
                "min_label": "gar nicht wahrscheinlich",
                "max_label": "äußerst wahrscheinlich",
                "min_label_en": "not at all likely",
                "max_label_en": "extremely likely",
                "dont_know": False,
            },
        ),
    ),
)

VACANCY = PageTemplate(
    title="Leerstand",
    title_en="Empty shops",
    questions=(
        QuestionTemplate(
            key="vacancy_noticed",
            kind=QuestionKind.SINGLE,
            text="Fallen Ihnen in der Innenstadt leerstehende Läden oder Gebäude auf?",
            text_en="Do you notice empty shops or buildings in the town centre?",
            options=(
                OptionTemplate("many", "Ja, viele", "Yes, many"),
                OptionTemplate("some", "Ja, einige", "Yes, some"),
                OptionTemplate("none", "Nein", "No"),
                OptionTemplate("dont_know", "Weiß nicht", "Don't know"),
            ),
        ),
        QuestionTemplate(
            key="vacancy_uses",
            kind=QuestionKind.MULTIPLE,
            text="Welche Nutzung wünschen Sie sich für leerstehende Läden und Gebäude?",
            text_en="What would you like empty shops and buildings to be used for?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            settings={"other": True},
            options=(
                OptionTemplate("coworking", "Coworking und Büros", "Coworking and offices"),
                OptionTemplate("cafe", "Café und Gastronomie", "Cafés and restaurants"),
                OptionTemplate("workshop", "Handwerk und Werkstätten", "Crafts and workshops"),
                OptionTemplate("culture", "Kultur und Treffpunkte", "Culture and meeting places"),
                OptionTemplate("popup", "Läden auf Zeit (Pop-up)", "Pop-up shops"),
                OptionTemplate("housing", "Wohnen", "Housing"),
                OptionTemplate("health", "Ärzte und Gesundheit", "Doctors and health"),
                OptionTemplate("youth", "Angebote für Jugendliche", "Places for young people"),
            ),
        ),
        QuestionTemplate(
            key="use_empty_shop",
            kind=QuestionKind.SINGLE,
            text="Würden Sie selbst einen leeren Laden für eine Zeit nutzen, zum Beispiel für "
            "einen Verein, ein Atelier oder einen Laden auf Zeit?",
            text_en="Would you use an empty shop yourself for a while, for example for a club, "
            "a studio or a pop-up shop?",
            options=(
                OptionTemplate("yes", "Ja", "Yes"),
                OptionTemplate("maybe", "Vielleicht", "Maybe"),
                OptionTemplate("no", "Nein", "No"),
            ),
        ),
    ),
)

IDEAS_AND_YOU = PageTemplate(
    title="Ihre Ideen und Angaben zu Ihnen",
    title_en="Your ideas and about you",
    questions=(
        QuestionTemplate(
            key="empty_shop_idea",
            kind=QuestionKind.SHORT_TEXT,
            text="Wofür würden Sie ihn nutzen?",
            text_en="What would you use it for?",
            help="In wenigen Worten, bitte ohne Namen.",
            help_en="In a few words, please without names.",
            settings={"max_length": 200},
            condition_key="use_empty_shop",
            condition_codes=("yes", "maybe"),
        ),
        QuestionTemplate(
            key="centre_ideas",
            kind=QuestionKind.LONG_TEXT,
            text="Was würde die Innenstadt von {town} für Sie attraktiver machen?",
            text_en="What would make the centre of {town} more attractive for you?",
            help="Bitte keine Namen oder Adressen von Personen.",
            help_en="Please do not give names or addresses of people.",
            settings={"max_length": 2000},
        ),
        AGE_GROUP,
        HOME_DISTRICT,
    ),
)

INNENSTADT = SurveyTemplate(
    key="innenstadt",
    version=1,
    title="Innenstadt & Leerstand in {town}",
    title_en="Town centre & empty shops in {town}",
    intro=(
        "Was zieht Sie in die Innenstadt von {town}, was fehlt Ihnen dort, und was soll aus "
        "leerstehenden Läden werden? Ihre Antworten fließen in das Handlungskonzept der "
        "Stadt ein.\n\n"
        "Die Befragung dauert etwa fünf Minuten. Alle Fragen sind freiwillig, Ihre Antworten "
        "sind anonym. Ergebnisse veröffentlichen wir nur zusammengefasst."
    ),
    intro_en=(
        "What draws you to the centre of {town}, what do you miss there, and what should "
        "become of empty shops? Your answers feed into the town's action plan.\n\n"
        "The survey takes about five minutes. All questions are optional and your answers are "
        "anonymous. We only publish results in summary."
    ),
    pages=(VISITS, RATINGS, VACANCY, IDEAS_AND_YOU),
)
