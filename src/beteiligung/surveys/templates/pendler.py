"""Pendlerbefragung: how people get to work, and what would keep them working in town.

Built on the Mikrozensus bands for distance and time (so that results sit next to official
figures) and on "third place" surveys for home office and coworking. All questions are
optional; people not in work skip the commuting and home-office pages (who leaves the
question about work out sees them), and only people at least "maybe" interested in
coworking get the questions about it.

Version 2 (version 1 stays with the surveys made from it): the commuting pages also for
people who skip the first question; the coworking questions on their own page after the
interest; "Nichts davon" excludes the other answers; the home's suitability on the same
scale direction as every other rating (1 = gar nicht, 5 = sehr gut), under a new key, since
its answers mean the opposite of version 1's.
"""

from __future__ import annotations

from beteiligung.surveys.models import QuestionKind
from beteiligung.surveys.templates.base import (
    AGE_GROUP,
    COWORKING_INTEREST,
    DAY_PRICE_OPTIONS,
    HOME_DISTRICT,
    WORK_STATUS,
    WORKING_OR_UNANSWERED,
    OptionTemplate,
    PageTemplate,
    QuestionTemplate,
    SurveyTemplate,
)

INTERESTED = ("yes_regularly", "yes_occasionally", "maybe")

DISTANCE_OPTIONS = (
    OptionTemplate("km_0_5", "Unter 5 km", "Under 5 km"),
    OptionTemplate("km_5_10", "5 bis unter 10 km", "5 to under 10 km"),
    OptionTemplate("km_10_25", "10 bis unter 25 km", "10 to under 25 km"),
    OptionTemplate("km_25_50", "25 bis unter 50 km", "25 to under 50 km"),
    OptionTemplate("km_50_plus", "50 km und mehr", "50 km or more"),
)

COMMUTE = PageTemplate(
    title="Ihr Arbeitsweg",
    title_en="Your commute",
    condition_key="work_status",
    condition_codes=WORKING_OR_UNANSWERED,
    questions=(
        QuestionTemplate(
            key="work_place",
            kind=QuestionKind.SINGLE,
            text="Wo liegt Ihr Hauptarbeitsort?",
            text_en="Where is your main place of work?",
            help="Bei Ausbildung oder Studium: die Schule oder Hochschule.",
            help_en="If you are in training or studying: your school or university.",
            options=(
                OptionTemplate("in_town", "In {town}", "In {town}"),
                OptionTemplate("neighbour", "In einer Nachbargemeinde", "In a neighbouring town"),
                OptionTemplate(
                    "city",
                    "In der nächsten Großstadt",
                    "In the nearest city",
                ),
                OptionTemplate("elsewhere", "Anderswo", "Somewhere else"),
                OptionTemplate("varying", "An wechselnden Orten", "At changing places"),
            ),
        ),
        QuestionTemplate(
            key="commute_distance",
            kind=QuestionKind.SINGLE,
            text="Wie weit ist Ihr Arbeitsweg (einfache Strecke)?",
            text_en="How far is your commute (one way)?",
            options=DISTANCE_OPTIONS,
        ),
        QuestionTemplate(
            key="commute_time",
            kind=QuestionKind.SINGLE,
            text="Wie lange brauchen Sie dafür (einfach, von Tür zu Tür)?",
            text_en="How long does it take you (one way, door to door)?",
            options=(
                OptionTemplate("min_0_10", "Unter 10 Minuten", "Under 10 minutes"),
                OptionTemplate("min_10_30", "10 bis unter 30 Minuten", "10 to under 30 minutes"),
                OptionTemplate("min_30_60", "30 bis unter 60 Minuten", "30 to under 60 minutes"),
                OptionTemplate("min_60_plus", "Eine Stunde und länger", "An hour or more"),
            ),
        ),
        QuestionTemplate(
            key="commute_mode",
            kind=QuestionKind.SINGLE,
            text="Womit legen Sie den Arbeitsweg meistens zurück?",
            text_en="How do you usually get to work?",
            help="Bei mehreren Verkehrsmitteln: das für die längste Strecke, oder „Kombination“.",
            help_en="If you use several: the one for the longest part, or “combination”.",
            options=(
                OptionTemplate("car_alone", "Mit dem Auto, allein", "By car, alone"),
                OptionTemplate("carpool", "In einer Fahrgemeinschaft", "Car sharing a ride"),
                OptionTemplate("bus", "Mit dem Bus", "By bus"),
                OptionTemplate(
                    "train", "Mit Regionalzug oder S-Bahn", "By regional or suburban train"
                ),
                OptionTemplate("bike", "Mit dem Fahrrad oder E-Bike", "By bicycle or e-bike"),
                OptionTemplate("walk", "Zu Fuß", "On foot"),
                OptionTemplate(
                    "combined", "Kombiniert, z. B. Rad und Zug", "Combined, e.g. bicycle and train"
                ),
                OptionTemplate("other_mode", "Anders", "Some other way"),
            ),
        ),
        QuestionTemplate(
            key="commute_days",
            kind=QuestionKind.SINGLE,
            text="An wie vielen Tagen pro Woche fahren Sie zu Ihrer Arbeitsstätte?",
            text_en="On how many days a week do you travel to your workplace?",
            options=(
                OptionTemplate("days_0", "An keinem", "None"),
                OptionTemplate("days_1", "1 Tag", "1 day"),
                OptionTemplate("days_2", "2 Tage", "2 days"),
                OptionTemplate("days_3", "3 Tage", "3 days"),
                OptionTemplate("days_4", "4 Tage", "4 days"),
                OptionTemplate("days_5_plus", "5 Tage oder mehr", "5 days or more"),
            ),
        ),
    ),
)

