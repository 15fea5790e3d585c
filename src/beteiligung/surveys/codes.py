"""Invitation codes for surveys sent by letter to a sample of residents.

A code admits one response. Codes are printed on letters, so they are short, read
aloud without doubt (no 0/O, 1/I/L) and shown in two groups ("K7QM-4TZP"); they are
stored without the dash. Which code went to which address is never stored here: the
letters come out of the PDF unaddressed and are put into envelopes in any order.
"""

from __future__ import annotations

import csv
import io
import math
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel.dates import format_date
from sqlalchemy import Table, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from beteiligung.db import utcnow
from beteiligung.i18n import format_number
from beteiligung.i18n import gettext as _
from beteiligung.surveys.letters import Letter, render_letters
from beteiligung.surveys.models import InvitationCode, Question, Survey
from beteiligung.towns.models import Town

# 31 characters without look-alikes: 31**8 ≈ 8.5e11 codes, so guessing one is hopeless.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_CODES_PER_CALL = 5000
_INSERT_CHUNK = 500  # rows per INSERT: well below SQLite's and PostgreSQL's parameter limits
_MAX_ROUNDS = 20

CodeState = Literal["unknown", "used", "free"]


class CodeError(ValueError):
    """A wrong number of codes asked for; the message is for the form."""


# --- codes -------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _position in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What people type or scan -> the stored form: upper case, no spaces or dashes."""
    return "".join(ch for ch in raw[:64].upper() if not ch.isspace() and ch not in "-‐‑–—_")


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def format_code(code: str) -> str:
    """The printed form, in two groups of four: "K7QM-4TZP"."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


# "25", "5000" or with the German thousands dot "5.000"; never "2.5" read as 25.
_COUNT_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d{1,6})$")


def parse_count(raw: str) -> int:
    """The number of codes asked for in the form, or a CodeError that says what is wrong."""
    text = raw.strip()
    if not text:
        raise CodeError(_("Bitte geben Sie an, wie viele Codes erzeugt werden sollen."))
    count = int(text.replace(".", "")) if _COUNT_RE.fullmatch(text) and text.isascii() else 0
    if not 1 <= count <= MAX_CODES_PER_CALL:
        raise CodeError(
            _(
                "Bitte geben Sie eine ganze Zahl zwischen 1 und %(most)s ein.",
                most=format_number(MAX_CODES_PER_CALL),
            )
        )
    return count


def _table() -> Table:
    return InvitationCode.__table__  # type: ignore[attr-defined,no-any-return]


def _insert_unless_taken(db: Session, survey_id: int, codes: Sequence[str]) -> list[str]:
    """Insert the codes; one already in the table (any survey's) is skipped, not an error.

    ON CONFLICT DO NOTHING also covers a code inserted at the same moment by another
    request, which a SELECT before the INSERT would miss.
    """
    table = _table()
    now = utcnow()
    rows = [{"survey_id": survey_id, "code": code, "created_at": now} for code in codes]
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    statement = (
        insert.values(rows)
        .on_conflict_do_nothing(index_elements=[table.c.code])
        .returning(table.c.code)
    )
    return list(db.exec(statement).scalars())


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generate_codes(db: Session, survey: Survey, count: int) -> list[InvitationCode]:
    """`count` new codes for the survey (1 to 5000), unique across every survey."""
    if not 1 <= count <= MAX_CODES_PER_CALL:
        raise CodeError(f"count must be between 1 and {MAX_CODES_PER_CALL}")
    assert survey.id is not None
    created: list[str] = []
    for _round in range(_MAX_ROUNDS):
        missing = count - len(created)
        if missing == 0:
            break
        # A set: two equal draws in one batch would make the INSERT skip one of them anyway.
        candidates = sorted({new_code() for _draw in range(missing)})
        for chunk in _chunks(candidates, _INSERT_CHUNK):
            created += _insert_unless_taken(db, survey.id, chunk)
    if len(created) != count:
        raise RuntimeError("no free invitation codes found: is the alphabet too small?")
    found: list[InvitationCode] = []
    for chunk in _chunks(created, _INSERT_CHUNK):
        found += db.exec(select(InvitationCode).where(col(InvitationCode.code).in_(chunk)))
    return sorted(found, key=lambda row: row.id or 0)


def find_code(db: Session, raw: str) -> tuple[Town, Survey, InvitationCode] | None:
    """The code wherever it belongs: for the short link, which names no survey."""
    code = normalize_code(raw)
    if not is_well_formed(code):
        return None
    row = db.exec(
        select(Town, Survey, InvitationCode)
        .join(Survey, col(Survey.town_id) == col(Town.id))
        .join(InvitationCode, col(InvitationCode.survey_id) == col(Survey.id))
        .where(InvitationCode.code == code, col(Town.published))
    ).first()
    return (row[0], row[1], row[2]) if row else None


def code_state(db: Session, survey: Survey, raw: str) -> CodeState:
    code = normalize_code(raw)
    if not is_well_formed(code):
        return "unknown"
    used = db.exec(
        select(col(InvitationCode.response_id).is_not(None)).where(
            InvitationCode.survey_id == survey.id, InvitationCode.code == code
        )
    ).first()
    if used is None:
        return "unknown"
    return "used" if used else "free"


def claim_code(db: Session, survey: Survey, raw: str, response_id: int, today: date) -> bool:
    """Mark the code as used by the response; True only for the one request that did it.

    A single conditional UPDATE decides: PostgreSQL makes a concurrent UPDATE of the row
    wait and then re-checks `response_id IS NULL`; SQLite lets one writer at a time in.
    So of two requests with the same code exactly one changes a row, on both databases.
    """
    code = normalize_code(raw)
    if not is_well_formed(code):
        return False
    result = db.exec(
        update(InvitationCode)
        .where(
            col(InvitationCode.survey_id) == survey.id,
            col(InvitationCode.code) == code,
            col(InvitationCode.response_id).is_(None),
        )
        .values(response_id=response_id, used_on=today)
    )
    return result.rowcount == 1


@dataclass(frozen=True)
class CodeCounts:
    total: int
    used: int

    @property
    def free(self) -> int:
        return self.total - self.used


def code_counts(db: Session, survey: Survey) -> CodeCounts:
    total, used = db.exec(
        select(
            func.count(col(InvitationCode.id)), func.count(col(InvitationCode.response_id))
        ).where(InvitationCode.survey_id == survey.id)
    ).one()
    return CodeCounts(total=total, used=used)


def _codes(db: Session, survey: Survey, *, free_only: bool = False) -> list[tuple[str, bool]]:
    query = select(InvitationCode.code, col(InvitationCode.response_id).is_not(None)).where(
        InvitationCode.survey_id == survey.id
    )
    if free_only:
        query = query.where(col(InvitationCode.response_id).is_(None))
    return [(code, bool(used)) for code, used in db.exec(query.order_by(col(InvitationCode.id)))]


def short_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/u/{code}"


# --- downloads ---------------------------------------------------------------


def codes_csv(db: Session, survey: Survey, base_url: str) -> str:
    """Every code of the survey for German Excel: `;`-separated, with a BOM for UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Code"), _("Kurzlink"), _("Benutzt")])
    yes, no = _("ja"), _("nein")
    for code, used in _codes(db, survey):
        writer.writerow([format_code(code), short_url(base_url, code), yes if used else no])
    return out.getvalue()


def minutes_needed(question_count: int) -> int:
    """A generous estimate for the letter: half a minute a question, in steps of five."""
    return max(5, math.ceil(question_count / 2 / 5) * 5)


def letters_pdf(db: Session, survey: Survey, town: Town, base_url: str) -> bytes:
    """A4 letters, one page per unused code, in the residents' language (German)."""
    questions = db.exec(
        select(func.count(col(Question.id))).where(Question.survey_id == survey.id)
    ).one()
    closes_on = (
        format_date(survey.closes_on, format="long", locale="de") if survey.closes_on else ""
    )
    letters = [
        Letter(
            town=town.name,
            sender=", ".join(
                line.strip() for line in town.contact_address.splitlines() if line.strip()
            ),
            contact=" · ".join(p for p in (town.contact_email, town.contact_phone) if p),
            title=survey.title,
            minutes=minutes_needed(questions),
            closes_on=closes_on,
            url=short_url(base_url, code),
            code=format_code(code),
        )
        for code, _used in _codes(db, survey, free_only=True)
    ]
    return render_letters(letters, title=survey.title, author=town.name)
