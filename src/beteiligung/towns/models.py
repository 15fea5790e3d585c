"""Towns of the federation and the texts every public body must publish."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from beteiligung.db import utcnow

# German states, in the order of the official state codes (first two AGS digits).
BUNDESLAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


class Town(SQLModel, table=True):
    __tablename__ = "town"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str = Field(max_length=120)
    bundesland: str = Field(max_length=40)
    # Amtlicher Gemeindeschlüssel: 8 digits, the first two name the state.
    ags: str = Field(max_length=8, unique=True)
    contact_email: str = Field(default="", max_length=254)
    contact_phone: str = Field(default="", max_length=60)
    contact_address: str = Field(default="", max_length=500)
    imprint_text: str = Field(default="", max_length=20_000)
    privacy_text: str = Field(default="", max_length=50_000)
    accessibility_text: str = Field(default="", max_length=50_000)
    # Ortsteile, one per line: the choices of "place" questions in surveys and ideas.
    districts: str = Field(default="", max_length=5000)
    # Ideas: "pre" (nothing public before approval) or "post" (public at once).
    idea_moderation: str = Field(default="pre", max_length=10)
    # The town's reasons for rejecting an idea, one per line, offered to moderators.
    rejection_reasons: str = Field(default="", max_length=5000)
    # A new town is a draft: no public page, survey or idea until its admin has entered
    # imprint, privacy and accessibility texts and published it (towns.service.publish_town).
    published: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
