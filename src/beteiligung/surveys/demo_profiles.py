"""The demo towns' commuting profiles, from public knowledge of where people work.

Dießen am Ammersee lies in Landkreis Landsberg am Lech, among the counties with the longest
average commutes (BBSR 2021), with München about 50 km away; Wittenberge has trains to
Berlin and Hamburg; Mölln looks to Hamburg and Lübeck; Dippoldiswalde to Dresden by road
and bus; Oestrich-Winkel to Wiesbaden, Mainz and Frankfurt along the Rheingau railway.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TownProfile:
    # Ortsteile where they are well known, otherwise coarse parts of town; small ones are
    # grouped so that no group gets too few answers to show.
    districts: tuple[str, ...]
    district_weights: tuple[float, ...]
    working: float  # share of people in work or training
    # Shares of the distance bands km_0_5, km_5_10, km_10_25, km_25_50, km_50_plus.
    distances: tuple[float, float, float, float, float]
    train: float  # how much long-distance commuters use the train
    bus: float  # how much commuters to the next towns use the bus
    centre: float  # average rating of the town centre, 1–5
    other_uses: tuple[str, ...]  # "Sonstiges" answers for empty shops


PROFILES: dict[str, TownProfile] = {
    "wittenberge": TownProfile(
        districts=("Kernstadt", "Bentwisch", "Garsedow", "Hinzdorf, Lindenberg, Schadebeuster"),
        district_weights=(0.8, 0.08, 0.05, 0.07),
        working=0.6,
        distances=(0.36, 0.14, 0.2, 0.12, 0.18),
        train=0.55,
        bus=0.1,
        centre=2.7,
        other_uses=("Atelier für Kunst an der Elbe", "Repair-Café", "Probenraum für Bands"),
    ),
    "moelln": TownProfile(
        districts=("Altstadt", "Mölln-Nord", "Mölln-Süd", "Mölln-West und Schmalsee"),
        district_weights=(0.25, 0.3, 0.25, 0.2),
        working=0.66,
        distances=(0.3, 0.22, 0.26, 0.14, 0.08),
        train=0.3,
        bus=0.1,
        centre=3.4,
        other_uses=("Eulenspiegel-Werkstatt für Kinder", "Unverpackt-Laden", "Repair-Café"),
    ),
    "dippoldiswalde": TownProfile(
        districts=(
            "Kernstadt",
            "Schmiedeberg und Umgebung",
            "Reichstädt",
            "Malter, Paulsdorf, Seifersdorf",
            "Reinholdshain, Oberhäslich, Ulberndorf",
        ),
        district_weights=(0.55, 0.15, 0.1, 0.1, 0.1),
        working=0.64,
        distances=(0.28, 0.16, 0.32, 0.18, 0.06),
        train=0.05,
        bus=0.3,
        centre=3.1,
        other_uses=("Laden für Produkte aus dem Osterzgebirge", "Jugendclub", "Repair-Café"),
    ),
    "oestrich-winkel": TownProfile(
        districts=("Oestrich", "Mittelheim", "Winkel", "Hallgarten"),
        district_weights=(0.35, 0.15, 0.35, 0.15),
        working=0.66,
        distances=(0.2, 0.18, 0.34, 0.18, 0.1),
        train=0.4,
        bus=0.1,
        centre=3.2,
        other_uses=("Weinstube der Winzer aus dem Ort", "Unverpackt-Laden", "Galerie"),
    ),
    "diessen-am-ammersee": TownProfile(
        districts=(
            "Dießen (Ortsmitte)",
            "St. Georgen",
            "Riederau",
            "Rieden",
            "Obermühlhausen, Dettenhofen, Dettenschwang",
        ),
        district_weights=(0.5, 0.15, 0.15, 0.08, 0.12),
        working=0.68,
        distances=(0.14, 0.12, 0.22, 0.24, 0.28),
        train=0.35,
        bus=0.05,
        centre=3.9,
        other_uses=("Töpferwerkstatt mit Verkauf", "Repair-Café", "Bürgerbüro"),
    ),
}
