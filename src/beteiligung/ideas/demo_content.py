"""Demo data: ideas that residents of the five pilot towns might have submitted.

Made up for trying out the idea collection on "digital work" (coworking, commuting, a
livelier town centre, empty shops, digital infrastructure, work and health). The texts are
German because they stand for what residents write, not for the user interface, so they
are not translated. Places are the towns' Ortsteile from the survey demo profiles; names
are invented first names. `validate()` checks the data against the rules below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_KEYS = ("coworking", "pendeln", "innenstadt", "leerstand", "infrastruktur", "gesundheit")
# Coworking & digitales Arbeiten, Pendeln & Mobilität, Innenstadt beleben, Leerstand nutzen,
# Digitale Infrastruktur, Arbeit & Gesundheit

STATUSES = (
    "submitted",
    "published",
    "rejected",
    "in_review",
    "planned",
    "in_implementation",
    "implemented",
    "not_pursued",
)
# Statuses whose latest change must carry a public note.
NOTE_REQUIRED = (
    "rejected",
    "in_review",
    "planned",
    "in_implementation",
    "implemented",
    "not_pursued",
)


@dataclass(frozen=True)
class DemoComment:
    body: str  # 1-4 sentences, 20..600 chars
    author: str = ""  # optional first name or "" (shown as anonymous)
    days_ago: int = 0  # < the idea's days_ago
    reports: int = 0  # how many browsers reported it
    hidden_reason: str = ""  # non-empty for a comment a moderator hid


@dataclass(frozen=True)
class DemoIdea:
    key: str  # stable short slug unique within the town, e.g. "coworking-bahnhof"
    title: str  # 10..120 chars
    body: str  # 80..1500 chars, can have a blank line between paragraphs
    field: str  # one of FIELD_KEYS
    status: str  # one of STATUSES
    days_ago: int  # 3..330, when submitted
    place: str = ""
    status_note: str = ""  # public note of the latest status change
    official_answer: str = ""  # the town's official answer, 2-6 sentences, formal "Sie"
    supporters: int = 0  # 0..140
    comments: tuple[DemoComment, ...] = ()
    merged_into: str = ""  # key of another idea of the same town this one duplicates
    email_notices: bool = False  # the author left an e-mail for notices


_WITTENBERGE = (
    DemoIdea(
        key="coworking-bahnhof",
        title="Coworking-Plätze am Bahnhof für Pendlerinnen und Pendler",
        body=(
            "Viele hier fahren mit dem ICE oder dem Regionalexpress nach Berlin oder Hamburg, "
            "aber längst nicht mehr jeden Tag. An den anderen Tagen sitzen wir am Küchentisch. "
            "Ein paar gute Arbeitsplätze direkt am Bahnhof wären ideal: Wer doch spontan ins "
            "Büro muss, ist in fünf Minuten am Gleis.\n\n"
            "Es bräuchte nicht viel: zehn Schreibtische, schnelles Internet, eine "
            "Telefonkabine und einen Kaffeeautomaten. Abgerechnet wird per Tageskarte, gern "
            "auch über den Arbeitgeber."
        ),
        field="coworking",
        status="planned",
        days_ago=284,
        place="Kernstadt",
        status_note=(
            "Der Hauptausschuss hat die Einrichtung von zunächst zehn Arbeitsplätzen in "
            "Bahnhofsnähe beschlossen; die Raumsuche läuft."
        ),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag, der auch in der Pendlerbefragung häufig genannt "
            "wurde. Die Stadt hat die Idee in ihr Handlungskonzept aufgenommen und prüft "
            "derzeit zwei Räume in Bahnhofsnähe. Wir streben an, die Arbeitsplätze im "
            "kommenden Frühjahr zu eröffnen. Über den weiteren Verlauf informieren wir Sie an "
            "dieser Stelle."
        ),
        supporters=118,
        comments=(
            DemoComment(
                "Sehr gute Idee! Ich fahre zweimal die Woche nach Berlin, an den übrigen Tagen "
                "wäre ich sofort dabei.",
                "Sandra",
                270,
            ),
            DemoComment(
                "Wichtig wären Öffnungszeiten ab 6 Uhr, sonst bringt das allen, die den frühen "
                "Zug nehmen, wenig.",
                "",
                251,
            ),
            DemoComment(
                "Beim Summer of Pioneers hat man doch gesehen, dass so etwas in Wittenberge "
                "funktioniert. Bitte nicht wieder bei null anfangen.",
                "Jens",
                240,
            ),
            DemoComment(
                "Und wer bezahlt das am Ende? Die Steuerzahler, die selbst gar kein Homeoffice "
                "haben.",
                "",
                230,
                reports=1,
            ),
            DemoComment("Schön, dass es vorangeht. Gibt es schon einen Zeitplan?", "Anja", 40),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="arbeitsplaetze-bahnhof",
        title="Arbeitsplätze am Bahnhof für Leute, die nur manchmal nach Berlin fahren",
        body=(
            "Ich arbeite drei Tage die Woche von zu Hause, aber mit zwei Kindern ist das "
            "schwierig. Ein Büro am Bahnhof, in dem man tageweise einen Platz mieten kann, "
            "würde mir sehr helfen. Gern auch mit Schließfächern."
        ),
        field="coworking",
        status="published",
        days_ago=188,
        place="Kernstadt",
        status_note=(
            "Zusammengeführt mit der Idee „Coworking-Plätze am Bahnhof für Pendlerinnen und "
            "Pendler“; bitte unterstützen Sie die Idee dort."
        ),
        supporters=9,
        merged_into="coworking-bahnhof",
        email_notices=True,
    ),
    DemoIdea(
        key="naehmaschinenwerk-hallen",
        title="Leere Hallen der alten Nähmaschinenfabrik für Werkstätten und Büros nutzen",
        body=(
            "Das Gelände der früheren Singer- und Veritas-Nähmaschinenfabrik mit dem Uhrturm "
            "ist ein Wahrzeichen der Stadt. In einigen Gebäuden stehen nach meinem Eindruck "
            "aber Flächen leer. Dort wäre Platz für kleine Firmen, Handwerker, Start-ups und "
            "ein Coworking mit Werkstatt.\n\n"
            "Die Stadt könnte die Eigentümer und Interessierte an einen Tisch holen und einen "
            "Ankermieter suchen. Andere Städte haben mit alten Industriegebäuden gute "
            "Erfahrungen gemacht, warum nicht auch wir?"
        ),
        field="leerstand",
        status="in_review",
        days_ago=215,
        place="Kernstadt",
        status_note=(
            "Die Stadt klärt mit den Eigentümern, welche Flächen grundsätzlich verfügbar wären "
            "und welche Auflagen gelten."
        ),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag. Das ehemalige Nähmaschinenwerk ist für die "
            "Stadtentwicklung von großer Bedeutung. Die Stadt ist dabei auf die Mitwirkung der "
            "jeweiligen Eigentümer angewiesen und führt derzeit Gespräche. Parallel prüfen wir "
            "Fördermöglichkeiten für eine gewerbliche Zwischennutzung. Sobald es belastbare "
            "Ergebnisse gibt, berichten wir hier."
        ),
        supporters=74,
        comments=(
            DemoComment(
                "Der Uhrturm ist ein Wahrzeichen, da gehört Leben drumherum. Ich hätte Interesse "
                "an einer kleinen Werkstatt.",
                "Mirko",
                200,
            ),
            DemoComment(
                "Bitte an die Heizkosten denken. Alte Hallen im Winter warm zu bekommen, ist "
                "teuer.",
                "",
                170,
            ),
            DemoComment(
                "Meine Oma hat dort noch Nähmaschinen gebaut. Schön wäre eine kleine "
                "Ausstellung dazu.",
                "Petra",
                150,
            ),
        ),
    ),
    DemoIdea(
        key="arbeiten-am-hafen",
        title="Draußen arbeiten an der Elbe: Tische, Strom und WLAN am Hafen",
        body=(
            "Im Sommer ist es am Hafen wunderschön. Warum nicht ein paar überdachte Tische mit "
            "Steckdosen und WLAN aufstellen? Das wäre etwas für Leute im Homeoffice, für "
            "Studierende in den Ferien und für Radtouristen auf dem Elberadweg gleichermaßen."
        ),
        field="infrastruktur",
        status="in_implementation",
        days_ago=260,
        place="Kernstadt",
        status_note=(
            "Die Tische sind bestellt; der WLAN-Zugang wird mit dem Ausbau des städtischen "
            "Hotspots eingerichtet."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee. Die Stadt stellt im Hafenbereich vier überdachte "
            "Tische mit Steckdosen auf und bindet sie an das öffentliche WLAN an. Wir rechnen "
            "damit, dass die Plätze zu Beginn der Sommersaison nutzbar sind."
        ),
        supporters=57,
        comments=(
            DemoComment(
                "Gern auch mit Schatten, in der Sonne sieht man auf dem Laptop nichts.",
                "Lena",
                240,
            ),
            DemoComment(
                "Für Radfahrer auf dem Elberadweg wäre eine Ladestation fürs E-Bike daneben super.",
                "",
                230,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="glasfaser-garsedow",
        title="Glasfaser auch für Garsedow",
        body=(
            "In Garsedow haben wir teilweise nur 16 Mbit. Videokonferenzen brechen ständig ab, "
            "und mein Sohn kann nicht vernünftig für die Uni arbeiten. Wenn die Stadt will, "
            "dass Leute hier wohnen bleiben und von zu Hause arbeiten, muss das Internet "
            "besser werden."
        ),
        field="infrastruktur",
        status="not_pursued",
        days_ago=300,
        place="Garsedow",
        status_note=(
            "Der Glasfaserausbau in den Ortsteilen ist Teil des geförderten Breitbandausbaus "
            "über den Landkreis und wird nicht von der Stadt selbst umgesetzt. Wir haben Ihre "
            "Hinweise an den Landkreis weitergegeben."
        ),
        official_answer=(
            "Vielen Dank für Ihren Hinweis. Der geförderte Breitbandausbau im ländlichen Raum "
            "wird über den Landkreis Prignitz koordiniert; die Stadt hat darauf nur begrenzten "
            "Einfluss. Wir haben die betroffenen Adressen in Garsedow gemeldet und um eine "
            "Rückmeldung zum Zeitplan gebeten. Bis dahin können Sie die Versorgung Ihrer "
            "Adresse im Breitbandatlas des Bundes nachsehen."
        ),
        supporters=41,
        comments=(
            DemoComment("In Hinzdorf ist es genauso. Abends geht gar nichts mehr.", "Kai", 280),
            DemoComment(
                "Schade, dass die Stadt das einfach weiterreicht. Trotzdem danke für die "
                "Rückmeldung.",
                "",
                60,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="fahrradboxen-bahnhof",
        title="Abschließbare Fahrradboxen am Bahnhof",
        body=(
            "Ich fahre jeden Morgen mit dem Rad zum Bahnhof und von dort mit dem Zug weiter. "
            "Mein teures E-Bike möchte ich nicht einfach an den Bügel schließen. "
            "Abschließbare Boxen, die man monatsweise mietet, würden sicher viele nutzen."
        ),
        field="pendeln",
        status="implemented",
        days_ago=326,
        place="Kernstadt",
        status_note=(
            "Am Bahnhof stehen jetzt 20 abschließbare Fahrradboxen, die monatsweise gemietet "
            "werden können."
        ),
        official_answer=(
            "Vielen Dank für Ihre Anregung, die wir gern aufgegriffen haben. Die Fahrradboxen "
            "wurden mit Fördermitteln für den Radverkehr beschafft und sind seit dem Frühjahr "
            "in Betrieb. Die Miete beträgt 10 Euro im Monat; die Anmeldung erfolgt im "
            "Bürgerbüro. Sollten die Boxen dauerhaft ausgebucht sein, prüfen wir eine "
            "Erweiterung."
        ),
        supporters=88,
        comments=(
            DemoComment("Endlich! Ich habe mir sofort eine gesichert.", "Ronny", 40),
            DemoComment("Alle 20 Boxen sind schon weg. Bitte erweitern!", "", 20),
            DemoComment(
                "Geht die Anmeldung auch online? Das Bürgerbüro hat zu Zeiten offen, in denen "
                "wir Pendler im Zug sitzen.",
                "Ines",
                18,
            ),
        ),
    ),
    DemoIdea(
        key="fruehbus-bentwisch",
        title="Frühbus aus Bentwisch passend zum ersten Zug nach Berlin",
        body=(
            "Aus Bentwisch kommt man morgens nicht rechtzeitig mit dem Bus zum Bahnhof, "
            "jedenfalls nicht für die frühen Züge. Also fahren alle mit dem Auto, und die "
            "Parkplätze am Bahnhof sind voll. Ein Bus oder Rufbus, der auf die Zugzeiten "
            "abgestimmt ist, wäre eine echte Hilfe."
        ),
        field="pendeln",
        status="in_review",
        days_ago=150,
        place="Bentwisch",
        status_note=(
            "Die Stadt hat den Vorschlag an den Landkreis als Aufgabenträger des Busverkehrs "
            "weitergegeben; eine Antwort steht noch aus."
        ),
        supporters=33,
        comments=(
            DemoComment("Ein Rufbus würde reichen, es muss ja kein großer Bus sein.", "", 140),
            DemoComment("Auch für Schülerinnen und Schüler wäre das praktisch.", "Doreen", 120),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="pop-up-laeden",
        title="Pop-up-Läden: leere Geschäfte drei Monate mietfrei zum Ausprobieren",
        body=(
            "Wer einen Laden eröffnen will, scheut das Risiko eines langen Mietvertrags. Die "
            "Stadt könnte mit Eigentümern vereinbaren, dass leere Läden für drei Monate "
            "mietfrei an Gründerinnen und Gründer gehen, die nur die Nebenkosten zahlen. Wenn "
            "es läuft, wird daraus ein normaler Mietvertrag."
        ),
        field="leerstand",
        status="published",
        days_ago=64,
        place="Kernstadt",
        supporters=29,
        comments=(
            DemoComment(
                "So etwas gibt es in anderen Städten schon, teils mit Förderung vom Land. Da "
                "lohnt es sich nachzufragen.",
                "Tobias",
                50,
            ),
            DemoComment(
                "Die Eigentümer müssen aber mitmachen, und die wohnen oft gar nicht hier.",
                "",
                45,
            ),
        ),
    ),
    DemoIdea(
        key="schaufenster-gruender",
        title="Leere Schaufenster für junge Gründer und Kreative öffnen",
        body=(
            "In der Innenstadt stehen viele Läden leer. Könnte man sie nicht jungen Leuten mit "
            "einer Geschäftsidee für eine Weile günstig überlassen? Dann sieht die Straße "
            "nicht so trostlos aus, und vielleicht entsteht etwas Neues."
        ),
        field="leerstand",
        status="published",
        days_ago=21,
        place="Kernstadt",
        supporters=6,
        email_notices=True,
    ),
    DemoIdea(
        key="feierabendmarkt",
        title="Feierabendmarkt in der Innenstadt am Freitagabend",
        body=(
            "Wer aus Berlin oder Hamburg zurückkommt, findet in der Stadt kaum noch etwas "
            "geöffnet. Ein Feierabendmarkt am Freitag ab 17 Uhr mit Produkten aus der "
            "Prignitz, einem Getränkestand und Musik würde die Innenstadt beleben und Pendler "
            "und Daheimgebliebene zusammenbringen."
        ),
        field="innenstadt",
        status="planned",
        days_ago=240,
        place="Kernstadt",
        status_note=(
            "Ein erster Feierabendmarkt ist für den Sommer geplant; Händlerinnen und Händler "
            "aus der Region werden angefragt."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee. Das Stadtmarketing plant für die Sommermonate einen "
            "Feierabendmarkt an vier Freitagen als Versuch. Wenn Sie selbst als Anbieterin "
            "oder Anbieter teilnehmen möchten, melden Sie sich gern bei der Stadtverwaltung."
        ),
        supporters=102,
        comments=(
            DemoComment(
                "Bitte mit Sitzplätzen und nicht nur Bratwurst, auch mal etwas Vegetarisches.",
                "Maren",
                220,
            ),
            DemoComment(
                "Regionale Anbieter gibt es genug in der Prignitz: Hofläden, Imker, Fischer "
                "von der Elbe.",
                "Uwe",
                210,
            ),
            DemoComment(
                "Dann darf der Markt aber nicht um halb sieben schon vorbei sein, die Züge aus "
                "Berlin kommen ja später.",
                "",
                200,
            ),
            DemoComment(
                "Wer braucht denn so was? Die Läden machen doch schon um 18 Uhr zu, weil keiner "
                "kommt.",
                "",
                190,
                reports=1,
            ),
            DemoComment("Ich freue mich drauf!", "Katrin", 15),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="rueckenkurs-homeoffice",
        title="Bewegte Pause: Rückenkurs für Leute im Homeoffice",
        body=(
            "Seit ich im Homeoffice arbeite, habe ich ständig Rückenschmerzen. Ein Kurs in der "
            "Mittagspause oder am frühen Abend, in einer Turnhalle oder draußen an der Elbe, "
            "wäre toll. Man trifft dort auch andere Leute, die zu Hause arbeiten."
        ),
        field="gesundheit",
        status="implemented",
        days_ago=310,
        status_note=(
            "Der Kurs findet seit Herbst jeden Mittwoch um 12:15 Uhr statt, gemeinsam mit "
            "einem örtlichen Sportverein."
        ),
        supporters=47,
        comments=(
            DemoComment("Bin seit dem ersten Termin dabei, tut richtig gut.", "Sabine", 90),
            DemoComment(
                "Gibt es auch einen Termin am Abend für Leute, die mittags nicht können?",
                "",
                60,
            ),
        ),
    ),
    DemoIdea(
        key="funkloch-elbdeich",
        title="Funkloch auf dem Elbdeich Richtung Hinzdorf",
        body=(
            "Auf dem Deich zwischen der Stadt und Hinzdorf bricht jedes Telefonat ab. Wer dort "
            "Rad fährt oder spazieren geht und erreichbar sein muss, hat ein Problem. Kann die "
            "Stadt die Mobilfunkanbieter darauf ansprechen?"
        ),
        field="infrastruktur",
        status="published",
        days_ago=95,
        place="Hinzdorf",
        supporters=18,
        comments=(DemoComment("Bei mir ist es mit einem anderen Anbieter genauso.", "", 80),),
        email_notices=True,
    ),
    DemoIdea(
        key="mitfahrbaenke",
        title="Mitfahrbänke in den Ortsteilen",
        body=(
            "In Lindenberg und Schadebeuster fährt kaum ein Bus. Mitfahrbänke wären eine "
            "einfache Lösung: Man setzt sich hin, klappt ein Schild mit dem Ziel aus und wird "
            "von Nachbarn mitgenommen. Das kostet fast nichts und funktioniert in anderen "
            "Dörfern gut."
        ),
        field="pendeln",
        status="published",
        days_ago=130,
        place="Lindenberg",
        supporters=24,
        comments=(
            DemoComment("Ich würde mich ehrlich gesagt nicht zu Fremden ins Auto setzen.", "", 110),
            DemoComment("Auf dem Dorf kennt man sich doch. Ich finde die Idee gut.", "Heike", 105),
        ),
    ),
    DemoIdea(
        key="coworking-kinderbetreuung",
        title="Coworking mit Kinderbetreuung für ein paar Stunden",
        body=(
            "Als Alleinerziehende würde ich gern öfter konzentriert arbeiten, aber die Kita "
            "schließt früh. Ein Coworking, in dem nachmittags zwei Stunden jemand auf die "
            "Kinder aufpasst, wäre für mich die Lösung."
        ),
        field="coworking",
        status="submitted",
        days_ago=4,
        place="Kernstadt",
        email_notices=True,
    ),
    DemoIdea(
        key="bibliothek-arbeitsplatz",
        title="Stadtbibliothek als Arbeitsplatz mit längeren Öffnungszeiten",
        body=(
            "Die Bibliothek hat ruhige Tische und WLAN. Wenn sie an zwei Abenden länger "
            "öffnen würde, könnten Schüler, Studierende und Leute im Homeoffice dort arbeiten. "
            "Vielleicht mit Zugang per Bibliotheksausweis, auch wenn kein Personal da ist."
        ),
        field="coworking",
        status="submitted",
        days_ago=7,
        place="Kernstadt",
    ),
    DemoIdea(
        key="a14-schneller",
        title="Die A14 endlich schneller fertigbauen",
        body=(
            "Seit Jahren wird an der A14 gebaut, und wir warten immer noch. Mit der Autobahn "
            "wären wir viel schneller in Magdeburg und Schwerin, und mehr Firmen würden sich "
            "hier ansiedeln. Die Stadt soll Druck machen!"
        ),
        field="pendeln",
        status="rejected",
        days_ago=120,
        status_note=(
            "Vielen Dank für Ihren Beitrag. Für Planung und Bau der A14 sind der Bund und die "
            "Autobahn GmbH zuständig, nicht die Stadt; deshalb können wir die Idee hier nicht "
            "aufnehmen. Die Stadt bringt das Anliegen aber regelmäßig gegenüber Land und Bund "
            "ein."
        ),
        supporters=3,
        email_notices=True,
    ),
    DemoIdea(
        key="fernzuege-morgens",
        title="Mehr Fernzüge am Morgen nach Berlin und Hamburg",
        body=(
            "Der Fernverkehrshalt ist unser größter Standortvorteil. Leider passen die Züge am "
            "Morgen nicht immer zu den Arbeitszeiten, und zurück wird es abends schnell spät. "
            "Die Stadt sollte gemeinsam mit Perleberg und dem Landkreis bei der Bahn für "
            "bessere Zeiten werben.\n\n"
            "Wenn ein Zug mehr am Tag hält, lohnt sich für viele Familien der Umzug hierher."
        ),
        field="pendeln",
        status="published",
        days_ago=170,
        official_answer=(
            "Vielen Dank für Ihre Anregung. Die Fahrpläne im Fernverkehr legt die Deutsche "
            "Bahn fest, im Regionalverkehr das Land Brandenburg. Die Stadt setzt sich "
            "gemeinsam mit dem Landkreis Prignitz für gute Verbindungen ein. Ihre Idee und die "
            "Ergebnisse der Pendlerbefragung bringen wir in die nächsten Gespräche ein."
        ),
        supporters=79,
        comments=(
            DemoComment(
                "Der Regionalexpress ist oft die bessere Wahl, aber morgens sehr voll.",
                "Dirk",
                160,
            ),
            DemoComment(
                "Und am Wochenende ist die letzte Verbindung aus Hamburg viel zu früh.", "", 150
            ),
            DemoComment(
                "Genau deshalb sind wir damals hergezogen: in gut einer Stunde in Berlin.",
                "Nadine",
                140,
            ),
            DemoComment(
                "Bitte auch an die Pendler nach Perleberg denken, nicht nur an Berlin.", "", 100
            ),
        ),
    ),
    DemoIdea(
        key="stammtisch-rueckkehrer",
        title="Monatlicher Stammtisch für Rückkehrer, Zugezogene und Remote-Arbeitende",
        body=(
            "Es ziehen wieder mehr Leute nach Wittenberge, viele arbeiten remote für Firmen in "
            "Berlin oder Hamburg. Ein fester Abend im Monat, an dem man sich austauscht, Jobs "
            "und Aufträge vermittelt und Neue willkommen heißt, würde helfen, hier anzukommen."
        ),
        field="coworking",
        status="in_implementation",
        days_ago=200,
        status_note=(
            "Der erste Stammtisch hat stattgefunden; die Termine erscheinen künftig im "
            "Veranstaltungskalender der Stadt."
        ),
        supporters=36,
        comments=(
            DemoComment("War beim ersten Treffen, sehr nette Runde. Gern wieder!", "Felix", 30),
            DemoComment(
                "Bitte nicht nur für Zugezogene, auch wir Alteingesessenen arbeiten im Homeoffice.",
                "Gabi",
                28,
            ),
            DemoComment(
                "Noch mehr Großstädter, die uns die Wohnungen wegkaufen. Nein danke, bleibt "
                "doch, wo ihr herkommt.",
                "",
                25,
                reports=2,
                hidden_reason="Pauschale Abwertung einer Personengruppe entfernt",
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="mit-dem-rad-zum-zug",
        title="Mit dem Rad zum Zug: Aktion „Pendeln und bewegen“",
        body=(
            "Viele fahren die kurze Strecke zum Bahnhof mit dem Auto. Eine Aktion wie das "
            "Stadtradeln, nur für Pendler, mit einem Frühstück am Bahnhof für alle, die mit dem "
            "Rad kommen, würde motivieren und nebenbei etwas für die Gesundheit tun."
        ),
        field="gesundheit",
        status="published",
        days_ago=45,
        place="Kernstadt",
        supporters=12,
        comments=(DemoComment("Frühstück am Bahnhof um sechs, da bin ich dabei.", "", 30),),
    ),
    DemoIdea(
        key="oelmuehle-innenstadt",
        title="Die Innenstadt mit der Ölmühle und dem Elbufer besser verbinden",
        body=(
            "Die Alte Ölmühle am Hafen zieht viele Besucher an, aber die wenigsten finden "
            "danach den Weg in die Innenstadt. Eine bessere Beschilderung, ein durchgehender "
            "Weg mit Bänken und ein Stadtplan mit Cafés und Läden würden helfen, dass Gäste "
            "und Einheimische beides verbinden."
        ),
        field="innenstadt",
        status="published",
        days_ago=110,
        place="Kernstadt",
        supporters=27,
        comments=(
            DemoComment("Gute Idee, auch für die Radtouristen vom Elberadweg.", "Claudia", 90),
            DemoComment(
                "Wenn die Läden dann auch offen hätten, wäre das schön. Sonntags ist alles zu.",
                "",
                85,
            ),
        ),
        email_notices=True,
    ),
)

_MOELLN = (
    DemoIdea(
        key="coworking-sportverein",
        title="Mehr Plätze im Coworking beim Sportverein",
        body=(
            "Das Coworking beim Sportverein ist ein echter Erfolg: Es trägt sich inzwischen "
            "selbst, und dienstags bis donnerstags ist kaum noch ein Platz frei. Schön wäre ein "
            "zweiter Raum, am besten mit einer kleinen Telefonkabine. Vielleicht kann die "
            "Stadt bei der Suche nach einem Nachbarraum oder einem Anbau helfen.\n\n"
            "Nebenbei: Nach der Arbeit direkt zum Training, das ist für viele von uns der "
            "eigentliche Vorteil."
        ),
        field="coworking",
        status="in_implementation",
        days_ago=250,
        status_note=(
            "Der Verein richtet mit Unterstützung der Stadt einen zweiten Raum mit acht "
            "Plätzen und einer Telefonkabine ein."
        ),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag. Das Coworking des Sportvereins zeigt, dass ein "
            "solches Angebot in Mölln wirtschaftlich tragfähig sein kann. Die Stadt "
            "unterstützt die Erweiterung mit einem Zuschuss für die Ausstattung; der Betrieb "
            "bleibt beim Verein. Die neuen Plätze sollen nach dem Umbau buchbar sein."
        ),
        supporters=91,
        comments=(
            DemoComment(
                "Ich bin Mitglied und nutze den Raum zweimal die Woche. Kann ich nur empfehlen.",
                "Birte",
                240,
            ),
            DemoComment("Muss man Vereinsmitglied sein, um dort zu arbeiten?", "", 230),
            DemoComment(
                "Soweit ich weiß nicht, Tageskarten gibt es auch für Nichtmitglieder.",
                "Birte",
                229,
            ),
            DemoComment("Klasse, dass es so schnell weitergeht!", "Hauke", 20),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="coworking-altstadt",
        title="Ein zweiter Coworking-Standort in der Altstadt",
        body=(
            "Das Angebot beim Sportverein ist toll, aber wer in der Altstadt wohnt oder mit "
            "dem Zug ankommt, hätte gern etwas Zentrales. In der Altstadt stehen einige "
            "Ladenlokale leer. Ein Coworking dort würde auch den Cafés und Geschäften rund um "
            "den Markt neue Kundschaft bringen."
        ),
        field="coworking",
        status="in_review",
        days_ago=180,
        place="Altstadt",
        status_note=(
            "Die Stadt prüft zwei leerstehende Ladenlokale in der Altstadt und spricht mit dem "
            "Sportverein über eine gemeinsame Trägerschaft."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee, die gut zu den Ergebnissen der Pendlerbefragung passt. "
            "Ein zentraler Arbeitsort könnte zugleich die Altstadt beleben. Wir prüfen derzeit "
            "Räume und Kosten und stimmen uns mit dem Sportverein ab, damit sich die beiden "
            "Angebote ergänzen."
        ),
        supporters=64,
        comments=(
            DemoComment(
                "Mittags in der Altstadt essen gehen statt am Schreibtisch, das wäre schön.",
                "",
                170,
            ),
            DemoComment(
                "Bitte mit Fahrradständern, in der Altstadt ist das oft schwierig.", "Jonas", 160
            ),
        ),
    ),
    DemoIdea(
        key="coworking-mitten-drin",
        title="Coworking mitten in der Altstadt statt am Stadtrand",
        body=(
            "Ich wünsche mir einen Ort zum Arbeiten in der Altstadt, nahe am Markt. Dort ist "
            "es schön, und man kann die Mittagspause am See verbringen."
        ),
        field="coworking",
        status="published",
        days_ago=120,
        place="Altstadt",
        status_note=(
            "Zusammengeführt mit der gleichlautenden Idee „Ein zweiter Coworking-Standort in "
            "der Altstadt“."
        ),
        supporters=7,
        merged_into="coworking-altstadt",
    ),
    DemoIdea(
        key="eulenspiegel-werkstatt",
        title="Eulenspiegel-Werkstatt für Kinder in einem leeren Laden",
        body=(
            "Mölln ist die Eulenspiegelstadt, aber für Kinder gibt es in der Altstadt wenig zu "
            "tun. In einem leeren Laden könnte eine Werkstatt entstehen, in der Kinder basteln, "
            "Theater spielen und Streiche erfinden, betreut von Ehrenamtlichen. Eltern im "
            "Homeoffice hätten am Nachmittag zwei Stunden Luft, und die Altstadt wäre "
            "belebter."
        ),
        field="leerstand",
        status="planned",
        days_ago=230,
        place="Altstadt",
        status_note=(
            "Die Werkstatt soll als Zwischennutzung in einem Ladenlokal in der Altstadt "
            "starten; ein Träger und Ehrenamtliche werden gesucht."
        ),
        official_answer=(
            "Vielen Dank für Ihre schöne Idee, die gut zu Mölln als Eulenspiegelstadt passt. "
            "Die Stadt hat ein geeignetes Ladenlokal für eine Zwischennutzung in Aussicht und "
            "sucht gemeinsam mit dem Stadtmarketing einen Träger. Wer sich ehrenamtlich "
            "beteiligen möchte, kann sich gern im Rathaus melden."
        ),
        supporters=84,
        comments=(
            DemoComment(
                "Meine Kinder wären begeistert. Ich würde auch mal einen Nachmittag betreuen.",
                "Wiebke",
                220,
            ),
            DemoComment("Schön wäre eine Verbindung zum Eulenspiegel-Museum.", "", 200),
            DemoComment(
                "Bitte auch an Kinder aus Familien mit wenig Geld denken, also kostenlos.",
                "Sven",
                190,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="leerstandskarte",
        title="Öffentliche Karte aller leerstehenden Ladenflächen",
        body=(
            "Wer in Mölln einen Laden oder ein kleines Büro sucht, muss sich mühsam "
            "durchfragen. Eine Karte auf der Website der Stadt mit allen freien Flächen, "
            "Größe, Miete und Ansprechperson würde Gründern und Eigentümern helfen."
        ),
        field="leerstand",
        status="implemented",
        days_ago=300,
        status_note=(
            "Die Leerstandskarte ist online und wird vom Stadtmarketing monatlich aktualisiert."
        ),
        supporters=53,
        comments=(DemoComment("Super, da stehen ja schon einige Flächen drin.", "", 40),),
    ),
    DemoIdea(
        key="direkt-nach-hamburg",
        title="Direkte Züge nach Hamburg ohne Umsteigen in Büchen",
        body=(
            "Wer mit dem Zug nach Hamburg pendelt, muss in Büchen umsteigen, und wenn der "
            "Anschluss nicht klappt, verliert man schnell eine halbe Stunde. Ein paar direkte "
            "Züge am Morgen und am Abend würden viele vom Auto auf der A24 wegholen."
        ),
        field="pendeln",
        status="not_pursued",
        days_ago=290,
        status_note=(
            "Den Regionalverkehr auf der Schiene bestellt das Land Schleswig-Holstein über "
            "NAH.SH, nicht die Stadt. Wir haben das Anliegen weitergegeben; direkte Züge sind "
            "nach dortiger Auskunft derzeit nicht vorgesehen."
        ),
        official_answer=(
            "Vielen Dank für Ihre Anregung, die viele Pendlerinnen und Pendler teilen. Da die "
            "Stadt den Schienenverkehr nicht selbst bestellt, können wir die Idee nicht als "
            "eigene Maßnahme weiterführen. Wir haben Ihre Idee und die Ergebnisse der "
            "Pendlerbefragung an NAH.SH übermittelt. Bei künftigen Fahrplanplanungen werden "
            "wir erneut darauf hinweisen."
        ),
        supporters=112,
        comments=(
            DemoComment("Der Anschluss in Büchen klappt morgens eigentlich meistens.", "Arne", 280),
            DemoComment(
                "Meistens ist gut. Abends stand ich letzte Woche zweimal 40 Minuten in Büchen.",
                "",
                275,
            ),
            DemoComment(
                "Schade, aber verständlich. Danke, dass es wenigstens weitergegeben wurde.",
                "Insa",
                50,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="pendlerparkplatz-a24",
        title="Pendlerparkplatz und Fahrgemeinschaftsbörse Richtung A24",
        body=(
            "Jeden Morgen fahren viele allein im Auto Richtung Hamburg. Ein ausgeschilderter "
            "Pendlerparkplatz am Stadtrand und eine einfache Börse auf dieser Plattform, über "
            "die man Fahrgemeinschaften findet, könnten viel bewirken."
        ),
        field="pendeln",
        status="published",
        days_ago=90,
        supporters=38,
        comments=(
            DemoComment(
                "Ich fahre täglich in den Hamburger Osten und würde gern jemanden mitnehmen.",
                "Kerstin",
                80,
            ),
            DemoComment(
                "Fahrgemeinschaften scheitern oft an unterschiedlichen Arbeitszeiten. Trotzdem "
                "einen Versuch wert.",
                "",
                70,
            ),
        ),
    ),
    DemoIdea(
        key="radroute-nord-bahnhof",
        title="Schnelle und sichere Radverbindung aus Mölln-Nord zum Bahnhof",
        body=(
            "Aus Mölln-Nord zum Bahnhof fährt man mit dem Rad über holprige Wege oder an der "
            "Hauptstraße entlang. Eine gut ausgeschilderte, beleuchtete Route würde mehr Leute "
            "dazu bringen, mit Rad und Zug nach Lübeck zu pendeln."
        ),
        field="pendeln",
        status="planned",
        days_ago=210,
        place="Mölln-Nord",
        status_note=(
            "Die Route ist Teil des Radverkehrskonzepts; die Beleuchtung eines ersten "
            "Abschnitts ist für das kommende Jahr eingeplant."
        ),
        supporters=45,
        comments=(DemoComment("Besonders im Winter ist es dort stockdunkel.", "", 200),),
        email_notices=True,
    ),
    DemoIdea(
        key="wlan-marktplatz",
        title="Freies WLAN am Marktplatz und am Eulenspiegel-Brunnen",
        body=(
            "Gäste fragen ständig nach WLAN, und auch wer mal eine Stunde draußen arbeiten "
            "möchte, hätte gern einen Zugang. Ein freies Netz rund um den Marktplatz wäre ein "
            "kleiner Schritt mit großer Wirkung."
        ),
        field="infrastruktur",
        status="implemented",
        days_ago=320,
        place="Altstadt",
        status_note="Das freie WLAN rund um den Marktplatz ist in Betrieb.",
        official_answer=(
            "Vielen Dank für Ihre Anregung. Das WLAN rund um den Marktplatz wurde mit Mitteln "
            "eines Förderprogramms eingerichtet und ist ohne Anmeldung nutzbar. Wir werten "
            "nur die Zahl der Verbindungen aus und prüfen, ob weitere Standorte sinnvoll sind."
        ),
        supporters=67,
        comments=(DemoComment("Funktioniert gut, sogar im Café nebenan.", "Tim", 100),),
    ),
    DemoIdea(
        key="glasfaser-schmalsee",
        title="Glasfaser für die Häuser am Schmalsee",
        body=(
            "Bei uns am Schmalsee ist die Leitung so langsam, dass Videokonferenzen kaum "
            "möglich sind. Andere Straßen haben längst Glasfaser. Wir würden gern wissen, ob "
            "und wann der Ausbau bei uns kommt."
        ),
        field="infrastruktur",
        status="published",
        days_ago=75,
        place="Schmalsee",
        supporters=14,
        comments=(
            DemoComment(
                "In der Nachbarstraße genauso. Hat schon jemand beim Anbieter nachgefragt?",
                "",
                60,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="kneipp-pause",
        title="Kneipp-Pause für Homeoffice-Arbeitende im Kurpark",
        body=(
            "Mölln ist Kneippkurort, aber die meisten von uns nutzen das kaum. Wie wäre es mit "
            "einer geführten Kneipp-Pause am Mittag: 20 Minuten Wassertreten, Armbad, ein paar "
            "Übungen. Das bringt Leute zusammen, die sonst allein am Schreibtisch sitzen."
        ),
        field="gesundheit",
        status="implemented",
        days_ago=270,
        status_note=(
            "Die Kneipp-Pause findet von Mai bis September dienstags um 12:30 Uhr im Kurpark statt."
        ),
        supporters=58,
        comments=(
            DemoComment("Herrlich erfrischend! Bin jeden Dienstag dabei.", "Anke", 60),
            DemoComment("Könnte man das auch nach Feierabend anbieten?", "", 55),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="lauftreff-schulsee",
        title="Lauftreff in der Mittagspause rund um den Schulsee",
        body=(
            "Eine Runde um den Schulsee ist perfekt für die Mittagspause. Ein offener "
            "Lauftreff zweimal die Woche, ohne Anmeldung und für jedes Tempo, würde Leute aus "
            "dem Homeoffice und dem Coworking an die frische Luft holen."
        ),
        field="gesundheit",
        status="published",
        days_ago=50,
        place="Altstadt",
        supporters=19,
        comments=(
            DemoComment("Ich wäre dabei, gern auch als Walkinggruppe.", "", 40),
            DemoComment(
                "Vielleicht kann der Sportverein das zusammen mit dem Coworking anbieten.",
                "Lars",
                35,
            ),
        ),
    ),
    DemoIdea(
        key="mittagstisch-homeoffice",
        title="Gegen die Einsamkeit im Homeoffice: ein gemeinsamer Mittagstisch",
        body=(
            "Seit ich komplett remote arbeite, spreche ich manchmal den ganzen Tag mit niemandem "
            "außer per Video. Ein wöchentlicher Mittagstisch für Leute, die zu Hause arbeiten, "
            "zum Beispiel in einem Café in der Altstadt, wäre eine einfache Sache. Einfach "
            "hingehen, essen, reden.\n\n"
            "Ich glaube, das Thema unterschätzen viele. Allein zu arbeiten ist bequem, aber auf "
            "Dauer nicht gesund."
        ),
        field="gesundheit",
        status="in_review",
        days_ago=140,
        place="Altstadt",
        status_note=(
            "Das Stadtmarketing spricht mit Cafés in der Altstadt über einen festen Tisch an "
            "einem Wochentag."
        ),
        supporters=43,
        comments=(
            DemoComment("Danke, dass das mal jemand ausspricht. Geht mir genauso.", "", 130),
            DemoComment("Ich würde sofort hingehen. Mittwoch wäre gut.", "Maike", 125),
            DemoComment("Vielleicht einfach anfangen, ohne auf die Stadt zu warten?", "Jan", 100),
            DemoComment(
                "Unglaublich, wofür hier Steuergeld ausgegeben werden soll. Geht doch einfach "
                "arbeiten wie normale Menschen.",
                "",
                95,
                reports=2,
                hidden_reason="Abwertende Äußerung entfernt (Netiquette)",
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="langer-donnerstag",
        title="Donnerstags länger geöffnet in der Altstadt",
        body=(
            "Wer nach Hamburg oder Lübeck pendelt, kommt oft erst nach 18 Uhr zurück, dann ist "
            "in der Altstadt alles zu. Wenn sich die Geschäfte auf einen langen Donnerstag bis "
            "20 Uhr einigen, könnten auch Pendler wieder in Mölln einkaufen statt online."
        ),
        field="innenstadt",
        status="published",
        days_ago=100,
        place="Altstadt",
        official_answer=(
            "Vielen Dank für Ihren Vorschlag. Die Öffnungszeiten legen die Geschäfte selbst "
            "fest; die Stadt kann hier nur vermitteln. Wir haben Ihre Idee an das "
            "Stadtmarketing und die Gewerbetreibenden der Altstadt weitergegeben, die sie beim "
            "nächsten Händlertreffen besprechen wollen."
        ),
        supporters=31,
        comments=(
            DemoComment(
                "Als Händlerin sage ich: Wir probieren das gern, aber dann müssen auch Leute "
                "kommen.",
                "Susanne",
                90,
            ),
            DemoComment(
                "Ein langer Donnerstag mit Musik auf dem Markt, dann kommen die Leute auch.",
                "",
                85,
            ),
        ),
    ),
    DemoIdea(
        key="schatten-marktplatz",
        title="Mehr Sitzplätze und Schatten auf dem Marktplatz",
        body=(
            "Der Marktplatz mit dem Eulenspiegel-Brunnen unterhalb von St. Nicolai ist schön, "
            "aber im Sommer gibt es kaum Schatten und zu wenige Bänke. Ein paar Bäume in "
            "Kübeln, Bänke und Sonnensegel würden ihn zu einem Ort machen, an dem man gern "
            "bleibt, auch mit dem Laptop."
        ),
        field="innenstadt",
        status="planned",
        days_ago=190,
        place="Altstadt",
        status_note=(
            "Mobile Bäume und zusätzliche Bänke werden für die kommende Saison beschafft."
        ),
        official_answer=(
            "Vielen Dank für Ihre Anregung. Für die kommende Saison werden mobile Pflanzkübel "
            "mit Bäumen und zusätzliche Bänke angeschafft, die bei Veranstaltungen versetzt "
            "werden können. Ob Sonnensegel in das Bild der historischen Altstadt passen, "
            "stimmen wir mit der Denkmalpflege ab."
        ),
        supporters=56,
        comments=(
            DemoComment("Aber bitte so, dass der Wochenmarkt noch Platz hat.", "", 180),
            DemoComment(
                "Sonnensegel sehen in der historischen Altstadt vielleicht komisch aus.",
                "Gerd",
                175,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="laptop-cafes",
        title="Laptop-freundliche Cafés kennzeichnen",
        body=(
            "Manche Cafés freuen sich über Gäste mit Laptop, andere nicht. Ein kleiner "
            "Aufkleber an der Tür, „Hier darf gearbeitet werden“, und eine Liste auf der "
            "Website der Stadt würden helfen und den Cafés am Vormittag Kundschaft bringen."
        ),
        field="innenstadt",
        status="published",
        days_ago=35,
        place="Altstadt",
        supporters=11,
        comments=(DemoComment("Und bitte mit Angabe, ob es Steckdosen gibt!", "", 20),),
    ),
    DemoIdea(
        key="werkstattladen",
        title="Werkstattladen auf Zeit für Handwerk und Kunsthandwerk",
        body=(
            "Ein leerer Laden in der Altstadt könnte reihum an Handwerkerinnen und "
            "Kunsthandwerker gehen: vorn verkaufen, hinten arbeiten. Jede Woche jemand anderes, "
            "vom Drechsler bis zur Goldschmiedin. Das belebt die Straße und zeigt, was es in "
            "der Region alles gibt."
        ),
        field="leerstand",
        status="published",
        days_ago=160,
        place="Altstadt",
        supporters=26,
        comments=(DemoComment("Ich töpfere und wäre dabei.", "Frauke", 150),),
        email_notices=True,
    ),
    DemoIdea(
        key="zwischennutzung-laeden",
        title="Leere Läden zwischennutzen statt Fenster zukleben",
        body=(
            "Mir fällt auf, wie viele Schaufenster in der Altstadt zugeklebt sind. Könnte man "
            "die Läden nicht für eine Zeit an Handwerker oder Vereine geben, statt sie leer "
            "stehen zu lassen?"
        ),
        field="leerstand",
        status="published",
        days_ago=30,
        place="Altstadt",
        supporters=4,
    ),
    DemoIdea(
        key="ebike-laden-bahnhof",
        title="Ladestation für E-Bikes am Bahnhof",
        body=(
            "Ich fahre mit dem E-Bike zum Bahnhof Mölln. Wenn man dort den Akku laden könnte, "
            "während man in Lübeck arbeitet, würden sich vielleicht mehr Leute trauen, auch "
            "längere Strecken zum Bahnhof mit dem Rad zu fahren."
        ),
        field="pendeln",
        status="submitted",
        days_ago=3,
        email_notices=True,
    ),
    DemoIdea(
        key="telefonkabinen-buecherei",
        title="Schallgeschützte Kabinen für Videocalls in der Stadtbücherei",
        body=(
            "Zum Arbeiten ist die Stadtbücherei ideal, aber sobald ein Videocall ansteht, muss "
            "man hinausgehen. Eine oder zwei schallgeschützte Kabinen würden das lösen. So "
            "etwas gibt es inzwischen fertig zu kaufen."
        ),
        field="coworking",
        status="submitted",
        days_ago=5,
    ),
    DemoIdea(
        key="mobilfunk-moelln-sued",
        title="Schlechter Mobilfunkempfang in Teilen von Mölln-Süd",
        body=(
            "In unserer Straße in Mölln-Süd habe ich im Haus kaum Empfang. Für die "
            "Rufbereitschaft im Homeoffice ist das ein Problem. Gibt es eine Übersicht, wo es "
            "Lücken gibt, und kann die Stadt mit den Netzbetreibern sprechen?"
        ),
        field="infrastruktur",
        status="submitted",
        days_ago=9,
        place="Mölln-Süd",
        email_notices=True,
    ),
    DemoIdea(
        key="bueroflaechen-werbung",
        title="Moderne Büroflächen ab sofort zu vermieten",
        body=(
            "Wir bieten in Mölln moderne Büroflächen ab 20 Quadratmetern mit Glasfaser und "
            "Parkplatz zu fairen Preisen. Ideal für alle, die dem Homeoffice entfliehen wollen, "
            "und für kleine Teams. Kontaktieren Sie uns für eine Besichtigung!"
        ),
        field="leerstand",
        status="rejected",
        days_ago=150,
        status_note=(
            "Vielen Dank für Ihren Beitrag. Die Ideensammlung ist für Vorschläge an die Stadt "
            "gedacht; Werbung für gewerbliche Angebote ist nach unseren Regeln nicht erlaubt. "
            "Freie Flächen können Sie gern für die Leerstandskarte der Stadt melden."
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="recht-auf-homeoffice",
        title="Gesetzliches Recht auf Homeoffice für alle",
        body=(
            "Viele Arbeitgeber erlauben kein Homeoffice, obwohl die Arbeit problemlos von zu "
            "Hause ginge. Es braucht ein Recht auf Homeoffice, damit niemand mehr sinnlos jeden "
            "Tag nach Hamburg fahren muss. Das wäre auch gut für die Gesundheit."
        ),
        field="gesundheit",
        status="rejected",
        days_ago=205,
        status_note=(
            "Vielen Dank für Ihren Beitrag. Ein Recht auf Homeoffice kann nur der "
            "Bundesgesetzgeber schaffen; das liegt außerhalb dessen, was die Stadt entscheiden "
            "kann. Die Stadt kann aber Arbeitsorte vor Ort fördern, dazu finden Sie hier "
            "mehrere Ideen zum Coworking."
        ),
        supporters=2,
    ),
    DemoIdea(
        key="digitalsprechstunde",
        title="Digitalsprechstunde: Hilfe bei Online-Behördengängen und Videocalls",
        body=(
            "Gerade ältere Menschen, aber auch viele andere kommen mit Online-Anträgen und "
            "Videoterminen nicht zurecht. Eine feste Sprechstunde, in der Ehrenamtliche oder "
            "Auszubildende helfen, vielleicht in der Stadtbücherei, würde viel bewirken."
        ),
        field="infrastruktur",
        status="in_implementation",
        days_ago=175,
        status_note=(
            "Die Sprechstunde startet mit Ehrenamtlichen; Räume und Termine werden gerade "
            "abgestimmt."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee. Gemeinsam mit Ehrenamtlichen bereitet die Stadt eine "
            "wöchentliche Digitalsprechstunde vor. Termine und Ort geben wir rechtzeitig hier "
            "und in der Presse bekannt."
        ),
        supporters=39,
        comments=(
            DemoComment("Meine Mutter wäre froh darüber.", "", 160),
            DemoComment("Ich kann gern einmal im Monat helfen.", "Finn", 150),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="licht-am-kanal",
        title="Beleuchtung am Radweg entlang des Elbe-Lübeck-Kanals",
        body=(
            "Wer im Winter mit dem Rad pendelt, fährt am Kanal im Dunkeln. Eine sparsame, "
            "bewegungsgesteuerte Beleuchtung auf den stadtnahen Abschnitten würde den Weg "
            "sicherer machen, ohne die Natur zu stören."
        ),
        field="pendeln",
        status="published",
        days_ago=60,
        supporters=22,
        comments=(
            DemoComment(
                "Bewegungsmelder finde ich gut, dauerhaft hell muss es da nicht sein.", "", 45
            ),
            DemoComment(
                "Fahrradlicht hilft auch. Aber ja, an den Brücken wäre Licht sinnvoll.",
                "Ole",
                40,
            ),
            DemoComment(
                "Was für eine überflüssige Idee, als ob die Stadt keine anderen Probleme hätte.",
                "",
                38,
                reports=1,
            ),
        ),
    ),
)

_DIPPOLDISWALDE = (
    DemoIdea(
        key="coworking-markt",
        title="Coworking-Arbeitsplätze in der Altstadt rund um den Markt",
        body=(
            "Jeden Morgen steht man auf der B170 Richtung Dresden im Stau. Viele könnten zwei, "
            "drei Tage vor Ort arbeiten, wenn es einen ordentlichen Arbeitsplatz gäbe. Zu Hause "
            "klappt das nicht immer, wegen der Kinder oder wegen des schlechten Internets.\n\n"
            "Ein Coworking in der Altstadt, in einem der leeren Häuser am Markt, würde auch den "
            "Geschäften dort helfen. Mittagessen, Bäcker, Einkauf nach der Arbeit: Das Geld "
            "bliebe in Dipps."
        ),
        field="coworking",
        status="in_review",
        days_ago=200,
        place="Kernstadt",
        status_note=(
            "Die Verwaltung prüft Räume am Markt und mögliche Fördermittel des Freistaats."
        ),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag. Die Pendlerbefragung hat gezeigt, dass viele "
            "Beschäftigte aus Dippoldiswalde an einzelnen Tagen vor Ort arbeiten könnten. Wir "
            "prüfen derzeit, welche Räume in der Altstadt geeignet sind, und suchen einen "
            "Betreiber. Über das Ergebnis berichten wir dem Stadtrat und an dieser Stelle."
        ),
        supporters=77,
        comments=(
            DemoComment(
                "Wäre sofort dabei. Ich arbeite für eine Firma in Dresden und darf drei Tage "
                "mobil arbeiten.",
                "Franziska",
                190,
            ),
            DemoComment(
                "Bitte auch Parkplätze mitdenken, aus den Dörfern kommt man nicht mit dem Bus.",
                "",
                180,
            ),
            DemoComment(
                "Ein leerer Laden mit großem Schaufenster wäre ideal, dann sieht man auch, dass "
                "da etwas los ist.",
                "Steffen",
                170,
            ),
            DemoComment("Wer soll das bezahlen? Die Stadt hat doch kein Geld.", "", 160),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="gemeinschaftsbuero-markt",
        title="Gemeinschaftsbüro am Markt für Pendler",
        body=(
            "Ein Gemeinschaftsbüro am Markt wäre gut für alle, die nicht jeden Tag nach Dresden "
            "fahren wollen. Ein paar Schreibtische, gutes Internet, Kaffee. Mehr braucht es "
            "nicht."
        ),
        field="coworking",
        status="published",
        days_ago=95,
        place="Kernstadt",
        status_note=(
            "Zusammengeführt mit „Coworking-Arbeitsplätze in der Altstadt rund um den Markt“; "
            "bitte unterstützen Sie die Idee dort."
        ),
        supporters=5,
        merged_into="coworking-markt",
    ),
    DemoIdea(
        key="spaete-busse-dresden",
        title="Spätere Busse von Dresden zurück nach Dippoldiswalde",
        body=(
            "Wer in Dresden länger arbeitet oder abends noch etwas erledigen will, hat ein "
            "Problem: Die letzten Busse fahren zu früh, danach bleibt nur das Taxi. Deshalb "
            "fahren fast alle mit dem Auto. Ein oder zwei spätere Fahrten, vor allem freitags, "
            "würden vielen Pendlern und auch Jugendlichen helfen."
        ),
        field="pendeln",
        status="published",
        days_ago=160,
        place="Kernstadt",
        official_answer=(
            "Vielen Dank für Ihre Anregung. Den Busverkehr plant und bestellt nicht die Stadt, "
            "sondern der Landkreis gemeinsam mit dem Verkehrsverbund Oberelbe. Wir haben Ihre "
            "Idee zusammen mit den Ergebnissen der Pendlerbefragung dorthin weitergegeben. "
            "Dabei haben wir um eine Prüfung zum nächsten Fahrplanwechsel gebeten."
        ),
        supporters=96,
        comments=(
            DemoComment(
                "Vor allem am Wochenende, für die Jugendlichen, die abends in Dresden sind.",
                "",
                150,
            ),
            DemoComment(
                "Ich fahre nur deshalb Auto. Mit einem späten Bus würde ich sofort umsteigen.",
                "Claudia",
                140,
            ),
            DemoComment(
                "Morgens sind die Busse schon so voll, da braucht es auch mehr Fahrten, nicht "
                "nur spätere.",
                "Thomas",
                130,
            ),
            DemoComment(
                "Typisch, immer soll alles nach Dresden gehen. Lieber hier Arbeitsplätze schaffen!",
                "",
                120,
                reports=1,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="weisseritztalbahn-pendler",
        title="Die Weißeritztalbahn auch für Pendler nach Freital nutzen",
        body=(
            "Die Weißeritztalbahn fährt ja ohnehin zwischen Freital-Hainsberg und "
            "Dippoldiswalde. Warum nicht morgens und abends ein Zug für Pendler, mit Anschluss "
            "an die S-Bahn nach Dresden? Das wäre auch eine schöne Werbung für die Bahn."
        ),
        field="pendeln",
        status="not_pursued",
        days_ago=250,
        status_note=(
            "Nach Auskunft des Betreibers ist Pendlerverkehr mit der Schmalspurbahn nicht "
            "sinnvoll: Die Fahrzeit bis Freital-Hainsberg ist deutlich länger als mit dem Bus, "
            "und zusätzliche Fahrten wären sehr teuer."
        ),
        official_answer=(
            "Vielen Dank für diese Idee, die uns in ähnlicher Form schon öfter erreicht hat. "
            "Die Weißeritztalbahn ist eine Dampfeisenbahn, deren Fahrplan vor allem auf den "
            "Tourismus ausgerichtet ist. Wir haben Ihre Anregung mit dem Betreiber besprochen; "
            "ein Pendlerangebot ist dort derzeit nicht geplant. Die Stadt setzt sich daher "
            "vorrangig für bessere Busverbindungen nach Dresden ein."
        ),
        supporters=52,
        comments=(
            DemoComment(
                "Schade, aber mit der Dampflok zur Arbeit wäre es auch zu schön gewesen.",
                "Heiko",
                230,
            ),
            DemoComment(
                "Die Bahn braucht bis Freital ewig, da ist der Bus schneller. Verständlich.",
                "",
                220,
            ),
        ),
    ),
    DemoIdea(
        key="fahrradboxen-haltestelle",
        title="Park-and-Ride mit Fahrradboxen an der zentralen Bushaltestelle",
        body=(
            "Aus den Ortsteilen fährt man mit dem Rad oder Auto in die Stadt und dann mit dem "
            "Bus nach Dresden weiter. Dafür fehlen sichere Stellplätze. Abschließbare "
            "Fahrradboxen und ein paar ausgewiesene Pendlerparkplätze an der zentralen "
            "Haltestelle würden den Umstieg leichter machen."
        ),
        field="pendeln",
        status="planned",
        days_ago=230,
        place="Kernstadt",
        status_note=(
            "Zwölf Fahrradboxen und Pendlerparkplätze sind im Haushalt eingeplant; der Aufbau "
            "soll im Frühjahr erfolgen."
        ),
        supporters=48,
        comments=(DemoComment("Mit Lademöglichkeit für E-Bikes bitte!", "", 220),),
        email_notices=True,
    ),
    DemoIdea(
        key="mitfahren-schmiedeberg",
        title="Mitfahrgelegenheiten aus Schmiedeberg nach Dresden organisieren",
        body=(
            "Aus Schmiedeberg fahren morgens viele einzeln mit dem Auto nach Dresden. Eine "
            "Mitfahrbörse für die Ortsteile, über eine Chatgruppe oder über diese Plattform, "
            "würde Sprit sparen und die B170 entlasten."
        ),
        field="pendeln",
        status="published",
        days_ago=70,
        place="Schmiedeberg",
        supporters=17,
        comments=(
            DemoComment(
                "Ich fahre jeden Tag um sechs los und hätte noch drei Plätze frei.", "Ronny", 60
            ),
        ),
    ),
    DemoIdea(
        key="glasfaser-reichstaedt",
        title="Glasfaserausbau in Reichstädt beschleunigen",
        body=(
            "In Reichstädt reicht das Internet gerade so für E-Mails. Wer im Homeoffice "
            "arbeiten will, muss in die Stadt fahren. Der Ausbau ist seit Langem angekündigt, "
            "aber passiert ist wenig. Bitte Druck machen und informieren, wann es losgeht."
        ),
        field="infrastruktur",
        status="in_implementation",
        days_ago=280,
        place="Reichstädt",
        status_note=(
            "Der geförderte Glasfaserausbau in Reichstädt hat begonnen; die Anschlüsse sollen "
            "bis Jahresende geschaltet werden."
        ),
        official_answer=(
            "Vielen Dank für Ihre Nachfrage. Der Ausbau in Reichstädt ist Teil des geförderten "
            "Breitbandprojekts und hat inzwischen begonnen. Nach Angaben des ausführenden "
            "Unternehmens sollen die ersten Anschlüsse bis Jahresende in Betrieb gehen. Über "
            "Bauzeiten in einzelnen Straßen informiert das Unternehmen die Anwohnerinnen und "
            "Anwohner direkt."
        ),
        supporters=62,
        comments=(
            DemoComment("Bei uns wird gerade gebuddelt, endlich!", "", 40),
            DemoComment(
                "Was ist mit den Häusern etwas außerhalb? Werden die auch angeschlossen?",
                "Gudrun",
                35,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="mobilfunk-talsperre",
        title="Mobilfunkempfang an der Talsperre Malter verbessern",
        body=(
            "An der Talsperre Malter und in Paulsdorf ist der Empfang sehr schlecht. Für Gäste "
            "auf dem Campingplatz ist das ärgerlich, für Leute, die dort wohnen und von zu "
            "Hause arbeiten, ein echtes Problem."
        ),
        field="infrastruktur",
        status="published",
        days_ago=110,
        place="Malter",
        supporters=23,
        comments=(DemoComment("In Seifersdorf ist es auch nicht besser.", "", 100),),
    ),
    DemoIdea(
        key="regionalladen-markt",
        title="Leere Läden am Markt mit Produkten aus dem Osterzgebirge füllen",
        body=(
            "Am Markt stehen einige Läden leer. Ein gemeinsamer Laden für Erzeuger aus der "
            "Region, mit Käse, Honig, Holzkunst, Wurst und Säften, betrieben als "
            "Genossenschaft, könnte Leben in die Altstadt bringen. Dazu eine Ecke mit Kaffee "
            "und zwei Arbeitsplätzen, dann kommen auch die Leute aus dem Homeoffice."
        ),
        field="leerstand",
        status="planned",
        days_ago=260,
        place="Kernstadt",
        status_note=(
            "Ein Regionalladen soll als Zwischennutzung starten; die Stadt vermittelt zwischen "
            "Erzeugern und Eigentümern."
        ),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag, der auf viel Zustimmung gestoßen ist. Mehrere "
            "Erzeuger aus dem Osterzgebirge haben Interesse signalisiert. Die Stadt "
            "unterstützt die Gründung einer Trägergemeinschaft und vermittelt ein Ladenlokal "
            "zur Zwischennutzung. Ein Eröffnungstermin steht noch nicht fest."
        ),
        supporters=88,
        comments=(
            DemoComment(
                "So etwas gibt es anderswo schon, das klappt gut, wenn die Öffnungszeiten stimmen.",
                "",
                250,
            ),
            DemoComment("Ich imkere in Ulberndorf und wäre gern dabei.", "Matthias", 240),
            DemoComment(
                "Bitte keine Touristenpreise, sondern bezahlbar für Einheimische.", "", 230
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="alte-hoefe",
        title="Alte Höfe in den Dörfern für Wohnen und Arbeiten öffnen",
        body=(
            "In Ulberndorf und anderen Dörfern stehen alte Höfe und Nebengebäude leer. Junge "
            "Familien aus Dresden suchen genau so etwas: Platz, Natur, ein Büro in der Scheune. "
            "Die Stadt könnte eine Börse anlegen und Eigentümer beraten, wie man leere Gebäude "
            "umnutzen kann."
        ),
        field="leerstand",
        status="published",
        days_ago=55,
        place="Ulberndorf",
        supporters=15,
        comments=(
            DemoComment("Dafür braucht es aber Internet, siehe die Glasfaser-Idee.", "", 40),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="sommerabende-markt",
        title="Sommerabende auf dem Markt mit Musik",
        body=(
            "Der Markt ist abends leer. Ein paar Sommerabende mit Livemusik von Bands aus der "
            "Region, Getränkeständen und Sitzgelegenheiten würden zeigen, wie schön die "
            "Altstadt sein kann."
        ),
        field="innenstadt",
        status="implemented",
        days_ago=330,
        place="Kernstadt",
        status_note=(
            "Im Sommer fanden vier Musikabende auf dem Markt statt; eine Fortsetzung ist geplant."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee. Die vier Musikabende im vergangenen Sommer wurden sehr "
            "gut angenommen. Wir planen eine Fortsetzung und achten dabei stärker auf die "
            "Nachtruhe der Anwohnerinnen und Anwohner am Markt."
        ),
        supporters=73,
        comments=(
            DemoComment("War richtig schön, die ganze Stadt war da!", "Anja", 150),
            DemoComment("Nächstes Mal bitte mit mehr Toiletten.", "", 140),
            DemoComment(
                "Die Musik war bis 23 Uhr zu laut, wir wohnen direkt am Markt.", "Gerhard", 139
            ),
            DemoComment(
                "Dann zieh halt aufs Dorf, Opa.",
                "",
                138,
                reports=2,
                hidden_reason="Persönlicher Angriff entfernt",
            ),
        ),
    ),
    DemoIdea(
        key="winterdienst-b170",
        title="Besserer Winterdienst auf der B170 am Morgen",
        body=(
            "Jeden Winter das Gleiche: Um sechs Uhr ist die B170 Richtung Dresden noch nicht "
            "geräumt, und wir Pendler rutschen im Schritttempo den Berg hinunter. Die Stadt "
            "muss dafür sorgen, dass früher geräumt wird."
        ),
        field="pendeln",
        status="rejected",
        days_ago=180,
        status_note=(
            "Vielen Dank für Ihren Beitrag. Für den Winterdienst auf Bundesstraßen wie der "
            "B 170 ist nicht die Stadt zuständig, sondern die Straßenbauverwaltung des "
            "Freistaats. Wir haben Ihren Hinweis dorthin weitergeleitet."
        ),
        supporters=4,
        email_notices=True,
    ),
    DemoIdea(
        key="feierabend-wandern",
        title="Feierabend-Wanderungen für Leute im Homeoffice",
        body=(
            "Wer den ganzen Tag zu Hause am Rechner sitzt, kommt kaum raus. Einmal pro Woche "
            "eine kurze geführte Wanderung um die Talsperre oder durch die Wälder rund um "
            "Dipps, vielleicht zusammen mit einem Wanderverein, wäre gut für Körper und Kopf."
        ),
        field="gesundheit",
        status="published",
        days_ago=80,
        supporters=21,
        comments=(
            DemoComment("Gern auch mit Strecken, die für den Kinderwagen taugen.", "Julia", 60),
            DemoComment("Im Winter dann mit Stirnlampe, das hat was!", "", 50),
        ),
    ),
    DemoIdea(
        key="gesunder-heimarbeitsplatz",
        title="Beratung für gesunde Arbeitsplätze zu Hause",
        body=(
            "Viele arbeiten am Küchentisch auf einem Stuhl, der dafür nicht gemacht ist. Eine "
            "kostenlose Beratung, wie man den Heimarbeitsplatz gesund einrichtet, vielleicht "
            "gemeinsam mit Krankenkassen oder einer Physiotherapiepraxis, würde "
            "Rückenschmerzen vorbeugen."
        ),
        field="gesundheit",
        status="published",
        days_ago=40,
        supporters=9,
        email_notices=True,
    ),
    DemoIdea(
        key="lernraum-schueler",
        title="Lernraum mit WLAN für Schüler und Azubis am Nachmittag",
        body=(
            "Viele Jugendliche aus den Dörfern warten nach der Schule auf den Bus. Ein Raum in "
            "der Stadt, in dem sie mit WLAN lernen oder Bewerbungen schreiben können, wäre "
            "sinnvoll. Am Vormittag könnten ihn Leute aus dem Homeoffice nutzen."
        ),
        field="coworking",
        status="submitted",
        days_ago=6,
        place="Kernstadt",
    ),
    DemoIdea(
        key="ladesaeulen-paulsdorf",
        title="Ladesäulen für E-Autos in Paulsdorf und Malter",
        body=(
            "Wer ein E-Auto hat und zur Arbeit nach Dresden pendelt, findet in den Ortsteilen "
            "an der Talsperre keine öffentliche Ladesäule. Für Leute ohne eigene Garage ist "
            "das ein Grund, beim Verbrenner zu bleiben."
        ),
        field="pendeln",
        status="submitted",
        days_ago=4,
        place="Paulsdorf",
        email_notices=True,
    ),
    DemoIdea(
        key="cafe-mit-arbeitsplaetzen",
        title="Ein Café mit Arbeitsplätzen in der Altstadt",
        body=(
            "Mir fehlt in Dippoldiswalde ein Café, in dem man auch mal mit dem Laptop zwei "
            "Stunden sitzen kann, mit WLAN und Steckdosen. Gern in der Nähe des Schlosses oder "
            "am Markt. Das wäre ein Treffpunkt für Leute, die hier wohnen, aber woanders "
            "arbeiten."
        ),
        field="innenstadt",
        status="in_review",
        days_ago=120,
        place="Kernstadt",
        status_note=(
            "Die Wirtschaftsförderung spricht mit Gastronomen in der Altstadt über ein solches "
            "Angebot."
        ),
        supporters=30,
        comments=(
            DemoComment("Oder die bestehenden Cafés einfach mit WLAN ausstatten?", "", 100),
            DemoComment(
                "Gute Idee, wir sind hergezogen und suchen genau so einen Ort.", "Katja", 90
            ),
        ),
    ),
)

_OESTRICH_WINKEL = (
    DemoIdea(
        key="coworking-weingut",
        title="Coworking auf einem Weingut außerhalb der Lesezeit",
        body=(
            "Viele Weingüter haben schöne Räume, Probierstuben und Gutsausschänke, die unter "
            "der Woche oft leer stehen. Warum nicht einige davon als Arbeitsplätze vermieten? "
            "Wer im Homeoffice arbeitet, hätte einen inspirierenden Ort, und die Winzer hätten "
            "eine zusätzliche Einnahme.\n\n"
            "Abends könnte man direkt zur Weinprobe bleiben. Das wäre ein Angebot, das es so "
            "nur im Rheingau gibt."
        ),
        field="coworking",
        status="planned",
        days_ago=240,
        status_note=(
            "Zwei Weingüter bieten ab dem Frühjahr an zwei Tagen pro Woche Arbeitsplätze an; "
            "die Stadt übernimmt die Bewerbung."
        ),
        official_answer=(
            "Vielen Dank für diese Idee, die sehr gut zu Oestrich-Winkel passt. Gemeinsam mit "
            "interessierten Winzerinnen und Winzern hat die Stadt ein Pilotprojekt vorbereitet, "
            "bei dem Arbeitsplätze tageweise gebucht werden können. Außerhalb der Lese und der "
            "Weinfeste stehen die Räume dort ohnehin oft leer. Wir informieren Sie hier, "
            "sobald die Buchung möglich ist."
        ),
        supporters=87,
        comments=(
            DemoComment(
                "Coworking mit Blick auf die Weinberge, da komme ich sogar aus Wiesbaden.",
                "Melanie",
                230,
            ),
            DemoComment(
                "Aber bitte mit ordentlichem Internet, in manchen Gutshöfen ist das ein Problem.",
                "",
                220,
            ),
            DemoComment(
                "Großartig. Wir haben selbst ein kleines Weingut und würden mitmachen.",
                "Jochen",
                210,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="arbeitsplaetze-bahnhof",
        title="Arbeitsplätze am Bahnhof Oestrich-Winkel für Pendler",
        body=(
            "Der Bahnhof ist für viele der Startpunkt nach Wiesbaden, Mainz oder Frankfurt. Ein "
            "kleines Coworking in der Nähe, für Tage ohne Präsenzpflicht, wäre ideal. Man "
            "könnte auch nach der Rückkehr noch eine Stunde in Ruhe etwas erledigen."
        ),
        field="coworking",
        status="published",
        days_ago=60,
        supporters=18,
        comments=(DemoComment("Oder direkt in Winkel, das liegt für viele näher.", "", 50),),
    ),
    DemoIdea(
        key="takt-am-abend",
        title="Halbstundentakt am Abend nach Wiesbaden und Frankfurt",
        body=(
            "Morgens geht es einigermaßen, aber abends fahren die Züge zurück in den Rheingau "
            "zu selten, und wenn einer ausfällt, steht man lange am Bahnsteig. Ein dichterer "
            "Takt bis 20 Uhr würde viele vom Auto auf der B42 holen."
        ),
        field="pendeln",
        status="not_pursued",
        days_ago=300,
        status_note=(
            "Den Regionalverkehr auf der Schiene bestellt der Rhein-Main-Verkehrsverbund, nicht "
            "die Stadt. Nach dessen Auskunft ist ein dichterer Takt wegen der Auslastung der "
            "Strecke derzeit nicht möglich."
        ),
        official_answer=(
            "Vielen Dank für Ihre Anregung, die von sehr vielen Pendlerinnen und Pendlern "
            "geteilt wird. Die Stadt hat das Anliegen gemeinsam mit anderen Rheingauer "
            "Kommunen an den Rhein-Main-Verkehrsverbund herangetragen. Eine kurzfristige "
            "Verbesserung ist nach dortiger Auskunft nicht möglich, weil die Strecke stark "
            "ausgelastet ist. Wir bleiben im Gespräch und bringen die Idee bei künftigen "
            "Planungen erneut ein."
        ),
        supporters=94,
        comments=(
            DemoComment(
                "Die Verspätungen sind das eigentliche Problem, nicht nur der Takt.",
                "Stefan",
                290,
            ),
            DemoComment(
                "Man sollte sich mit den Nachbarn in Eltville und Geisenheim zusammentun.",
                "Petra",
                280,
            ),
            DemoComment(
                "Wer in den Rheingau zieht und in Frankfurt arbeitet, ist selbst schuld. Hört "
                "auf zu jammern, ihr Schnösel.",
                "",
                270,
                reports=2,
                hidden_reason="Beleidigung entfernt",
            ),
            DemoComment("Schade. Dann bleibt es eben beim Auto.", "", 40),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="radweg-rhein",
        title="Radweg am Rhein nach Eltville und Wiesbaden für Pendler ausbauen",
        body=(
            "Mit dem E-Bike ist Wiesbaden gut erreichbar, und der Weg am Rhein ist "
            "wunderschön. Leider ist er an manchen Stellen schmal, am Wochenende voller "
            "Spaziergänger und abends unbeleuchtet. Ein breiterer, durchgehender Radweg mit "
            "Beleuchtung an kritischen Stellen wäre ein großer Gewinn."
        ),
        field="pendeln",
        status="in_review",
        days_ago=150,
        place="Oestrich",
        status_note=(
            "Die Stadt prüft mit dem Kreis und den Nachbarstädten, welche Abschnitte "
            "verbreitert werden können; nicht alle Teile des Weges liegen in städtischer "
            "Zuständigkeit."
        ),
        supporters=59,
        comments=(
            DemoComment(
                "Unbedingt! Vor allem zwischen Oestrich und Hattenheim wird es eng.", "", 140
            ),
            DemoComment(
                "Aber bitte nicht alles zuasphaltieren, das Rheinufer soll schön bleiben.",
                "Ursula",
                130,
            ),
        ),
    ),
    DemoIdea(
        key="bus-hallgarten",
        title="Bessere Busanbindung von Hallgarten zum Bahnhof",
        body=(
            "Hallgarten liegt oben am Hang, und ohne Auto kommt man nur schwer zum Zug. Der Bus "
            "fährt zu selten und passt nicht zu den Zügen nach Wiesbaden. Ein Rufbus oder ein "
            "Anschlussbus zu den Hauptzeiten würde vielen helfen, auch Jugendlichen."
        ),
        field="pendeln",
        status="published",
        days_ago=100,
        place="Hallgarten",
        supporters=34,
        comments=(
            DemoComment(
                "Runter geht es mit dem Rad, aber rauf ist es hart. Ein Bus wäre super.",
                "Niklas",
                90,
            ),
            DemoComment("Ein Rufbus wäre auch abends wichtig.", "", 80),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="glasfaser-hallgarten",
        title="Glasfaser für Hallgarten",
        body=(
            "In Hallgarten sind die Leitungen deutlich langsamer als unten am Rhein. Für das "
            "Homeoffice und die kleinen Betriebe hier oben brauchen wir dringend Glasfaser. "
            "Bitte den Ausbau mit Nachdruck voranbringen."
        ),
        field="infrastruktur",
        status="in_implementation",
        days_ago=270,
        place="Hallgarten",
        status_note=(
            "Der Ausbau in Hallgarten läuft; die Tiefbauarbeiten sollen bis zum Sommer "
            "abgeschlossen sein."
        ),
        supporters=49,
        comments=(DemoComment("Die Bagger sind da, es geht voran!", "", 30),),
    ),
    DemoIdea(
        key="wlan-rheinufer",
        title="Freies WLAN am Rheinufer beim Oestricher Kran",
        body=(
            "Am Rheinufer beim alten Weinverladekran sitzen im Sommer viele Leute, auch mit "
            "Laptop. Ein freies WLAN dort wäre für Gäste und Einheimische praktisch und würde "
            "das Ufer als Treffpunkt stärken."
        ),
        field="infrastruktur",
        status="implemented",
        days_ago=320,
        place="Oestrich",
        status_note="Das WLAN am Rheinufer beim Kran ist seit dem Frühjahr in Betrieb.",
        official_answer=(
            "Vielen Dank für Ihre Anregung. Das freie WLAN am Rheinufer wurde über ein "
            "Förderprogramm eingerichtet und ist ohne Anmeldung nutzbar. Bitte melden Sie uns "
            "gern, wenn der Empfang an einzelnen Stellen nicht ausreicht."
        ),
        supporters=44,
        comments=(
            DemoComment("Funktioniert prima, auch auf den Bänken etwas weiter weg.", "Carla", 60),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="probierstube-winzer",
        title="Leerstehender Laden als Probierstube der Winzer aus dem Ort",
        body=(
            "In Winkel steht ein Laden leer, der früher gut lief. Die Winzer aus "
            "Oestrich-Winkel könnten dort reihum ihre Weine anbieten, mit kleinen Speisen und "
            "an einigen Abenden Musik. Das belebt den Ortskern unter der Woche und ist ein "
            "Treffpunkt nach Feierabend."
        ),
        field="leerstand",
        status="planned",
        days_ago=210,
        place="Winkel",
        status_note=(
            "Mehrere Weingüter wollen die Probierstube gemeinsam betreiben; der Vertrag für die "
            "Zwischennutzung wird vorbereitet."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee. Mehrere Weingüter aus Oestrich-Winkel haben Interesse "
            "an einer gemeinsamen Probierstube bekundet. Die Stadt vermittelt zwischen "
            "Eigentümer und Winzern und unterstützt die Zwischennutzung im ersten Jahr mit "
            "einem Mietzuschuss."
        ),
        supporters=71,
        comments=(
            DemoComment("Gern auch mit Weinen aus Hallgarten, nicht nur vom Rhein.", "Frank", 200),
            DemoComment(
                "Hoffentlich auch mit Traubensaft für alle, die keinen Alkohol trinken.", "", 190
            ),
            DemoComment("Als ob es im Rheingau zu wenig Wein gäbe.", "", 185, reports=1),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="gruenderbueros-ebs",
        title="Leere Läden als Gründerbüros für Studierende der EBS",
        body=(
            "An der EBS in Oestrich-Winkel studieren viele junge Leute, die ein Start-up "
            "gründen wollen. Nach dem Studium ziehen fast alle weg. Günstige Gründerbüros in "
            "leeren Läden würden einige halten und Leben in den Ort bringen."
        ),
        field="leerstand",
        status="published",
        days_ago=45,
        place="Oestrich",
        supporters=13,
        comments=(
            DemoComment("Viele Studierende sind nur unter der Woche hier. Ob das reicht?", "", 30),
        ),
    ),
    DemoIdea(
        key="feierabendmarkt-rheinufer",
        title="Feierabendmarkt am Rheinufer mit Winzern und regionalen Anbietern",
        body=(
            "Wer aus Frankfurt oder Wiesbaden zurückkommt, würde sich über einen "
            "Feierabendmarkt freuen: einmal pro Woche am frühen Abend, mit Ständen der Winzer, "
            "Brot, Käse und Gemüse aus dem Rheingau. So trifft man die Nachbarn, und die "
            "Ortskerne sind auch unter der Woche lebendig."
        ),
        field="innenstadt",
        status="published",
        days_ago=130,
        place="Oestrich",
        official_answer=(
            "Vielen Dank für Ihre Idee. Die Stadt prüft gemeinsam mit den Winzern und den "
            "Gewerbetreibenden, ob im kommenden Sommer ein Feierabendmarkt als Versuch möglich "
            "ist. Dabei sind unter anderem Standort, Lärmschutz und Parken zu klären."
        ),
        supporters=52,
        comments=(
            DemoComment("Ja bitte! Donnerstags wäre perfekt.", "Lisa", 120),
            DemoComment(
                "Bitte an die Parkplätze denken, am Rheinufer ist es jetzt schon voll.", "", 110
            ),
            DemoComment("Ich würde Gemüse aus unserem Garten mitbringen.", "Hans", 100),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="abendmarkt-wein",
        title="Abendmarkt mit Wein und regionalem Essen",
        body=(
            "Ein Abendmarkt, auf dem man nach der Arbeit ein Glas Wein trinken und regional "
            "einkaufen kann, würde unserem Ort guttun. Gern direkt am Rhein."
        ),
        field="innenstadt",
        status="published",
        days_ago=75,
        status_note=(
            "Zusammengeführt mit „Feierabendmarkt am Rheinufer mit Winzern und regionalen "
            "Anbietern“."
        ),
        supporters=6,
        merged_into="feierabendmarkt-rheinufer",
    ),
    DemoIdea(
        key="laufrunden-weinberge",
        title="Bewegte Pause: ausgeschilderte Laufrunden durch die Weinberge",
        body=(
            "Wer im Homeoffice arbeitet, sollte mittags raus. Kurze, ausgeschilderte Runden von "
            "zwei bis fünf Kilometern durch die Weinberge, mit einem Startpunkt in jedem "
            "Ortsteil, würden dazu einladen. Eine Tafel mit Übungen am Start wäre ein Bonus."
        ),
        field="gesundheit",
        status="in_review",
        days_ago=90,
        place="Mittelheim",
        status_note=(
            "Die Stadt stimmt mögliche Strecken mit den Winzern ab, da viele Wege "
            "Wirtschaftswege sind."
        ),
        supporters=28,
        comments=(
            DemoComment(
                "Achtung während der Lese, dann sind die Wege voller Traktoren.", "Markus", 80
            ),
            DemoComment("Schöne Idee. Gern auch mit Bänken zum Verschnaufen.", "", 75),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="laerm-gueterzuege",
        title="Weniger Lärm durch Güterzüge, damit man im Homeoffice arbeiten kann",
        body=(
            "Wer an der Bahnstrecke wohnt und von zu Hause arbeitet, kann bei offenem Fenster "
            "keine Videokonferenz führen, und nachts weckt einen jeder Güterzug. Die Stadt "
            "soll dafür sorgen, dass die Züge leiser werden oder langsamer fahren."
        ),
        field="gesundheit",
        status="rejected",
        days_ago=170,
        place="Mittelheim",
        status_note=(
            "Vielen Dank für Ihren Beitrag, den wir gut nachvollziehen können. Für den "
            "Lärmschutz an der Bahnstrecke sind der Bund und die Deutsche Bahn zuständig; die "
            "Stadt kann weder Geschwindigkeiten noch Fahrzeuge vorgeben. Deshalb nehmen wir die "
            "Idee nicht in die Sammlung auf, tragen das Anliegen aber weiterhin gemeinsam mit "
            "den Nachbarkommunen an Bund und Bahn heran."
        ),
        supporters=3,
        email_notices=True,
    ),
    DemoIdea(
        key="coworking-kinderecke",
        title="Coworking mit Kinderecke für Eltern",
        body=(
            "Mit kleinen Kindern ist Homeoffice kaum möglich. Ein Coworking mit Spielecke und "
            "stundenweiser Betreuung, etwa durch eine Tagesmutter, würde Eltern in "
            "Oestrich-Winkel das Arbeiten vor Ort ermöglichen."
        ),
        field="coworking",
        status="submitted",
        days_ago=5,
        email_notices=True,
    ),
    DemoIdea(
        key="wlan-buergerhaeuser",
        title="Freies WLAN in Vereinsheimen und Bürgerhäusern",
        body=(
            "In den Bürgerhäusern und Vereinsheimen der Ortsteile gibt es oft kein WLAN. Mit "
            "einem Zugang könnten Sitzungen hybrid stattfinden, und tagsüber ließen sich die "
            "Räume als kleine Arbeitsplätze nutzen."
        ),
        field="infrastruktur",
        status="submitted",
        days_ago=8,
        place="Hallgarten",
    ),
    DemoIdea(
        key="ortskerne-verbinden",
        title="Die Ortskerne am Rhein besser verbinden",
        body=(
            "Oestrich, Mittelheim und Winkel sind zusammengewachsen, aber jeder Ortskern wirkt "
            "für sich. Ein gemeinsamer Rundweg mit Schildern zu Cafés, Weinstuben, dem "
            "Brentanohaus und der Basilika in Mittelheim würde Gäste und Einheimische von einem "
            "Ort zum nächsten führen."
        ),
        field="innenstadt",
        status="published",
        days_ago=25,
        supporters=8,
        comments=(DemoComment("Und das Graue Haus in Winkel nicht vergessen!", "", 15),),
    ),
)

_DIESSEN = (
    DemoIdea(
        key="coworking-bahnhof",
        title="Coworking am Bahnhof Dießen",
        body=(
            "Viele hier pendeln nach München, oft weit über eine Stunde pro Strecke. Wer an "
            "zwei oder drei Tagen mobil arbeiten darf, sitzt dann zu Hause, häufig ohne "
            "ruhiges Arbeitszimmer. Ein Coworking in Bahnhofsnähe, mit Einzelplätzen und "
            "einem Besprechungsraum, wäre eine echte Alternative.\n\n"
            "Im Landkreis Landsberg sind die Arbeitswege besonders lang. Jeder Tag, an dem man "
            "nicht fährt, ist gewonnene Zeit."
        ),
        field="coworking",
        status="in_review",
        days_ago=190,
        place="Dießen (Ortsmitte)",
        status_note=("Der Markt prüft Räume in Bahnhofsnähe und spricht mit möglichen Betreibern."),
        official_answer=(
            "Vielen Dank für Ihren Vorschlag. Die Pendlerbefragung bestätigt, dass viele "
            "Dießenerinnen und Dießener lange Wege nach München haben und an einzelnen Tagen "
            "gern vor Ort arbeiten würden. Der Markt prüft derzeit geeignete Räume und "
            "Betreibermodelle. Über das Ergebnis wird der Marktgemeinderat beraten."
        ),
        supporters=83,
        comments=(
            DemoComment(
                "Mit dem Zug brauche ich deutlich über eine Stunde bis ins Büro. Ein Coworking "
                "wäre ein Segen.",
                "Verena",
                180,
            ),
            DemoComment(
                "Bitte mit ordentlichen Bürostühlen und nicht nur mit schicken Sitzsäcken.",
                "",
                170,
            ),
            DemoComment("Gute Idee, aber bitte nicht zu Münchner Preisen.", "Florian", 160),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="coworking-werkstatt",
        title="Coworking mit Werkstatt: Schreibtisch und Töpferscheibe unter einem Dach",
        body=(
            "Dießen ist ein Ort der Kunsthandwerker. Viele arbeiten halb am Computer, halb in "
            "der Werkstatt. Ein Ort, der beides verbindet, mit Schreibtischen, einer kleinen "
            "Werkstatt, einem Brennofen und einer Ausstellungsfläche, würde Kreative, "
            "Selbstständige und Leute aus dem Homeoffice zusammenbringen."
        ),
        field="coworking",
        status="planned",
        days_ago=250,
        place="Dießen (Ortsmitte)",
        status_note=(
            "Der Markt unterstützt ein Pilotprojekt von Kunsthandwerkern in einem "
            "leerstehenden Gebäude; der Start ist für den Herbst geplant."
        ),
        supporters=66,
        comments=(
            DemoComment(
                "Als Keramikerin kann ich sagen: Ein gemeinsamer Brennofen spart viel Geld.",
                "Theresa",
                240,
            ),
            DemoComment("Hoffentlich nicht nur für Profis, sondern auch für Hobbytöpfer.", "", 230),
        ),
    ),
    DemoIdea(
        key="anschluss-geltendorf",
        title="Bessere Anschlüsse der Ammerseebahn in Geltendorf",
        body=(
            "Wer mit der Ammerseebahn nach München pendelt, steigt in Geltendorf um. Wenn der "
            "Anschluss nicht klappt, wartet man lange. Verlässliche Anschlüsse morgens und "
            "abends würden viele dazu bringen, das Auto stehen zu lassen."
        ),
        field="pendeln",
        status="published",
        days_ago=160,
        official_answer=(
            "Vielen Dank für Ihre Anregung. Den Regionalverkehr auf der Schiene plant und "
            "bestellt die Bayerische Eisenbahngesellschaft im Auftrag des Freistaats; der Markt "
            "kann Fahrpläne nicht selbst ändern. Wir haben Ihre Idee und die Ergebnisse der "
            "Pendlerbefragung dorthin weitergegeben und um Prüfung gebeten."
        ),
        supporters=74,
        comments=(
            DemoComment("Im Winter klappt der Anschluss gefühlt nie.", "", 150),
            DemoComment("Manchmal ist es schneller, über Weilheim zu fahren.", "Korbinian", 145),
            DemoComment(
                "Bahnfahren ist was für Leute mit viel Zeit. Ich fahre lieber Auto.",
                "",
                140,
                reports=1,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="zug-nach-muenchen",
        title="Bessere Zugverbindung nach München über Geltendorf",
        body=(
            "Ich brauche mit dem Zug nach München viel zu lange, weil ich in Geltendorf oft "
            "den Anschluss verpasse. Bitte setzen Sie sich für bessere Anschlüsse ein."
        ),
        field="pendeln",
        status="published",
        days_ago=80,
        status_note=(
            "Zusammengeführt mit „Bessere Anschlüsse der Ammerseebahn in Geltendorf“; bitte "
            "unterstützen Sie die Idee dort."
        ),
        supporters=5,
        merged_into="anschluss-geltendorf",
    ),
    DemoIdea(
        key="fahrgemeinschaften-muenchen",
        title="Fahrgemeinschaften nach München einfacher machen",
        body=(
            "Morgens fahren viele Autos mit nur einer Person Richtung München. Ein Treffpunkt "
            "mit Parkplätzen am Ortsrand und eine kleine Börse hier auf der Plattform würden "
            "helfen, Mitfahrer zu finden. Gern auch für Fahrten nach Landsberg oder Weilheim."
        ),
        field="pendeln",
        status="published",
        days_ago=65,
        supporters=22,
        comments=(
            DemoComment(
                "Ich fahre täglich nach München-Pasing und nehme gern jemanden mit.",
                "Andreas",
                55,
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="radweg-riederau",
        title="Sicherer Radweg von Riederau nach Dießen",
        body=(
            "Zwischen Riederau und Dießen fährt man mit dem Rad auf der Straße oder auf "
            "schmalen Wegen. Wer zum Bahnhof oder ins künftige Coworking radeln möchte, "
            "braucht eine sichere Verbindung. Gerade für Kinder und ältere Menschen wäre das "
            "wichtig."
        ),
        field="pendeln",
        status="in_review",
        days_ago=220,
        place="Riederau",
        status_note=(
            "Der Markt prüft den Radweg gemeinsam mit den zuständigen Behörden, weil nicht "
            "alle Abschnitte in seiner Zuständigkeit liegen."
        ),
        supporters=57,
        comments=(
            DemoComment("Im Sommer ist es dort wegen der Badegäste besonders eng.", "", 210),
            DemoComment("Bitte beim Planen auf die Natur am Seeufer achten.", "Martina", 200),
        ),
    ),
    DemoIdea(
        key="glasfaser-dettenschwang",
        title="Glasfaser für Dettenschwang und die Dörfer oben",
        body=(
            "In Dettenschwang, Dettenhofen und Obermühlhausen ist das Internet viel schlechter "
            "als unten am See. Gerade hier oben arbeiten viele von zu Hause, Handwerker und "
            "Selbstständige. Ohne Glasfaser ziehen die jungen Leute weg."
        ),
        field="infrastruktur",
        status="in_implementation",
        days_ago=300,
        place="Dettenschwang",
        status_note=(
            "Der geförderte Glasfaserausbau in den Ortsteilen läuft; erste Anschlüsse sind "
            "geschaltet."
        ),
        official_answer=(
            "Vielen Dank für Ihre Nachfrage. Der Glasfaserausbau in Dettenschwang, Dettenhofen "
            "und Obermühlhausen wird mit Fördermitteln umgesetzt. Erste Haushalte sind bereits "
            "angeschlossen; die übrigen Anschlüsse folgen abschnittsweise. Bei Fragen zum "
            "eigenen Hausanschluss wenden Sie sich bitte an das ausführende Unternehmen."
        ),
        supporters=69,
        comments=(
            DemoComment(
                "Seit zwei Wochen haben wir Glasfaser. Ein Unterschied wie Tag und Nacht!",
                "Sepp",
                30,
            ),
            DemoComment(
                "Bei uns in Obermühlhausen tut sich noch nichts. Gibt es einen Zeitplan?", "", 25
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="wlan-seeanlagen",
        title="Freies WLAN in den Seeanlagen am Dampfersteg",
        body=(
            "In den Seeanlagen sitzen im Sommer viele mit dem Laptop oder warten auf das "
            "Schiff. Ein freies WLAN würde Gästen und Einheimischen helfen und den Bereich am "
            "See als Treffpunkt stärken."
        ),
        field="infrastruktur",
        status="not_pursued",
        days_ago=280,
        place="Dießen (Ortsmitte)",
        status_note=(
            "Der Marktgemeinderat hat entschieden, die verfügbaren Mittel vorrangig in den "
            "Glasfaserausbau der Ortsteile zu stecken; ein öffentliches WLAN am See wird "
            "derzeit nicht weiterverfolgt."
        ),
        supporters=35,
        comments=(
            DemoComment("Richtige Entscheidung, erst die Grundversorgung.", "Hubert", 100),
            DemoComment("Schade, am See ist der Empfang ohnehin schlecht.", "", 95),
            DemoComment(
                "Wer am See sitzt, soll den Laptop zuklappen und aufs Wasser schauen.", "", 90
            ),
        ),
    ),
    DemoIdea(
        key="laeden-fuer-kunsthandwerk",
        title="Leere Läden für Töpfer und Kunsthandwerk auch außerhalb des Töpfermarkts",
        body=(
            "Beim Töpfermarkt ist Dießen voller Menschen, danach stehen manche Läden leer. "
            "Könnte der Markt Eigentümer und Kunsthandwerker zusammenbringen, damit leere "
            "Läden das ganze Jahr als Werkstatt und Verkaufsraum genutzt werden? Wechselnde "
            "Künstlerinnen und Künstler alle paar Monate würden den Ort lebendig halten."
        ),
        field="leerstand",
        status="planned",
        days_ago=230,
        place="Dießen (Ortsmitte)",
        status_note=(
            "Der Markt hat mit zwei Eigentümern Zwischennutzungen vereinbart; die ersten "
            "Kunsthandwerker ziehen im Frühjahr ein."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee, die gut zu Dießen als Ort der Kunsthandwerker passt. "
            "Zwei Eigentümer stellen ihre Ladenflächen für eine befristete Zwischennutzung zur "
            "Verfügung. Die Vergabe erfolgt über eine offene Ausschreibung, auf die sich "
            "Kunsthandwerkerinnen und Kunsthandwerker aus der Region bewerben können. Den "
            "Termin geben wir rechtzeitig bekannt."
        ),
        supporters=79,
        comments=(
            DemoComment("Großartig. Ich bewerbe mich auf jeden Fall.", "Lea", 40),
            DemoComment("Bitte auch an junge Leute denken, die gerade erst anfangen.", "", 35),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="leerstandsboerse",
        title="Leerstandsbörse: freie Läden und Büros auf einen Blick",
        body=(
            "Wer einen kleinen Laden oder ein Büro sucht, erfährt oft nur zufällig davon. Eine "
            "Übersicht freier Flächen auf der Website des Marktes, mit Kontakt zu den "
            "Eigentümern, würde helfen."
        ),
        field="leerstand",
        status="published",
        days_ago=110,
        supporters=16,
    ),
    DemoIdea(
        key="ferienwohnungen-winter",
        title="Leere Ferienwohnungen im Winter als Arbeitsplätze nutzen",
        body=(
            "Im Winter stehen viele Ferienwohnungen leer. Vermieter könnten sie tageweise als "
            "ruhige Arbeitsplätze anbieten, für Leute aus dem Ort oder für Gäste, die eine "
            "Woche am See arbeiten wollen. Der Markt könnte das über die Tourist-Information "
            "bewerben."
        ),
        field="leerstand",
        status="published",
        days_ago=140,
        place="St. Georgen",
        supporters=20,
        comments=(
            DemoComment(
                "Gute Idee, wir vermieten selbst und hätten im Januar nichts dagegen.",
                "Gabriele",
                130,
            ),
            DemoComment(
                "Arbeiten am Ammersee klingt gut. Aber gibt es dort auch gutes Internet?", "", 120
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="marktplatz-autofrei",
        title="Marktplatz am Samstag autofrei",
        body=(
            "Der Marktplatz vor dem Rathaus ist samstags voller Autos, die einen Parkplatz "
            "suchen. Wenn er samstags für Autos gesperrt wäre, könnten die Cafés Tische "
            "rausstellen und Familien in Ruhe einkaufen. Parken ginge am Bahnhof oder an der "
            "Seeanlage.\n\n"
            "Andere Orte haben das ausprobiert, und die Geschäfte haben hinterher mehr "
            "verkauft, nicht weniger."
        ),
        field="innenstadt",
        status="published",
        days_ago=70,
        place="Dießen (Ortsmitte)",
        supporters=61,
        comments=(
            DemoComment("Endlich spricht das mal jemand an. Ich bin dafür.", "Clara", 60),
            DemoComment("Und wie sollen ältere Leute dann zum Einkaufen kommen?", "Rosi", 58),
            DemoComment("Ein paar Behindertenparkplätze müssen natürlich bleiben.", "Clara", 57),
            DemoComment(
                "Als Geschäftsinhaber sage ich: Ohne Parkplätze kommen meine Kunden nicht.",
                "",
                55,
            ),
            DemoComment(
                "Die Autofahrer-Fraktion hier im Ort ist einfach nur peinlich und ewiggestrig.",
                "",
                50,
                reports=2,
                hidden_reason="Abwertender Kommentar entfernt (Netiquette)",
            ),
        ),
    ),
    DemoIdea(
        key="kunsthandwerkernacht",
        title="Lange Kunsthandwerkernacht mit offenen Werkstätten",
        body=(
            "Einmal im Jahr sollten alle Werkstätten, Ateliers und Läden im Ort bis spät "
            "abends geöffnet haben, mit Musik und Essen auf der Straße. Das zeigt, wie viel "
            "Handwerk es in Dießen gibt, und lockt Leute aus der Region in den Ort, auch "
            "außerhalb des Töpfermarkts."
        ),
        field="innenstadt",
        status="implemented",
        days_ago=320,
        place="Dießen (Ortsmitte)",
        status_note=(
            "Die erste Kunsthandwerkernacht hat im Herbst mit über 30 offenen Werkstätten "
            "stattgefunden."
        ),
        official_answer=(
            "Vielen Dank für Ihre Idee, die auf große Resonanz gestoßen ist. Die erste "
            "Kunsthandwerkernacht wurde gemeinsam mit den Werkstätten im Ort organisiert und "
            "war sehr gut besucht. Der Markt möchte die Veranstaltung künftig jährlich "
            "anbieten."
        ),
        supporters=95,
        comments=(
            DemoComment("Ein wunderbarer Abend, bitte jedes Jahr!", "Monika", 60),
            DemoComment(
                "Wir haben zum ersten Mal die Werkstätten in St. Georgen entdeckt.", "", 55
            ),
        ),
        email_notices=True,
    ),
    DemoIdea(
        key="morgens-schwimmen",
        title="Früher schwimmen: Badestelle vor der Arbeit nutzbar machen",
        body=(
            "Im Sommer würden viele vor dem Homeoffice oder vor dem Zug eine Runde im Ammersee "
            "schwimmen. Dafür bräuchte es an der Badestelle nur eine früh geöffnete Umkleide "
            "und vielleicht eine Dusche. Das wäre gut für die Gesundheit und für die Laune."
        ),
        field="gesundheit",
        status="published",
        days_ago=50,
        place="Dießen (Ortsmitte)",
        supporters=25,
        comments=(DemoComment("Der See ist morgens am schönsten. Bin dabei!", "Felix", 40),),
        email_notices=True,
    ),
    DemoIdea(
        key="mobiles-arbeiten-verwaltung",
        title="Der Markt als Vorbild: mobiles Arbeiten für die eigenen Beschäftigten",
        body=(
            "Auch viele Beschäftigte des Marktes pendeln, und die langen Wege kosten Zeit und "
            "Nerven. Wenn die Verwaltung selbst mobiles Arbeiten und Plätze im künftigen "
            "Coworking anbietet, wäre sie ein gutes Vorbild für andere Arbeitgeber im Ort und "
            "würde als Arbeitgeber attraktiver."
        ),
        field="gesundheit",
        status="in_implementation",
        days_ago=260,
        status_note=(
            "Eine Dienstvereinbarung zum mobilen Arbeiten ist abgeschlossen und wird "
            "schrittweise eingeführt."
        ),
        official_answer=(
            "Vielen Dank für Ihre Anregung. Der Markt hat mit der Personalvertretung eine "
            "Dienstvereinbarung zum mobilen Arbeiten abgeschlossen. Damit können Beschäftigte "
            "an bis zu zwei Tagen pro Woche außerhalb des Rathauses arbeiten, soweit die "
            "Aufgaben es zulassen."
        ),
        supporters=29,
        comments=(
            DemoComment(
                "Sehr gut. Hoffentlich bleibt das Rathaus zu den Sprechzeiten trotzdem besetzt.",
                "",
                100,
            ),
        ),
    ),
    DemoIdea(
        key="kinderbetreuung-coworking",
        title="Kinderbetreuung im künftigen Coworking mitdenken",
        body=(
            "Falls ein Coworking kommt: Bitte von Anfang an eine Betreuung für Kinder "
            "mitplanen, wenigstens für ein paar Stunden am Vormittag. Sonst können viele Eltern "
            "das Angebot gar nicht nutzen."
        ),
        field="coworking",
        status="submitted",
        days_ago=3,
        email_notices=True,
    ),
    DemoIdea(
        key="baenke-mit-steckdosen",
        title="Sitzbänke mit Solarsteckdosen im Ortszentrum",
        body=(
            "Ein paar Bänke mit Solarmodul und USB-Anschluss im Ortszentrum und am See wären "
            "praktisch für alle, die unterwegs telefonieren oder arbeiten. So etwas gibt es in "
            "anderen Orten schon."
        ),
        field="innenstadt",
        status="submitted",
        days_ago=10,
        place="Dießen (Ortsmitte)",
    ),
    DemoIdea(
        key="schiff-nach-herrsching",
        title="Mit dem Schiff nach Herrsching zur S-Bahn pendeln",
        body=(
            "Von Herrsching fährt die S-Bahn nach München. Wenn morgens und abends ein Schiff "
            "von Dießen nach Herrsching fahren würde, könnte man ganz entspannt pendeln. Im "
            "Winter fährt aber gar kein Schiff. Der Markt sollte ein Pendlerschiff einrichten."
        ),
        field="pendeln",
        status="rejected",
        days_ago=200,
        status_note=(
            "Vielen Dank für Ihre originelle Idee. Die Schifffahrt auf dem Ammersee betreibt "
            "die Bayerische Seenschifffahrt im Auftrag des Freistaats; einen Linienverkehr kann "
            "der Markt nicht einrichten. Wir haben die Anregung dorthin weitergegeben, nehmen "
            "sie aber nicht in die Ideensammlung auf."
        ),
        supporters=4,
        email_notices=True,
    ),
    DemoIdea(
        key="behoerdengaenge-online",
        title="Mehr Behördengänge online erledigen können",
        body=(
            "Für jede Kleinigkeit muss man ins Rathaus, und das zu Zeiten, in denen wir Pendler "
            "in München sind. Anträge online, Termine per Videocall oder wenigstens ein langer "
            "Abend pro Woche würden vielen das Leben erleichtern."
        ),
        field="infrastruktur",
        status="published",
        days_ago=35,
        supporters=19,
        comments=(DemoComment("Ein Abend pro Woche wäre schon ein Anfang.", "", 25),),
    ),
)

DEMO_IDEAS: dict[str, tuple[DemoIdea, ...]] = {
    "wittenberge": _WITTENBERGE,
    "moelln": _MOELLN,
    "dippoldiswalde": _DIPPOLDISWALDE,
    "oestrich-winkel": _OESTRICH_WINKEL,
    "diessen-am-ammersee": _DIESSEN,
}

_TOWN_SLUGS = ("wittenberge", "moelln", "dippoldiswalde", "oestrich-winkel", "diessen-am-ammersee")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIRST_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+$")
# Abbreviations whose dot does not end a sentence.
_ABBREVIATIONS = ("z. B.", "d. h.", "u. a.", "bzw.", "ca.", "Nr.", "St.", "usw.", "etc.")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?…]+(?=\s|$)")
_FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr\w*)\b")
_INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer\w*)\b", re.IGNORECASE)


def _sentences(text: str) -> int:
    for abbreviation in _ABBREVIATIONS:
        text = text.replace(abbreviation, "")
    return len(_SENTENCE_END.findall(text))


def _places(town: str) -> set[str]:
    """The town's districts, each also split into its single names ("A, B und C")."""
    from beteiligung.surveys.demo_profiles import PROFILES

    places: set[str] = set()
    for district in PROFILES[town].districts if town in PROFILES else ():
        places.add(district)
        places.update(re.split(r", | und ", district))
    return places


