"""Invitation codes: making them, the code list and the letters, the short link, one use each."""

from __future__ import annotations

import re
import secrets
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from beteiligung import clock
from beteiligung.audit import AuditEntry
from beteiligung.db import make_engine, session_scope
from beteiligung.settings import Settings
from beteiligung.surveys import codes
from beteiligung.surveys.models import AccessMode, InvitationCode, Response, Survey, SurveyStatus
from beteiligung.towns.models import Town
from tests.conftest import Persona

SLUG = "buergerbrief-2026"
LOOK_ALIKES = set("0O1IL")


@pytest.fixture
def survey_id(engine: Engine) -> int:
    """An open code-only survey of Mölln, made with plain inserts."""
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        survey = Survey(
            town_id=town.id or 0,
            slug=SLUG,
            title="Bürgerbrief 2026",
            status=SurveyStatus.OPEN.value,
            access_mode=AccessMode.CODES.value,
            closes_on=date(2026, 5, 31),
        )
        db.add(survey)
        db.flush()
        assert survey.id is not None
        return survey.id


def _codes_url(survey_id: int, town: str = "moelln") -> str:
    return f"/verwaltung/{town}/umfragen/{survey_id}/codes"


def _generate(engine: Engine, survey_id: int, count: int) -> list[str]:
    with session_scope(engine) as db:
        survey = db.get(Survey, survey_id)
        assert survey is not None
        return [row.code for row in codes.generate_codes(db, survey, count)]


def _new_response(engine: Engine, survey_id: int) -> int:
    with session_scope(engine) as db:
        response = Response(
            survey_id=survey_id,
            token_hash=secrets.token_hex(32),
            start_nonce=secrets.token_hex(32),
            started_on=date.today(),
            updated_on=date.today(),
        )
        db.add(response)
        db.flush()
        assert response.id is not None
        return response.id


def _claim(engine: Engine, survey_id: int, code: str, response_id: int) -> bool:
    with session_scope(engine) as db:
        survey = db.get(Survey, survey_id)
        assert survey is not None
        return codes.claim_code(db, survey, code, response_id, date.today())


def _stored_codes(engine: Engine, survey_id: int) -> list[InvitationCode]:
    with Session(engine) as db:
        return list(db.exec(select(InvitationCode).where(InvitationCode.survey_id == survey_id)))


def _pdf_content(body: bytes) -> bytes:
    """The page descriptions of an fpdf2 PDF, unpacked (its streams are zlib-compressed)."""
    parts = []
    for match in re.finditer(rb"/Length (\d+)[^<>]*>>\s*stream\r?\n", body):
        data = body[match.end() : match.end() + int(match.group(1))]
        parts.append(zlib.decompress(data) if data[:1] == b"x" else data)
    return b"".join(parts)


