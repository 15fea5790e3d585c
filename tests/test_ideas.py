"""Residents and ideas: list, submit with similar-idea hints, support once, comment, report,
the public page with its timeline, and the author's notices — plain and with htmx."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from beteiligung.db import session_scope, utcnow
from beteiligung.ideas import service
from beteiligung.ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaContact,
    IdeaEvent,
    Support,
)
from beteiligung.ideas.similarity import terms_of
from beteiligung.plans.models import FieldOfAction
from beteiligung.towns.models import Town
from tests.conftest import TEST_SECRET, Persona

NEW = "/moelln/ideen/neu"
LIST = "/moelln/ideen"
GOOD = {
    "title": "Mehr Sitzbänke am Marktplatz",
    "body": "Auf dem Marktplatz fehlen Bänke im Schatten, um eine Pause zu machen.",
    "field": "innenstadt",
    "place": "Kernstadt",
}

MakeIdea = Callable[..., int]


@pytest.fixture
def make_idea(engine: Engine) -> MakeIdea:
    """A public idea straight in the tables (the moderation tests cover how it got there)."""

    def make(
        title: str = "Coworking im alten Bahnhof",
        body: str = "Im leeren Bahnhofsgebäude könnten Pendler tageweise arbeiten.",
        town: str = "moelln",
        field: str = "coworking",
        status: str = "published",
        public: bool = True,
        supporters: int = 0,
        age_days: int = 0,
        **extra: Any,
    ) -> int:
        with session_scope(engine) as db:
            town_row = db.exec(select(Town).where(Town.slug == town)).one()
            field_row = db.exec(select(FieldOfAction).where(FieldOfAction.key == field)).one()
            idea = Idea(
                town_id=town_row.id or 0,
                field_id=field_row.id or 0,
                title=title,
                body=body,
                status=status,
                is_public=public,
                reviewed=True,
                support_count=supporters,
                terms=terms_of(title, body),
                created_at=utcnow() - timedelta(days=age_days),
                **extra,
            )
            db.add(idea)
            db.flush()
            assert idea.id is not None
            return idea.id

    return make


def _idea(engine: Engine, idea_id: int) -> Idea:
    with Session(engine) as db:
        idea = db.get(Idea, idea_id)
        assert idea is not None
        return idea


def _count(engine: Engine, model: Any, *where: Any) -> int:
    with Session(engine) as db:
        return db.exec(select(func.count()).select_from(model).where(*where)).one()


def _moderation(engine: Engine, mode: str) -> None:
    with session_scope(engine) as db:
        town = db.exec(select(Town).where(Town.slug == "moelln")).one()
        town.idea_moderation = mode
        db.add(town)


def _url(idea_id: int, slug: str = "x") -> str:
    return f"/moelln/ideen/{idea_id}-{slug}"


def _detail(resident: Persona, idea_id: int) -> Any:
    page = resident.get(_url(idea_id), follow_redirects=True)
    assert page.status_code == 200, page.text
    return page


# --------------------------------------------------------------------------- the list


def test_it_lists_public_ideas_of_the_town_only_with_filters_sort_and_pages(
    resident: Persona, make_idea: MakeIdea
) -> None:
    for number in range(22):
        make_idea(
            title=f"Idee Nummer {number:02d} für Mölln", age_days=number, supporters=number % 5
        )
    make_idea(title="Schnelleres Internet in Breitenfelde", field="infrastruktur", status="planned")
    make_idea(title="Noch nicht freigegeben", status="submitted", public=False)
    make_idea(title="Eine Idee aus Wittenberge", town="wittenberge")

    first = resident.get(LIST)
    assert first.status_code == 200
    assert "23 Ideen" in first.text and "Seite 1 von 2" in first.text
    assert first.text.count('class="card idea-card"') == 20
    assert "Noch nicht freigegeben" not in first.text
    assert "Wittenberge" not in first.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Idee Nummer 00" in first.text  # the newest first

    second = resident.get(LIST + "?seite=2")
    assert second.text.count('class="card idea-card"') == 3

    planned = resident.get(LIST + "?stand=planned")
    assert "1 Idee" in planned.text and "Schnelleres Internet" in planned.text
    field = resident.get(LIST + "?feld=infrastruktur")
    assert "1 Idee" in field.text

    by_support = resident.get(LIST + "?sortierung=unterstuetzt").text
    assert by_support.index("Idee Nummer 04") < by_support.index("Idee Nummer 00")

    partial = resident.htmx_get(LIST + "?feld=infrastruktur")
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'id="ergebnisse"' in partial.text


def test_it_copes_with_nonsense_in_the_list_address(resident: Persona) -> None:
    page = resident.get(LIST + "?seite=999999999999&stand=<b>&feld=%00&sortierung=x")
    assert page.status_code == 200
    assert "0 Ideen" in page.text


# --------------------------------------------------------------------------- submitting


def test_it_holds_a_new_idea_back_under_pre_moderation(resident: Persona, engine: Engine) -> None:
    answer = resident.post(NEW, {**GOOD, "email": "anna@example.org", "consent": "ja"})
    assert answer.status_code == 303
    assert "/moelln/ideen/eingereicht?nr=" in answer.headers["location"]
    thanks = resident.get(answer.headers["location"])
    assert "Die Moderation der Stadt sieht Ihre Idee an" in thanks.text

    with Session(engine) as db:
        idea = db.exec(select(Idea)).one()
        contact = db.exec(select(IdeaContact)).one()
        events = db.exec(select(IdeaEvent).where(IdeaEvent.idea_id == idea.id)).all()
    assert (idea.status, idea.is_public, idea.reviewed) == ("submitted", False, False)
    assert contact.idea_id == idea.id and contact.email == "anna@example.org"
    assert [e.action for e in events] == ["submitted"]
    assert "anna@example.org" not in str(idea.model_dump())
    assert resident.get(_url(idea.id or 0)).status_code == 404
    assert "Mehr Sitzbänke" not in resident.get(LIST).text


def test_it_publishes_a_new_idea_at_once_under_post_moderation(
    resident: Persona, engine: Engine
) -> None:
    _moderation(engine, "post")
    answer = resident.post(NEW, GOOD)
    assert answer.status_code == 303
    idea = _count(engine, Idea, Idea.is_public.is_(True))  # type: ignore[attr-defined]
    assert idea == 1
    thanks = resident.get(answer.headers["location"])
    assert "Ihre Idee ist jetzt öffentlich" in thanks.text
    assert "Mehr Sitzbänke am Marktplatz" in resident.get(LIST).text
    assert _count(engine, IdeaContact) == 0


def test_it_explains_bad_input_in_german_and_keeps_what_was_typed(
    resident: Persona, engine: Engine
) -> None:
    answer = resident.post(
        NEW,
        {
            "title": "Bank",
            "body": "Zu kurz <b>",
            "field": "gibt-es-nicht",
            "place": "P" * 200,
            "email": "keine-adresse",
        },
    )
    assert answer.status_code == 422
    text = answer.text
    assert "Bitte prüfen Sie Ihre Eingaben" in text
    assert "mindestens 5 Zeichen" in text and "mindestens 20 Zeichen" in text
    assert "Bitte wählen Sie ein Handlungsfeld aus der Liste." in text
    assert "höchstens 120 Zeichen" in text
    assert "gültige E-Mail-Adresse" in text
    assert 'value="Bank"' in text and "Zu kurz &lt;b&gt;" in text
    for name in ("title", "body", "field", "place", "email"):
        assert f'href="#f-{name}"' in text and f'id="f-{name}"' in text
    assert _count(engine, Idea) == 0

    no_consent = resident.post(NEW, {**GOOD, "email": "anna@example.org"})
    assert no_consent.status_code == 422
    assert "Bitte bestätigen Sie die Einwilligung" in no_consent.text
    assert 'value="anna@example.org"' in no_consent.text
    assert _count(engine, Idea) == 0


def test_it_refuses_a_filled_honeypot_with_a_message(resident: Persona, engine: Engine) -> None:
    answer = resident.post(NEW, {**GOOD, "webseite": "http://spam.example"})
    assert answer.status_code == 422
    assert "Bitte lassen Sie das Feld „Webseite“ leer" in answer.text
    assert "Mehr Sitzbänke am Marktplatz" in answer.text
    assert _count(engine, Idea) == 0


def test_it_offers_similar_ideas_as_a_step_before_sending_without_javascript(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    existing = make_idea()
    similar = {
        **GOOD,
        "title": "Coworking-Plätze im Bahnhof",
        "body": "Der alte Bahnhof steht leer, dort sollten Pendler arbeiten können.",
        "field": "coworking",
    }
    step = resident.post(NEW, similar)
    assert step.status_code == 200
    assert "Gibt es Ihre Idee schon?" in step.text
    assert "Coworking im alten Bahnhof" in step.text
    assert f"/moelln/ideen/{existing}/unterstuetzen" in step.text  # support instead
    assert 'value="Coworking-Plätze im Bahnhof"' in step.text
    assert _count(engine, Idea) == 1

    sent = resident.post(NEW, {**similar, "trotzdem": "ja"})
    assert sent.status_code == 303
    assert _count(engine, Idea) == 2


def test_it_shows_similar_ideas_live_with_htmx_and_sends_without_a_second_step(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    make_idea()
    make_idea(title="Eine Idee aus Wittenberge zum Coworking im Bahnhof", town="wittenberge")
    hints = resident.htmx_get(
        "/moelln/ideen/aehnliche?title=Coworking+Bahnhof&body=Arbeiten+im+Bahnhof"
    )
    assert hints.status_code == 200
    assert "<html" not in hints.text
    assert "Coworking im alten Bahnhof" in hints.text
    assert "Wittenberge" not in hints.text
    assert 'name="aehnliche_gesehen" value="ja"' in hints.text

    nothing = resident.htmx_get("/moelln/ideen/aehnliche?title=Hundewiese&body=Auslauf")
    assert "Gibt es Ihre Idee schon?" not in nothing.text

    sent = resident.post(
        NEW,
        {
            **GOOD,
            "title": "Coworking am Bahnhof",
            "body": "Arbeiten im Bahnhof, das wäre gut.",
            "aehnliche_gesehen": "ja",
        },
    )
    assert sent.status_code == 303
    assert _count(engine, Idea) == 2 + 1


def test_it_limits_how_many_ideas_one_client_sends(resident: Persona, engine: Engine) -> None:
    for number in range(5):
        assert resident.post(NEW, {**GOOD, "title": f"Idee {number} zum Testen"}).status_code == 303
    refused = resident.post(NEW, {**GOOD, "title": "Die sechste Idee"})
    assert refused.status_code == 429
    assert "sehr viele Beiträge" in refused.text
    assert 'value="Die sechste Idee"' in refused.text
    assert _count(engine, Idea) == 5


# --------------------------------------------------------------------------- one idea


def test_it_shows_an_idea_with_status_note_official_answer_and_timeline(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea(
        status="planned",
        status_note="Der Bauausschuss berät im Frühjahr.",
        official_answer="Wir prüfen den Bahnhof als Standort.",
        official_answer_at=utcnow(),
        place="Bahnhof",
    )
    with session_scope(engine) as db:
        idea = db.get(Idea, idea_id)
        assert idea is not None
        db.add(IdeaEvent(idea_id=idea_id, action="submitted", is_public=True))
        db.add(
            IdeaEvent(
                idea_id=idea_id,
                action="status_changed",
                from_status="published",
                to_status="planned",
                note="Der Bauausschuss berät im Frühjahr.",
                is_public=True,
            )
        )
        db.add(IdeaEvent(idea_id=idea_id, action="corrected", detail="geheim: alter Titel"))

    page = resident.get(_url(idea_id), follow_redirects=False)
    assert page.status_code == 301  # the wrong slug leads to the right address
    assert page.headers["location"] == f"/moelln/ideen/{idea_id}-coworking-im-alten-bahnhof"
    text = _detail(resident, idea_id).text
    assert "Geplant" in text and "Der Bauausschuss berät im Frühjahr." in text
    assert "Antwort der Stadt Mölln" in text and "Wir prüfen den Bahnhof als Standort." in text
    assert "Neuer Stand: Geplant" in text and "Eingereicht" in text
    assert "geheim: alter Titel" not in text
    assert "Coworking &amp; digitales Arbeiten" in text


def test_it_shows_html_in_ideas_and_comments_as_text(
    resident: Persona, make_idea: MakeIdea
) -> None:
    idea_id = make_idea(title="<script>alert(1)</script> Bänke", body="<b>fett</b> " * 5)
    text = _detail(resident, idea_id).text
    assert "<script>alert(1)" not in text and "&lt;script&gt;" in text
    answer = resident.post(
        f"/moelln/ideen/{idea_id}/kommentare", {"comment": "<img src=x onerror=alert(1)>"}
    )
    assert answer.status_code == 303
    text = _detail(resident, idea_id).text
    assert "<img src=x" not in text and "&lt;img src=x" in text


def test_it_does_not_show_ideas_that_are_not_public_or_of_another_town(
    resident: Persona, make_idea: MakeIdea
) -> None:
    hidden = make_idea(status="submitted", public=False)
    other = make_idea(town="wittenberge")
    for idea_id in (hidden, other):
        assert resident.get(_url(idea_id)).status_code == 404
        assert resident.post(f"/moelln/ideen/{idea_id}/unterstuetzen").status_code == 404
        assert (
            resident.post(f"/moelln/ideen/{idea_id}/kommentare", {"comment": "Hallo"}).status_code
            == 404
        )
    assert resident.get("/moelln/ideen/99999999999-x").status_code == 404
    assert resident.get("/moelln/ideen/abc").status_code == 404


def test_it_leads_from_a_merged_duplicate_to_the_kept_idea(
    resident: Persona, make_idea: MakeIdea
) -> None:
    kept = make_idea(title="Coworking im Bahnhof")
    duplicate = make_idea(title="Arbeitsplätze im Bahnhof", merged_into_id=kept)
    answer = resident.get(_url(duplicate))
    assert answer.status_code == 301
    assert answer.headers["location"].startswith(f"/moelln/ideen/{kept}-")
    assert "Arbeitsplätze im Bahnhof" not in resident.get(LIST).text


# --------------------------------------------------------------------------- support


def test_it_counts_a_support_once_per_browser_and_lets_it_be_withdrawn(
    resident: Persona, make_persona: Callable[..., Persona], engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea()
    support = f"/moelln/ideen/{idea_id}/unterstuetzen"
    withdraw = f"/moelln/ideen/{idea_id}/zurueckziehen"

    first = resident.post(support)
    assert first.status_code == 303
    cookie = first.cookies.get("beteiligung_browser") or resident.client.cookies.get(
        "beteiligung_browser"
    )
    assert cookie
    assert "httponly" in first.headers["set-cookie"].lower()
    assert _idea(engine, idea_id).support_count == 1
    assert "Unterstützung zurückziehen" in _detail(resident, idea_id).text

    again = resident.post(support)
    assert again.status_code == 409
    assert "Sie unterstützen diese Idee bereits" in again.text
    assert _idea(engine, idea_id).support_count == 1

    neighbour = make_persona("neighbour")
    assert neighbour.htmx_post(support).status_code == 200
    assert _idea(engine, idea_id).support_count == 2

    with Session(engine) as db:
        stored = db.exec(select(Support.supporter)).all()
    assert cookie not in stored  # only a keyed hash of the cookie is kept
    assert len(set(stored)) == 2

    gone = resident.htmx_post(withdraw)
    assert gone.status_code == 200
    assert "Ihre Unterstützung wurde zurückgezogen." in gone.text
    assert "<html" not in gone.text and "1 Person unterstützt diese Idee." in gone.text
    assert _idea(engine, idea_id).support_count == 1
    twice = resident.post(withdraw)
    assert twice.status_code == 409 and "nichts zurückzuziehen" in twice.text
    assert _idea(engine, idea_id).support_count == 1


def test_it_counts_two_simultaneous_supports_of_one_browser_once(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    import threading

    idea_id = make_idea()
    key = service.browser_key(TEST_SECRET, "the-same-browser-cookie-value", "support")
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def support_once() -> None:
        barrier.wait(timeout=30)  # both start together; SQLite then serialises the writers
        with session_scope(engine) as db:
            idea = db.get(Idea, idea_id)
            assert idea is not None
            results.append(service.support(db, idea, key))

    threads = [threading.Thread(target=support_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert _count(engine, Support) == 1
    assert _idea(engine, idea_id).support_count == 1


# --------------------------------------------------------------------------- comments


def test_it_takes_comments_plain_and_with_htmx(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea()
    url = f"/moelln/ideen/{idea_id}/kommentare"
    plain = resident.post(url, {"comment": "Da wäre ich dabei!", "author_name": "Jana"})
    assert plain.status_code == 303
    assert (
        plain.headers["location"].endswith("#kommentar-1")
        or "#kommentar-" in plain.headers["location"]
    )
    live = resident.htmx_post(url, {"comment": "Ich auch, zweimal die Woche."})
    assert live.status_code == 200 and "<html" not in live.text
    assert "Da wäre ich dabei!" in live.text and "Ich auch, zweimal die Woche." in live.text
    assert "Anonym" in live.text and "Jana" in live.text
    assert _idea(engine, idea_id).comment_count == 2

    empty = resident.htmx_post(url, {"comment": " ", "author_name": "Jana"})
    assert empty.status_code == 422
    assert "Bitte geben Sie Ihren Kommentar ein." in empty.text
    assert 'value="Jana"' in empty.text
    too_long = resident.post(url, {"comment": "x" * 2001})
    assert too_long.status_code == 422 and "höchstens 2000 Zeichen" in too_long.text
    trap = resident.post(url, {"comment": "Kaufen Sie jetzt!", "webseite": "spam"})
    assert trap.status_code == 422
    assert _count(engine, Comment) == 2


def test_it_counts_reports_of_a_comment_once_per_browser(
    resident: Persona, make_persona: Callable[..., Persona], engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea()
    with session_scope(engine) as db:
        comment = Comment(idea_id=idea_id, body="Unsachlicher Beitrag")
        db.add(comment)
        db.flush()
        comment_id = comment.id
    url = f"/moelln/ideen/{idea_id}/kommentare/{comment_id}/melden"
    # Without JavaScript: POST, redirect, GET, so a reload does not send the report again.
    first = resident.post(url)
    assert first.status_code == 303
    back = first.headers["location"]
    assert back.endswith(f"?gemeldet={comment_id}#kommentar-{comment_id}")
    assert "Danke für Ihren Hinweis" in resident.get(back).text
    # the same link opened by anyone who did not report the comment thanks nobody
    assert "Danke für Ihren Hinweis" not in make_persona("passer-by").get(back).text
    second = resident.htmx_post(url)
    assert second.status_code == 200 and "<html" not in second.text
    assert "bereits gemeldet" in second.text
    assert make_persona("other").post(url).status_code == 303
    with Session(engine) as db:
        stored = db.get(Comment, comment_id)
        assert stored is not None and stored.open_reports == 2
    assert _count(engine, CommentReport) == 2
    assert resident.post(f"/moelln/ideen/{idea_id}/kommentare/999999/melden").status_code == 404


# --------------------------------------------------------------------------- notices


def test_it_lets_the_author_stop_notices_and_delete_the_address(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    idea_id = make_idea()
    with session_scope(engine) as db:
        contact = IdeaContact(idea_id=idea_id, email="anna@example.org")
        db.add(contact)
        db.flush()
        token = service.contact_token(TEST_SECRET, contact)
    url = f"/ideen/benachrichtigung/{token}"
    page = resident.get(url)
    assert page.status_code == 200
    assert "Coworking im alten Bahnhof" in page.text
    assert "anna@example.org" not in page.text

    assert resident.post(url + "/abbestellen").status_code == 303
    with Session(engine) as db:
        assert db.exec(select(IdeaContact)).one().notify is False
    assert "Sie erhalten keine Nachrichten mehr" in resident.get(url).text

    deleted = resident.post(url + "/loeschen")
    assert deleted.status_code == 200
    assert "Ihre E-Mail-Adresse wurde gelöscht" in deleted.text
    assert _count(engine, IdeaContact) == 0
    assert _count(engine, Idea) == 1  # the idea stays
    gone = resident.get(url)
    assert gone.status_code == 404 and "Dieser Link gilt nicht (mehr)" in gone.text


@pytest.mark.parametrize("token", ["1-" + "0" * 32, "abc", "99999999999-x", "-", "1"])
def test_it_refuses_forged_notice_links(resident: Persona, token: str) -> None:
    assert resident.get(f"/ideen/benachrichtigung/{token}").status_code == 404
    assert resident.post(f"/ideen/benachrichtigung/{token}/loeschen").status_code == 404


def test_it_links_the_ideas_from_the_town_page(resident: Persona) -> None:
    text = resident.get("/moelln").text
    assert 'href="/moelln/ideen"' in text and 'href="/moelln/ideen/neu"' in text
    form = resident.get(NEW)
    assert form.status_code == 200
    assert re.search(
        r'<option value="coworking">Coworking &amp; digitales Arbeiten</option>', form.text
    )
    assert 'name="webseite"' in form.text