def _text_problems(where: str, name: str, text: str, low: int, high: int) -> list[str]:
    problems = []
    if not low <= len(text) <= high:
        problems.append(f"{where}: {name} has {len(text)} chars, not {low}..{high}")
    if text != text.strip() or "  " in text:
        problems.append(f"{where}: {name} has stray whitespace")
    if "\n" in text.replace("\n\n", "") or "\n\n\n" in text:
        problems.append(f"{where}: {name} breaks lines other than between paragraphs")
    return problems


def _comment_problems(where: str, idea: DemoIdea) -> list[str]:
    problems = []
    if len(idea.comments) > 5:
        problems.append(f"{where}: {len(idea.comments)} comments, at most 5")
    for number, comment in enumerate(idea.comments, 1):
        at = f"{where} comment {number}"
        problems += _text_problems(at, "body", comment.body, 20, 600)
        if "\n" in comment.body:
            problems.append(f"{at}: body has a line break")
        if not 1 <= _sentences(comment.body) <= 4:
            problems.append(f"{at}: {_sentences(comment.body)} sentences, not 1..4")
        if comment.author and not _FIRST_NAME.match(comment.author):
            problems.append(f"{at}: author {comment.author!r} is not a first name")
        if not 0 <= comment.days_ago < idea.days_ago:
            problems.append(f"{at}: days_ago {comment.days_ago} not in 0..{idea.days_ago - 1}")
        if not 0 <= comment.reports <= 2:
            problems.append(f"{at}: reports {comment.reports} not in 0..2")
        if (
            len(comment.hidden_reason) > 300
            or comment.hidden_reason != comment.hidden_reason.strip()
        ):
            problems.append(f"{at}: bad hidden_reason")
    return problems