HOME_OFFICE = PageTemplate(
    title="Arbeiten von zu Hause",
    title_en="Working from home",
    condition_key="work_status",
    condition_codes=WORKING_OR_UNANSWERED,
    questions=(
        QuestionTemplate(
            key="home_office_days",
            kind=QuestionKind.SINGLE,
            text="An wie vielen Tagen pro Woche dürften Sie mobil oder von zu Hause arbeiten?",
            text_en="On how many days a week would you be allowed to work remotely or from home?",
            options=(
                OptionTemplate("days_0", "An keinem", "None"),
                OptionTemplate("days_1", "1 Tag", "1 day"),
                OptionTemplate("days_2", "2 Tage", "2 days"),
                OptionTemplate("days_3", "3 Tage", "3 days"),
                OptionTemplate("days_4", "4 Tage", "4 days"),
                OptionTemplate("days_5", "5 Tage", "5 days"),
                OptionTemplate("dont_know", "Weiß nicht", "Don't know"),
            ),
        ),
        QuestionTemplate(
            key="home_suitability_rating",
            kind=QuestionKind.SCALE,
            text="Wie gut eignet sich Ihr Zuhause zum Arbeiten?",
            text_en="How well suited is your home for working?",
            help="Denken Sie an Ruhe, Platz und Internetverbindung.",
            help_en="Think of quiet, space and the internet connection.",
            settings={
                "min": 1,
                "max": 5,
                "min_label": "gar nicht",
                "max_label": "sehr gut",
                "min_label_en": "not at all",
                "max_label_en": "very well",
                "dont_know": False,
            },
        ),
        QuestionTemplate(
            key="local_work_helps",
            kind=QuestionKind.MULTIPLE,
            text="Was würde Ihnen am meisten helfen, häufiger in {town} zu arbeiten?",
            text_en="What would help you most to work in {town} more often?",
            # No help text: the page says "Höchstens 3 Antworten." from the setting.
            settings={"max_choices": 3},
            options=(
                OptionTemplate(
                    "employer_consent",
                    "Zustimmung meines Arbeitgebers",
                    "My employer's consent",
                ),
                OptionTemplate("coworking", "Ein Coworking-Angebot", "A coworking space"),
                OptionTemplate(
                    "better_internet", "Besseres Internet zu Hause", "Better internet at home"
                ),
                OptionTemplate("local_jobs", "Passende Stellen vor Ort", "Suitable local jobs"),
                OptionTemplate("childcare", "Bessere Kinderbetreuung", "Better childcare"),
                OptionTemplate("nothing", "Nichts davon", "None of these", exclusive=True),
            ),
        ),
        COWORKING_INTEREST,
    ),
)

