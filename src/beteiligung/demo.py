"""The demo federation: the five pilot towns with staff accounts for trying things out.

Seeding is idempotent: towns are matched by slug, accounts by e-mail; running
it twice adds nothing. The accounts are marked as demo accounts and can only
log in while BETEILIGUNG_DEMO is on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlmodel import Session, select

from beteiligung.accounts import service as accounts
from beteiligung.accounts.models import Membership, Role, User
from beteiligung.ideas.demo import seed_demo_ideas
from beteiligung.security import hash_password
from beteiligung.surveys.demo import seed_demo_surveys
from beteiligung.towns.models import BUNDESLAENDER, Town

# Published in the README on purpose: demo accounts only log in in demo mode.
DEMO_PASSWORD = "demo-beteiligung"  # noqa: S105


@dataclass(frozen=True)
class DemoTown:
    slug: str
    name: str
    ags: str
    landkreis: str
    address: str


# Bundesland follows from the first two AGS digits (see ../shared/CONTEXT.md).
DEMO_TOWNS = [
    DemoTown(
        "wittenberge",
        "Wittenberge",
        "12070424",
        "Landkreis Prignitz",
        "Stadt Wittenberge\nAugust-Bebel-Straße 10\n19322 Wittenberge",
    ),
    DemoTown(
        "moelln",
        "Mölln",
        "01053090",
        "Kreis Herzogtum Lauenburg",
        "Stadt Mölln\nWasserkrüger Weg 16\n23879 Mölln",
    ),
    DemoTown(
        "dippoldiswalde",
        "Dippoldiswalde",
        "14628060",
        "Landkreis Sächsische Schweiz-Osterzgebirge",
        "Große Kreisstadt Dippoldiswalde\nMarkt 2\n01744 Dippoldiswalde",
    ),
    DemoTown(
        "oestrich-winkel",
        "Oestrich-Winkel",
        "06439012",
        "Rheingau-Taunus-Kreis",
        "Stadt Oestrich-Winkel\nPaul-Gerhardt-Weg 1\n65375 Oestrich-Winkel",
    ),
    DemoTown(
        "diessen-am-ammersee",
        "Dießen am Ammersee",
        "09181114",
        "Landkreis Landsberg am Lech",
        "Markt Dießen am Ammersee\nMarktplatz 1\n86911 Dießen am Ammersee",
    ),
]


def _imprint(town: DemoTown) -> str:
    return (
        f"{town.address.splitlines()[0]}\nKörperschaft des öffentlichen Rechts, vertreten durch die "
        f"Bürgermeisterin bzw. den Bürgermeister.\n\n{town.address}\n\n"
        f"Aufsichtsbehörde: {town.landkreis} (Kommunalaufsicht)\n\n"
        "Hinweis: Dies ist ein Demo-Text. Die Stadt ersetzt ihn vor dem Start durch ihr Impressum "
        "nach § 5 DDG und § 18 MStV."
    )


def _privacy(town: DemoTown) -> str:
    return (
        f"Verantwortlich für diese Beteiligungsseiten ist die {town.address.splitlines()[0]}.\n\n"
        "Wir speichern zu Ihren Beiträgen weder IP-Adressen noch Angaben zu Ihrem Browser. "
        "Umfragen beantworten Sie anonym. Es werden nur technisch notwendige Cookies gesetzt "
        "(Schutz vor gefälschten Formularen, Sprachwahl, Anmeldung der Mitarbeitenden).\n\n"
        "Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem Landesdatenschutzgesetz. "
        "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Beschwerde bei der "
        "Datenschutzaufsicht Ihres Landes.\n\n"
        "Hinweis: Dies ist ein Demo-Text; die Stadt ersetzt ihn vor dem Start."
    )


def _accessibility(town: DemoTown) -> str:
    land = BUNDESLAENDER[town.ags[:2]]
    return (
        f"Die {town.address.splitlines()[0]} ist bemüht, diese Seiten im Einklang mit den "
        f"Vorschriften des Landes {land} zur barrierefreien Informationstechnik barrierefrei "
        "zugänglich zu machen (WCAG 2.1 Stufe AA, EN 301 549).\n\n"
        "Stand der Vereinbarkeit: Die Seiten werden bei jeder Änderung automatisch mit axe-core "
        "geprüft. Eine Prüfung durch Menschen mit Behinderungen steht noch aus.\n\n"
        "Hinweis: Dies ist ein Demo-Text; die Stadt ergänzt das Datum der Prüfung und die "
        "Durchsetzungsstelle ihres Landes."
    )


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    town: str


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin("verbund@beteiligung.example", "Verbund-Admin", "alle Städte")]
    for town in DEMO_TOWNS:
        logins.append(DemoLogin(f"admin@{town.slug}.example", "Admin", town.name))
        logins.append(DemoLogin(f"moderation@{town.slug}.example", "Moderation", town.name))
    return logins


@functools.lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    """Hashed once per process: each hash takes argon2's deliberate ~0.15 s, which every
    seeding (each test) paid eleven times. The password is published; sharing its hash
    between the demo accounts gives nothing away."""
    return hash_password(DEMO_PASSWORD)


def _ensure_user(db: Session, email: str, federation_admin: bool = False) -> User:
    user = accounts.user_by_email(db, email)
    if user is None:
        user = accounts.create_user(
            db,
            email,
            DEMO_PASSWORD,
            federation_admin=federation_admin,
            demo=True,
            password_hash=_demo_password_hash(),
        )
    return user


def _ensure_membership(db: Session, user: User, town: Town, role: Role) -> None:
    found = db.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.town_id == town.id)
    ).first()
    if found is None:
        db.add(Membership(user_id=user.id, town_id=town.id, role=role.value))  # type: ignore[arg-type]


def seed_demo(
    db: Session, with_accounts: bool, with_responses: bool = False, with_ideas: bool = False
) -> dict[str, int]:
    """Creates whatever of the demo federation is missing; returns what it created.

    Every town gets an open Pendlerbefragung; `with_responses` fills new ones with a few
    hundred made-up responses (for trying out results, not for the tests' fixtures), and
    `with_ideas` gives every town its demo ideas with their history.
    """
    created = {"towns": 0, "accounts": 0}
    towns: dict[str, Town] = {}
    for spec in DEMO_TOWNS:
        town = db.exec(select(Town).where(Town.slug == spec.slug)).first()
        if town is None:
            town = Town(
                slug=spec.slug,
                name=spec.name,
                ags=spec.ags,
                bundesland=BUNDESLAENDER[spec.ags[:2]],
                contact_email=f"rathaus@{spec.slug}.example",
                contact_address=spec.address,
                imprint_text=_imprint(spec),
                privacy_text=_privacy(spec),
                accessibility_text=_accessibility(spec),
                published=True,
            )
            db.add(town)
            db.flush()
            created["towns"] += 1
        towns[spec.slug] = town
    if with_accounts:
        before = len(list(db.exec(select(User.id))))
        _ensure_user(db, demo_logins()[0].email, federation_admin=True)
        for spec in DEMO_TOWNS:
            admin = _ensure_user(db, f"admin@{spec.slug}.example")
            moderator = _ensure_user(db, f"moderation@{spec.slug}.example")
            _ensure_membership(db, admin, towns[spec.slug], Role.TOWN_ADMIN)
            _ensure_membership(db, moderator, towns[spec.slug], Role.MODERATOR)
        db.flush()
        created["accounts"] = len(list(db.exec(select(User.id)))) - before
    created |= seed_demo_surveys(db, with_responses)
    if with_ideas:
        created["ideas"] = seed_demo_ideas(db, towns)
    return created