def _idea_problems(town: str, idea: DemoIdea, keys: set[str], places: set[str]) -> list[str]:
    where = f"{town}/{idea.key}"
    problems = []
    if not _SLUG.match(idea.key) or len(idea.key) > 60:
        problems.append(f"{where}: key is not a short slug")
    problems += _text_problems(where, "title", idea.title, 10, 120)
    if "\n" in idea.title:
        problems.append(f"{where}: title has a line break")
    problems += _text_problems(where, "body", idea.body, 80, 1500)
    if idea.field not in FIELD_KEYS:
        problems.append(f"{where}: unknown field {idea.field!r}")
    if idea.status not in STATUSES:
        problems.append(f"{where}: unknown status {idea.status!r}")
    if not 3 <= idea.days_ago <= 330:
        problems.append(f"{where}: days_ago {idea.days_ago} not in 3..330")
    if idea.place and idea.place not in places:
        problems.append(f"{where}: place {idea.place!r} is not one of the town's districts")
    if idea.status in NOTE_REQUIRED and not idea.status_note:
        problems.append(f"{where}: status {idea.status} needs a status_note")
    if idea.status in ("rejected", "not_pursued") and len(idea.status_note) < 60:
        problems.append(f"{where}: {idea.status} needs a real reason in status_note")
    if idea.status_note:
        problems += _text_problems(where, "status_note", idea.status_note, 20, 1000)
    if idea.official_answer:
        problems += _text_problems(where, "official_answer", idea.official_answer, 80, 1500)
        if not 2 <= _sentences(idea.official_answer) <= 6:
            problems.append(
                f"{where}: official_answer has {_sentences(idea.official_answer)} sentences"
            )
        if _INFORMAL.search(idea.official_answer) or not _FORMAL.search(idea.official_answer):
            problems.append(f"{where}: official_answer must address the author with 'Sie'")
    if not 0 <= idea.supporters <= 140:
        problems.append(f"{where}: supporters {idea.supporters} not in 0..140")
    if idea.status == "submitted" and (
        idea.supporters or idea.comments or idea.status_note or idea.official_answer
    ):
        problems.append(f"{where}: an idea waiting for moderation has no public activity")
    if idea.merged_into:
        if idea.merged_into == idea.key:
            problems.append(f"{where}: merged into itself")
        elif idea.merged_into not in keys:
            problems.append(f"{where}: merged_into {idea.merged_into!r} is no idea of {town}")
        if idea.status != "published":
            problems.append(f"{where}: a merged idea must have status published")
    return problems + _comment_problems(where, idea)


