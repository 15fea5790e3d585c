"""Towns: lookup, creation by the federation admin, the texts a town publishes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from beteiligung import audit
from beteiligung.accounts.models import User
from beteiligung.i18n import gettext as _
from beteiligung.i18n import lazy
from beteiligung.towns.models import BUNDESLAENDER, Town
from beteiligung.web import has_control_chars

# Slugs that are paths of the platform itself, never a town's.
RESERVED_SLUGS = frozenset(
    {
        "verwaltung",
        "verbund",
        "static",
        "healthz",
        "sprache",
        "u",
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "api",
        "oparl",
        "admin",
        "login",
        "ideen",
    }
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AGS_RE = re.compile(r"^[0-9]{8}$")  # not \d: that takes "٠١" and "０１" as digits too
EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,189}\.[A-Za-z]{2,63}$")

TEXT_LIMITS = {
    "name": 120,
    "contact_email": 254,
    "contact_phone": 60,
    "contact_address": 500,
    "imprint_text": 20_000,
    "privacy_text": 50_000,
    "accessibility_text": 50_000,
}


def slugify(name: str) -> str:
    """ "Dießen am Ammersee" -> "diessen-am-ammersee", "Mölln" -> "moelln"."""
    text = name.strip().lower()
    for umlaut, spelled in {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}.items():
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def all_towns(db: Session) -> list[Town]:
    return list(db.exec(select(Town).order_by(Town.name)))


def published_towns(db: Session) -> list[Town]:
    """The towns residents see: drafts stay with their staff."""
    return list(db.exec(select(Town).where(col(Town.published)).order_by(Town.name)))


# The texts a town must have before it goes public, with their names on the texts page.
REQUIRED_TEXTS = {
    "imprint_text": lazy("Impressum"),
    "privacy_text": lazy("Datenschutzerklärung"),
    "accessibility_text": lazy("Erklärung zur Barrierefreiheit"),
}


class TownError(Exception):
    pass


def missing_texts(town: Town) -> list[str]:
    """The names of the required texts the town has not entered yet, in the page's language."""
    return [_(label) for name, label in REQUIRED_TEXTS.items() if not getattr(town, name).strip()]


def publish_town(db: Session, town: Town, actor: User) -> None:
    """Makes the town public; refuses while a required text is missing (naming them)."""
    if town.published:
        return
    missing = missing_texts(town)
    if missing:
        raise TownError(
            _(
                "%(town)s kann noch nicht veröffentlicht werden. Es fehlt: %(texts)s. "
                "Tragen Sie die Texte unter „Kontakt und Pflichttexte“ ein.",
                town=town.name,
                texts=", ".join(missing),
            )
        )
    town.published = True
    db.add(town)
    audit.record(db, action="town_published", user_id=actor.id, town_id=town.id, detail="")


# German style: numbers up to twelve in words, larger ones in digits (one town has its
# own sentence, none none).
NUMBER_WORDS = {
    2: lazy("zwei"),
    3: lazy("drei"),
    4: lazy("vier"),
    5: lazy("fünf"),
    6: lazy("sechs"),
    7: lazy("sieben"),
    8: lazy("acht"),
    9: lazy("neun"),
    10: lazy("zehn"),
    11: lazy("elf"),
    12: lazy("zwölf"),
}


def number_in_words(n: int) -> str:
    return _(NUMBER_WORDS[n]) if n in NUMBER_WORDS else str(n)


def town_by_slug(db: Session, slug: str) -> Town | None:
    # Whatever an address holds, only a possible slug reaches the database (no NUL for PostgreSQL).
    if len(slug) > 60 or not SLUG_RE.fullmatch(slug):
        return None
    return db.exec(select(Town).where(Town.slug == slug)).first()


@dataclass
class TownInput:
    values: dict[str, str]
    errors: dict[str, str]


def clean_texts(raw: Mapping[str, object], names: list[str]) -> TownInput:
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in names:
        value = raw.get(name, "")
        text = value.strip() if isinstance(value, str) else ""
        values[name] = text
        if not isinstance(value, str):
            # A repeated field arrives as a list, an upload as a file: saving "" would lose text.
            errors[name] = _(
                "Dieses Feld kam nicht als einfacher Text an. Bitte laden Sie die Seite neu "
                "und senden Sie das Formular erneut."
            )
        elif has_control_chars(text):
            errors[name] = _("Bitte entfernen Sie die Steuerzeichen aus dem Text.")
        elif len(text) > TEXT_LIMITS.get(name, 200):
            errors[name] = _(
                "Bitte kürzen Sie den Text auf höchstens %(n)s Zeichen (jetzt %(len)s).",
                n=TEXT_LIMITS.get(name, 200),
                len=len(text),
            )
    email = values.get("contact_email")
    if email and "contact_email" not in errors and not EMAIL_RE.match(email):
        errors["contact_email"] = _(
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. rathaus@stadt.de."
        )
    return TownInput(values, errors)


PUBLIC_TEXT_FIELDS = [
    "contact_email",
    "contact_phone",
    "contact_address",
    "imprint_text",
    "privacy_text",
    "accessibility_text",
]


def update_texts(db: Session, town: Town, form: TownInput, actor: User) -> None:
    changed = [name for name in PUBLIC_TEXT_FIELDS if getattr(town, name) != form.values[name]]
    for name in changed:
        setattr(town, name, form.values[name])
    db.add(town)
    if changed:
        audit.record(
            db,
            action="town_texts_changed",
            user_id=actor.id,
            town_id=town.id,
            detail=", ".join(changed),
        )


def validate_new_town(db: Session, raw: Mapping[str, object]) -> TownInput:
    form = clean_texts(raw, ["name", "slug", "ags", "contact_email"])
    values, errors = form.values, form.errors
    if not values["name"]:
        errors["name"] = _("Bitte geben Sie den Namen der Stadt ein.")
    values["slug"] = values["slug"].lower() or slugify(values["name"])
    if not SLUG_RE.match(values["slug"]) or len(values["slug"]) > 60:
        errors["slug"] = _(
            "Die Kurzadresse darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten, z. B. moelln."
        )
    elif values["slug"] in RESERVED_SLUGS:
        errors["slug"] = _(
            "Diese Kurzadresse ist für die Plattform reserviert. Bitte wählen Sie eine andere."
        )
    elif town_by_slug(db, values["slug"]) is not None:
        errors["slug"] = _("Diese Kurzadresse ist schon vergeben.")
    if not AGS_RE.match(values["ags"]):
        errors["ags"] = _("Der Gemeindeschlüssel (AGS) hat genau 8 Ziffern, z. B. 01053090.")
    elif values["ags"][:2] not in BUNDESLAENDER:
        errors["ags"] = _("Die ersten beiden Ziffern des AGS bezeichnen kein Bundesland.")
    elif db.exec(select(Town).where(Town.ags == values["ags"])).first() is not None:
        errors["ags"] = _("Eine Stadt mit diesem Gemeindeschlüssel gibt es schon.")
    return form


def create_town(db: Session, form: TownInput, actor: User | None) -> Town:
    values = form.values
    town = Town(
        slug=values["slug"],
        name=values["name"],
        ags=values["ags"],
        bundesland=BUNDESLAENDER[values["ags"][:2]],
        contact_email=values.get("contact_email", ""),
    )
    db.add(town)
    db.flush()
    audit.record(
        db,
        action="town_created",
        user_id=actor.id if actor else None,
        town_id=town.id,
        detail=town.slug,
    )
    return town
