"""Coworking-Bedarf: is there demand for a shared workspace in town, and what should it offer?

For a town that has decided to look into a coworking space: it asks about working from
home today, interest, equipment, days, opening hours and price. The pages about the offer
are only shown to people who are at least "maybe" interested.

Version 2 (version 1 stays with the surveys made from it): the page about working from home
also for people who skip the question about their work.
"""

from __future__ import annotations

from beteiligung.surveys.models import QuestionKind
from beteiligung.surveys.templates.base import (
    AGE_GROUP,
    COWORKING_INTEREST,
    DAY_PRICE_OPTIONS,
    RATING_LABELS,
    WORK_STATUS,
    WORKING_OR_UNANSWERED,
    OptionTemplate,
    PageTemplate,
    QuestionTemplate,
    SurveyTemplate,
)

INTERESTED = ("yes_regularly", "yes_occasionally", "maybe")

YOUR_WORK = PageTemplate(
    title="Ihre Arbeit",
    title_en="Your work",
    questions=(WORK_STATUS,),
)

AT_HOME = PageTemplate(
    title="Arbeiten von zu Hause",
    title_en="Working from home",
    condition_key="work_status",
    condition_codes=WORKING_OR_UNANSWERED,
    questions=(
        QuestionTemplate(
            key="home_office_now",
            kind=QuestionKind.SINGLE,
            text="Wie oft arbeiten Sie derzeit von zu Hause?",
            text_en="How often do you work from home at the moment?",
            options=(
                OptionTemplate("never", "Nie", "Never"),
                OptionTemplate("rarely", "Seltener als einmal pro Woche", "Less than once a week"),
                OptionTemplate("days_1_2", "1 bis 2 Tage pro Woche", "1 to 2 days a week"),
                OptionTemplate("days_3_4", "3 bis 4 Tage pro Woche", "3 to 4 days a week"),
                OptionTemplate("always", "Immer oder fast immer", "Always or almost always"),
            ),
        ),
        QuestionTemplate(
            key="home_workspace",
            kind=QuestionKind.MATRIX,
            text="Wie bewerten Sie Ihre Möglichkeiten, zu Hause zu arbeiten?",
            text_en="How do you rate your options for working at home?",
            settings={**RATING_LABELS, "dont_know": True},
            options=(
                OptionTemplate("quiet", "Ruhe zum konzentrierten Arbeiten", "Quiet to concentrate"),
                OptionTemplate("own_room", "Eigener Raum oder fester Platz", "Own room or desk"),
                OptionTemplate("furniture", "Schreibtisch und Stuhl", "Desk and chair"),
                OptionTemplate(
                    "internet",
                    "Internet, auch für Videokonferenzen",
                    "Internet, also for video calls",
                ),
                OptionTemplate(
                    "separation",
                    "Trennung von Beruf und Privatleben",
                    "Keeping work and private life apart",
                ),
            ),
        ),
    ),
)

INTEREST = PageTemplate(
    title="Ihr Interesse",
    title_en="Your interest",
    questions=(COWORKING_INTEREST,),
)