def _pdf_pages(body: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", body))


# --- making codes ------------------------------------------------------------


def test_it_makes_codes_that_read_without_doubt() -> None:
    code = codes.new_code()
    assert len(code) == 8
    assert set(code) <= set(codes.ALPHABET)
    assert not LOOK_ALIKES & set(codes.ALPHABET)
    assert codes.format_code("K7QM4TZP") == "K7QM-4TZP"


@pytest.mark.parametrize("typed", ["K7QM4TZP", "k7qm-4tzp", " K7QM 4TZP ", "k7qm–4tzp\n"])
def test_it_accepts_a_code_however_it_is_typed(typed: str) -> None:
    assert codes.normalize_code(typed) == "K7QM4TZP"


def test_it_lets_a_town_admin_generate_codes(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    response = moelln_admin.post(_codes_url(survey_id), {"count": "25"})
    assert response.status_code == 303
    assert response.headers["location"] == _codes_url(survey_id)
    page = moelln_admin.get(_codes_url(survey_id))
    assert "25 Codes wurden erzeugt." in page.text
    stored = _stored_codes(engine, survey_id)
    assert len(stored) == 25
    assert len({row.code for row in stored}) == 25
    assert all(codes.is_well_formed(row.code) for row in stored)
    with Session(engine) as db:
        actions = db.exec(select(AuditEntry.action)).all()
    assert "codes_generated" in actions


def test_it_generates_codes_through_htmx_too(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    assert moelln_admin.htmx_get(_codes_url(survey_id)).status_code == 200
    response = moelln_admin.htmx_post(_codes_url(survey_id), {"count": "1"})
    assert response.status_code == 303
    assert len(_stored_codes(engine, survey_id)) == 1


def test_it_shows_how_many_codes_exist_and_are_used(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    first, *_rest = _generate(engine, survey_id, 3)
    assert _claim(engine, survey_id, first, _new_response(engine, survey_id))
    page = moelln_admin.get(_codes_url(survey_id))
    assert page.status_code == 200
    facts = re.sub(r"\s+", " ", page.text)
    assert "<dt>Erzeugt</dt><dd>3</dd>" in facts.replace("</dt> <dd>", "</dt><dd>")
    assert "<dt>Benutzt</dt><dd>1</dd>" in facts.replace("</dt> <dd>", "</dt><dd>")
    assert "<dt>Noch frei</dt><dd>2</dd>" in facts.replace("</dt> <dd>", "</dt><dd>")
    assert "codes.csv" in page.text
    assert f'href="/verwaltung/moelln/umfragen/{survey_id}"' in page.text  # back to the survey
    assert "briefe.pdf" in page.text


@pytest.mark.parametrize("typed", ["", "0", "5001", "5.001", "zwölf", "-3", "2.5", "2.5e3", "²"])
def test_it_explains_a_bad_number_and_keeps_it(
    moelln_admin: Persona, engine: Engine, survey_id: int, typed: str
) -> None:
    response = moelln_admin.post(_codes_url(survey_id), {"count": typed})
    assert response.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert 'href="#f-count"' in response.text
    assert f'value="{typed}"' in response.text
    assert _stored_codes(engine, survey_id) == []


def test_it_generates_up_to_5000_codes_at_once(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    response = moelln_admin.post(_codes_url(survey_id), {"count": "5.000"})
    assert response.status_code == 303
    assert "5.000 Codes wurden erzeugt." in moelln_admin.get(_codes_url(survey_id)).text
    with Session(engine) as db:
        distinct = db.exec(
            select(func.count(func.distinct(InvitationCode.code))).where(
                InvitationCode.survey_id == survey_id
            )
        ).one()
    assert distinct == 5000


def test_it_refuses_a_count_outside_the_limits_in_the_service(
    engine: Engine, survey_id: int
) -> None:
    for count in (0, codes.MAX_CODES_PER_CALL + 1):
        with pytest.raises(codes.CodeError):
            _generate(engine, survey_id, count)


def test_it_draws_again_when_a_code_is_taken(
    engine: Engine, survey_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _generate(engine, survey_id, 1)[0]
    draws: Iterator[str] = iter([taken, "CCCC4444", "CCCC4444", "DDDD5555", "EEEE6666"])
    monkeypatch.setattr(codes, "new_code", lambda: next(draws))
    # Two codes: the taken one is skipped, the equal pair counts once, then one more is drawn.
    assert sorted(_generate(engine, survey_id, 2)) == ["CCCC4444", "DDDD5555"]
    assert len(_stored_codes(engine, survey_id)) == 3


# --- code list and letters ---------------------------------------------------


def test_it_downloads_the_codes_for_german_excel(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    made = _generate(engine, survey_id, 3)
    assert _claim(engine, survey_id, made[0], _new_response(engine, survey_id))
    response = moelln_admin.get(_codes_url(survey_id) + ".csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="codes-moelln-{SLUG}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Code;Kurzlink;Benutzt"
    assert lines[-1] == ""
    rows = dict(line.split(";", 1) for line in lines[1:-1])
    assert len(rows) == 3
    code = codes.format_code(made[0])
    assert rows[code] == f"http://testserver.local/u/{made[0]};ja"
    assert sorted(value.rsplit(";", 1)[1] for value in rows.values()) == ["ja", "nein", "nein"]


def test_it_prints_one_letter_per_free_code(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    made = _generate(engine, survey_id, 4)
    assert _claim(engine, survey_id, made[0], _new_response(engine, survey_id))
    response = moelln_admin.get(f"/verwaltung/moelln/umfragen/{survey_id}/briefe.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="briefe-moelln-{SLUG}.pdf"'
    )
    body = response.content
    assert body.startswith(b"%PDF-")
    assert b"/Count 3" in body
    assert _pdf_pages(body) == 3
    content = _pdf_content(body)
    for code in made[1:]:
        assert codes.format_code(code).encode() in content
        assert f"testserver.local/u/{code}".encode() in content
    assert codes.format_code(made[0]).encode() not in content
    # Windows-1252 text in the core font: umlauts and ß print, not as "?"
    assert "Mölln".encode("cp1252") in content
    assert "Grüßen".encode("cp1252") in content
    assert b"31. Mai 2026" in content


def test_it_prints_umlauts_and_sharp_s_on_letters() -> None:
    from beteiligung.surveys.letters import Letter, render_letters

    letter = Letter(
        town="Dießen am Ammersee",
        sender="Marktplatz 1, 86911 Dießen am Ammersee",
        contact="",
        title="Wohnen an der Straße – „Mölln“ 2026 ☺",
        minutes=10,
        closes_on="",
        url="https://beteiligung.example/u/K7QM4TZP",
        code="K7QM-4TZP",
    )
    content = _pdf_content(render_letters([letter, letter], title="t", author="a"))
    assert "Dießen am Ammersee".encode("cp1252") in content
    assert "Straße – „Mölln“ 2026 ?".encode("cp1252") in content  # no font for the smiley
    assert b"(beteiligung.example/u/K7QM4TZP)" in content


def test_it_sends_no_empty_letters_file(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    response = moelln_admin.get(f"/verwaltung/moelln/umfragen/{survey_id}/briefe.pdf")
    assert response.status_code == 303
    assert response.headers["location"] == _codes_url(survey_id)
    assert "keine freien Codes" in moelln_admin.get(_codes_url(survey_id)).text


# --- the short link ----------------------------------------------------------


def test_it_sends_the_short_link_to_the_survey_with_the_code(
    resident: Persona, engine: Engine, survey_id: int
) -> None:
    code = _generate(engine, survey_id, 1)[0]
    typed = codes.format_code(code).lower()
    response = resident.get(f"/u/{typed}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/moelln/umfragen/{SLUG}?code={code}"


def test_it_sends_a_used_code_to_the_survey_which_explains_it(
    resident: Persona, engine: Engine, survey_id: int
) -> None:
    code = _generate(engine, survey_id, 1)[0]
    assert _claim(engine, survey_id, code, _new_response(engine, survey_id))
    response = resident.get(f"/u/{code}")
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"?code={code}")


@pytest.mark.parametrize("typed", ["ABCD-EFGH", "nichtda", "K7QM4TZP4TZP"])
def test_it_explains_an_unknown_code(resident: Persona, survey_id: int, typed: str) -> None:
    response = resident.get(f"/u/{typed}")
    assert response.status_code == 404
    assert "Diesen Code gibt es nicht. Bitte prüfen Sie die Eingabe." in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/u/%00",
        "/u/" + "A" * 3000,
        "/u/%F0%9F%98%80",
        "/verwaltung/moelln/umfragen/99999999999/codes",
        "/verwaltung/moelln/umfragen/99999999999999999999999/codes.csv",
        "/verwaltung/moelln/umfragen/0/briefe.pdf",
    ],
)
def test_it_answers_odd_addresses_with_a_calm_404(federation_admin: Persona, url: str) -> None:
    response = federation_admin.get(url)
    assert response.status_code == 404
    assert "<html" in response.text


# --- one use per code ----------------------------------------------------------


def test_it_claims_a_code_once_and_only_for_its_survey(engine: Engine, survey_id: int) -> None:
    code = _generate(engine, survey_id, 1)[0]
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        other = Survey(town_id=town.id or 0, slug="andere-umfrage", title="Andere")
        db.add(other)
        db.flush()
        other_id = other.id or 0
        survey = db.get(Survey, survey_id)
        assert survey is not None
        assert codes.code_state(db, survey, codes.format_code(code).lower()) == "free"
        assert codes.code_state(db, other, code) == "unknown"
        assert codes.code_state(db, survey, "ABCD-EFGH") == "unknown"
    assert not _claim(engine, other_id, code, _new_response(engine, other_id))
    assert _claim(engine, survey_id, code, _new_response(engine, survey_id))
    assert not _claim(engine, survey_id, code, _new_response(engine, survey_id))
    with session_scope(engine) as db:
        survey = db.get(Survey, survey_id)
        assert survey is not None
        assert codes.code_state(db, survey, code) == "used"
    (stored,) = _stored_codes(engine, survey_id)
    assert stored.used_on == clock.today()


def _race(engines: list[Engine], survey_id: int, code: str, responses: list[int]) -> list[bool]:
    """Each engine claims the code for its own response, all at the same moment."""
    start = threading.Barrier(len(engines))
    results: list[bool] = []
    errors: list[BaseException] = []

    def claim(own: Engine, response_id: int) -> None:
        try:
            # Both start at once; on SQLite the second write transaction waits for the first
            # (BEGIN IMMEDIATE), on PostgreSQL the second UPDATE waits for the first's row lock.
            start.wait(timeout=10)
            with session_scope(own) as db:
                survey = db.get(Survey, survey_id)
                assert survey is not None
                won = codes.claim_code(db, survey, code, response_id, date.today())
                time.sleep(0.2)  # keep the transaction open: the other one must wait for it
            results.append(won)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [
        threading.Thread(target=claim, args=(own, response_id))
        for own, response_id in zip(engines, responses, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_exactly_one_of_two_simultaneous_claims_wins(
    settings: Settings, engine: Engine, engine_kwargs: dict[str, Any], survey_id: int
) -> None:
    # Two engines, as two app instances behind a load balancer; a file SQLite or PostgreSQL.
    assert engine.dialect.name == "postgresql" or settings.database_url.startswith("sqlite:///")
    engines = [make_engine(settings, **engine_kwargs) for _ in range(2)]
    try:
        for code in _generate(engine, survey_id, 3):
            responses = [_new_response(engine, survey_id) for _ in engines]
            assert sorted(_race(engines, survey_id, code, responses)) == [False, True]
            with Session(engine) as db:
                stored = db.exec(select(InvitationCode).where(InvitationCode.code == code)).one()
            assert stored.response_id in responses
    finally:
        for own in engines:
            own.dispose()


# --- who may ---------------------------------------------------------------------

STAFF_PAGES = ["codes", "codes.csv", "briefe.pdf"]


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_it_refuses_the_codes_pages_to_a_moderator(
    moelln_moderator: Persona, survey_id: int, page: str
) -> None:
    response = moelln_moderator.get(f"/verwaltung/moelln/umfragen/{survey_id}/{page}")
    assert response.status_code == 403
    assert "nötige Berechtigung" in response.text


def test_it_refuses_generating_codes_to_a_moderator(
    moelln_moderator: Persona, engine: Engine, survey_id: int
) -> None:
    response = moelln_moderator.post(_codes_url(survey_id), {"count": "5"})
    assert response.status_code == 403
    assert _stored_codes(engine, survey_id) == []


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_it_hides_moellns_codes_from_another_towns_admin(
    wittenberge_admin: Persona, engine: Engine, survey_id: int, page: str
) -> None:
    _generate(engine, survey_id, 2)
    for town in ("moelln", "wittenberge"):  # nor through the admin's own town's address
        response = wittenberge_admin.get(f"/verwaltung/{town}/umfragen/{survey_id}/{page}")
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.text


def test_it_refuses_generating_codes_for_another_town(
    wittenberge_admin: Persona, engine: Engine, survey_id: int
) -> None:
    for town in ("moelln", "wittenberge"):
        response = wittenberge_admin.post(_codes_url(survey_id, town), {"count": "5"})
        assert response.status_code == 404
    assert _stored_codes(engine, survey_id) == []


def test_it_refuses_generating_codes_without_csrf_token(
    moelln_admin: Persona, engine: Engine, survey_id: int
) -> None:
    moelln_admin.get(_codes_url(survey_id))
    response = moelln_admin.client.post(_codes_url(survey_id), data={"count": "5"})
    assert response.status_code == 403
    assert "abgelaufen" in response.text
    assert _stored_codes(engine, survey_id) == []


def test_it_lets_the_federation_admin_generate_codes_for_any_town(
    federation_admin: Persona, engine: Engine, survey_id: int
) -> None:
    assert federation_admin.post(_codes_url(survey_id), {"count": "2"}).status_code == 303
    with Session(engine) as db:
        count = db.exec(
            select(func.count(col(InvitationCode.id))).where(InvitationCode.survey_id == survey_id)
        ).one()
    assert count == 2