def _town_problems(town: str, ideas: tuple[DemoIdea, ...]) -> list[str]:
    problems = []
    if not 15 <= len(ideas) <= 30:
        problems.append(f"{town}: {len(ideas)} ideas, not 15..30")
    keys = [idea.key for idea in ideas]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        problems.append(f"{town}: duplicate keys {duplicates}")
    places = _places(town)
    if not places:
        problems.append(f"{town}: no districts found in the survey demo profiles")
    by_key = {idea.key: idea for idea in ideas}
    for idea in ideas:
        problems += _idea_problems(town, idea, set(keys), places)
        target = by_key.get(idea.merged_into)
        if target is not None and target.merged_into:
            problems.append(f"{town}/{idea.key}: merged into an idea that is merged itself")
    missing_fields = set(FIELD_KEYS) - {idea.field for idea in ideas}
    if missing_fields:
        problems.append(f"{town}: no ideas in fields {sorted(missing_fields)}")
    missing_statuses = set(STATUSES) - {idea.status for idea in ideas}
    if missing_statuses:
        problems.append(f"{town}: no ideas with status {sorted(missing_statuses)}")
    count = {status: sum(idea.status == status for idea in ideas) for status in STATUSES}
    if not 2 <= count["submitted"] <= 3:
        problems.append(f"{town}: {count['submitted']} submitted ideas, not 2..3")
    if not 1 <= count["rejected"] <= 2:
        problems.append(f"{town}: {count['rejected']} rejected ideas, not 1..2")
    merged = sum(bool(idea.merged_into) for idea in ideas)
    if not 1 <= merged <= 2:
        problems.append(f"{town}: {merged} merged ideas, not 1..2")
    comments = [comment for idea in ideas for comment in idea.comments]
    reported = sum(comment.reports > 0 for comment in comments)
    if not 1 <= reported <= 4:
        problems.append(f"{town}: {reported} reported comments, not 1..4")
    hidden = sum(bool(comment.hidden_reason) for comment in comments)
    if not 1 <= hidden <= 2:
        problems.append(f"{town}: {hidden} hidden comments, not 1..2")
    answered = sum(bool(idea.official_answer) for idea in ideas) / max(len(ideas), 1)
    if not 0.2 <= answered <= 0.45:
        problems.append(
            f"{town}: {answered:.0%} of ideas have an official answer, not about a third"
        )
    notices = sum(idea.email_notices for idea in ideas) / max(len(ideas), 1)
    if not 0.3 <= notices <= 0.7:
        problems.append(f"{town}: {notices:.0%} of authors want notices, not about half")
    return problems


def validate() -> list[str]:
    """Checks the demo ideas against the rules above; returns the problems found."""
    problems = []
    if set(DEMO_IDEAS) != set(_TOWN_SLUGS):
        problems.append(f"towns {sorted(DEMO_IDEAS)} are not the demo towns {sorted(_TOWN_SLUGS)}")
    for town, ideas in DEMO_IDEAS.items():
        problems += _town_problems(town, ideas)
    if len({len(ideas) for ideas in DEMO_IDEAS.values()}) < 2:
        problems.append("every town has the same number of ideas")
    return problems