COWORKING = PageTemplate(
    title="Coworking in {town}",
    title_en="Coworking in {town}",
    condition_key="coworking_interest",
    condition_codes=INTERESTED,
    questions=(
        QuestionTemplate(
            key="coworking_days",
            kind=QuestionKind.SINGLE,
            text="An wie vielen Tagen im Monat würden Sie dort arbeiten?",
            text_en="On how many days a month would you work there?",
            options=(
                OptionTemplate("days_1_2", "1 bis 2 Tage", "1 to 2 days"),
                OptionTemplate("days_3_5", "3 bis 5 Tage", "3 to 5 days"),
                OptionTemplate("days_6_10", "6 bis 10 Tage", "6 to 10 days"),
                OptionTemplate("days_10_plus", "Mehr als 10 Tage", "More than 10 days"),
            ),
        ),
        QuestionTemplate(
            key="coworking_needs",
            kind=QuestionKind.MULTIPLE,
            text="Was wäre Ihnen an einem Arbeitsplatz in {town} wichtig?",
            text_en="What would matter to you in a workplace in {town}?",
            help="Mehrere Antworten möglich.",
            help_en="Choose all that apply.",
            options=(
                OptionTemplate("fast_internet", "Schnelles Internet", "Fast internet"),
                OptionTemplate("quiet_desks", "Ruhige Einzelplätze", "Quiet individual desks"),
                OptionTemplate(
                    "meeting_room", "Besprechungs- oder Telefonraum", "Meeting or phone room"
                ),
                OptionTemplate("printing", "Drucken und Scannen", "Printing and scanning"),
                OptionTemplate("kitchen", "Kaffee und Küche", "Coffee and kitchen"),
                OptionTemplate("long_hours", "Lange Öffnungszeiten", "Long opening hours"),
                OptionTemplate("childcare", "Kinderbetreuung in der Nähe", "Childcare nearby"),
                OptionTemplate("parking", "Park- und Radstellplätze", "Car and bicycle parking"),
                OptionTemplate("near_station", "Nähe zum Bahnhof", "Close to the station"),
                OptionTemplate(
                    "community", "Gemeinschaft und Veranstaltungen", "Community and events"
                ),
            ),
        ),
        QuestionTemplate(
            key="day_price",
            kind=QuestionKind.SINGLE,
            text="Was wären Sie bereit, für einen Arbeitsplatz für einen Tag zu zahlen?",
            text_en="What would you be willing to pay for a desk for one day?",
            options=DAY_PRICE_OPTIONS,
        ),
    ),
)

TOWN_AND_YOU = PageTemplate(
    title="Innenstadt und Angaben zu Ihnen",
    title_en="Town centre and about you",
    questions=(
        QuestionTemplate(
            key="centre_rating",
            kind=QuestionKind.SCALE,
            text="Wie bewerten Sie die Innenstadt von {town} als Ort zum Arbeiten und Verweilen?",
            text_en="How do you rate the centre of {town} as a place to work and spend time?",
            settings={
                "min": 1,
                "max": 5,
                "min_label": "sehr schlecht",
                "max_label": "sehr gut",
                "min_label_en": "very poor",
                "max_label_en": "very good",
                "dont_know": True,
            },
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
            ),
        ),
        AGE_GROUP,
        HOME_DISTRICT,
    ),
)

PENDLERBEFRAGUNG = SurveyTemplate(
    key="pendlerbefragung",
    version=2,
    title="Pendlerbefragung {town}",
    title_en="Commuter survey {town}",
    intro=(
        "Wie kommen Sie zur Arbeit, und was würde Ihnen helfen, öfter in {town} zu arbeiten? "
        "Ihre Antworten helfen uns, Angebote wie einen Coworking-Space und eine lebendige "
        "Innenstadt zu planen.\n\n"
        "Die Befragung dauert etwa fünf Minuten. Alle Fragen sind freiwillig. Sie antworten "
        "anonym: Wir speichern weder Ihren Namen noch Ihre IP-Adresse. Ergebnisse "
        "veröffentlichen wir nur zusammengefasst und nie für Gruppen unter fünf Personen."
    ),
    intro_en=(
        "How do you get to work, and what would help you work in {town} more often? Your "
        "answers help us plan things like a coworking space and a lively town centre.\n\n"
        "The survey takes about five minutes. All questions are optional. You answer "
        "anonymously: we store neither your name nor your IP address. We only publish "
        "results in summary, never for groups of fewer than five people."
    ),
    pages=(
        PageTemplate(title="Ihre Tätigkeit", title_en="Your occupation", questions=(WORK_STATUS,)),
        COMMUTE,
        HOME_OFFICE,
        COWORKING,
        TOWN_AND_YOU,
    ),
)