OFFER = PageTemplate(
    title="Was ein Coworking-Space bieten sollte",
    title_en="What a coworking space should offer",
    condition_key="coworking_interest",
    condition_codes=INTERESTED,
    questions=(
        QuestionTemplate(
            key="interest_reasons",
            kind=QuestionKind.MULTIPLE,
            text="Warum wäre ein Arbeitsplatz vor Ort für Sie attraktiv?",
            text_en="What makes a local workplace attractive to you?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            settings={"other": True},
            options=(
                OptionTemplate("shorter_commute", "Kürzerer Arbeitsweg", "A shorter commute"),
                OptionTemplate(
                    "separate_home", "Arbeit und Zuhause trennen", "Keeping work and home apart"
                ),
                OptionTemplate("quiet", "Mehr Ruhe als zu Hause", "More quiet than at home"),
                OptionTemplate("internet", "Besseres Internet", "Better internet"),
                OptionTemplate("people", "Andere Menschen treffen", "Meeting other people"),
                OptionTemplate("meetings", "Räume für Besprechungen", "Rooms for meetings"),
            ),
        ),
        QuestionTemplate(
            key="equipment",
            kind=QuestionKind.MULTIPLE,
            text="Welche Ausstattung brauchen Sie?",
            text_en="What equipment do you need?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            options=(
                OptionTemplate("fast_internet", "Schnelles Internet", "Fast internet"),
                OptionTemplate("monitor", "Zweiter Bildschirm", "Second screen"),
                OptionTemplate("ergonomic", "Ergonomischer Stuhl und Tisch", "Ergonomic desk"),
                OptionTemplate("phone_booth", "Telefonkabine", "Phone booth"),
                OptionTemplate("meeting_room", "Besprechungsraum", "Meeting room"),
                OptionTemplate("printer", "Drucker und Scanner", "Printer and scanner"),
                OptionTemplate("lockers", "Abschließbare Fächer", "Lockers"),
                OptionTemplate("kitchen", "Küche und Kaffee", "Kitchen and coffee"),
                OptionTemplate("bike_parking", "Radstellplätze", "Bicycle parking"),
            ),
        ),
        QuestionTemplate(
            key="days_per_month",
            kind=QuestionKind.NUMBER,
            text="An wie vielen Tagen im Monat würden Sie dort arbeiten?",
            text_en="On how many days a month would you work there?",
            settings={"min": 0, "max": 31, "unit": "Tage", "unit_en": "days", "integer": True},
        ),
        QuestionTemplate(
            key="opening_hours",
            kind=QuestionKind.MULTIPLE,
            text="Zu welchen Zeiten würden Sie den Arbeitsplatz nutzen?",
            text_en="At what times would you use the workplace?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            options=(
                OptionTemplate("early", "Früh, vor 8 Uhr", "Early, before 8 am"),
                OptionTemplate("daytime", "Tagsüber, 8 bis 18 Uhr", "Daytime, 8 am to 6 pm"),
                OptionTemplate("evening", "Abends, nach 18 Uhr", "Evenings, after 6 pm"),
                OptionTemplate("weekend", "Am Wochenende", "At weekends"),
            ),
        ),
        QuestionTemplate(
            key="day_price",
            kind=QuestionKind.SINGLE,
            text="Was wären Sie bereit, für einen Arbeitsplatz für einen Tag zu zahlen?",
            text_en="What would you be willing to pay for a desk for one day?",
            options=DAY_PRICE_OPTIONS,
        ),
        QuestionTemplate(
            key="reachability",
            kind=QuestionKind.SCALE,
            text="Wie wichtig ist Ihnen, den Arbeitsplatz zu Fuß oder mit dem Rad zu erreichen?",
            text_en="How important is it to you to reach the workplace on foot or by bicycle?",
            settings={
                "min": 1,
                "max": 5,
                "min_label": "unwichtig",
                "max_label": "sehr wichtig",
                "min_label_en": "not important",
                "max_label_en": "very important",
                "dont_know": False,
            },
        ),
    ),
)

FINALLY = PageTemplate(
    title="Zum Schluss",
    title_en="Finally",
    questions=(
        QuestionTemplate(
            key="wishes",
            kind=QuestionKind.LONG_TEXT,
            text="Was sollte ein Coworking-Space in {town} sonst noch bieten?",
            text_en="What else should a coworking space in {town} offer?",
            help="Bitte keine Namen oder Adressen.",
            help_en="Please do not give names or addresses.",
            settings={"max_length": 2000},
        ),
        AGE_GROUP,
    ),
)

COWORKING = SurveyTemplate(
    key="coworking",
    version=2,
    title="Coworking-Bedarf in {town}",
    title_en="Demand for coworking in {town}",
    intro=(
        "Braucht {town} einen Ort, an dem man tageweise arbeiten kann, statt zu pendeln oder "
        "am Küchentisch zu sitzen? Mit Ihren Antworten planen wir, ob und wie ein "
        "Coworking-Space entstehen soll.\n\n"
        "Die Befragung dauert etwa fünf Minuten. Alle Fragen sind freiwillig, Ihre Antworten "
        "sind anonym. Ergebnisse veröffentlichen wir nur zusammengefasst."
    ),
    intro_en=(
        "Does {town} need a place where you can work by the day instead of commuting or "
        "sitting at the kitchen table? Your answers help us plan whether and how a coworking "
        "space should be set up.\n\n"
        "The survey takes about five minutes. All questions are optional and your answers are "
        "anonymous. We only publish results in summary."
    ),
    pages=(YOUR_WORK, AT_HOME, INTEREST, OFFER, FINALLY),
)
