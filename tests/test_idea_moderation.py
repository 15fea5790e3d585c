"""Moderators curate their town's ideas: the queue, publish, reject, the lifecycle, corrections,
answers, comments, merges, settings; plain forms and htmx; the audit log; the author's
notices through a real SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from beteiligung.accounts.models import User
from beteiligung.audit import AuditEntry
from beteiligung.ideas import service
from beteiligung.ideas.display import idea_ref
from beteiligung.ideas.models import Comment, Idea, IdeaContact, IdeaEvent, Support
from beteiligung.towns.models import Town
from tests.conftest import TEST_SECRET, Persona

BASE = "/verwaltung/moelln/ideen"
BODY = "Im leeren Bahnhofsgebäude könnten Pendlerinnen und Pendler gemeinsam arbeiten."


# --------------------------------------------------------------------------- mail


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback; every app in this module sends its mail there."""
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port  # type: ignore[attr-defined]
    yield box
    controller.stop()


@pytest.fixture
def settings_overrides(mailbox: Mailbox) -> dict[str, Any]:
    port = mailbox.port  # type: ignore[attr-defined]
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}


def _body(message: Any) -> str:
    return str(message.get_content())


# --------------------------------------------------------------------------- helpers


def _town(db: Session, slug: str = "moelln") -> Town:
    return db.exec(select(Town).where(Town.slug == slug)).one()


def _submit(
    engine: Engine,
    title: str = "Coworking im Bahnhof",
    body: str = BODY,
    *,
    town: str = "moelln",
    email: str = "",
    mode: str = "pre",
) -> int:
    """An idea as a resident submits it (under the given moderation mode)."""
    with Session(engine) as db:
        place = _town(db, town)
        place.idea_moderation = mode
        db.add(place)
        raw = {"title": title, "body": body, "field": "coworking", "email": email}
        form = service.validate_idea(db, raw | {"consent": "ja" if email else ""})
        assert not form.errors, form.errors
        idea, _contact = service.submit_idea(db, place, form)
        db.commit()
        return idea.id or 0


def _idea(engine: Engine, idea_id: int) -> Idea:
    with Session(engine) as db:
        idea = db.get(Idea, idea_id)
        assert idea is not None
        return idea


def _events(engine: Engine, idea_id: int) -> list[IdeaEvent]:
    with Session(engine) as db:
        query = select(IdeaEvent).where(IdeaEvent.idea_id == idea_id)
        return list(db.exec(query.order_by(col(IdeaEvent.id))))


def _audit(engine: Engine) -> list[tuple[str, str, str]]:
    """(action, who, detail) of Mölln's audit log, oldest first."""
    with Session(engine) as db:
        town = _town(db)
        rows = db.exec(
            select(AuditEntry, User.email)
            .join(User, col(User.id) == col(AuditEntry.user_id), isouter=True)
            .where(AuditEntry.town_id == town.id)
            .order_by(col(AuditEntry.id))
        )
        return [(entry.action, email or "", entry.detail) for entry, email in rows]


def _comment(engine: Engine, idea_id: int, text: str, reports: int = 0) -> int:
    with Session(engine) as db:
        comment = Comment(idea_id=idea_id, body=text, open_reports=reports)
        db.add(comment)
        idea = db.get(Idea, idea_id)
        assert idea is not None
        idea.comment_count += 1
        db.add(idea)
        db.commit()
        return comment.id or 0


def _supporters(engine: Engine, idea_id: int, *names: str) -> None:
    with Session(engine) as db:
        for name in names:
            db.add(Support(idea_id=idea_id, supporter=service.browser_key("k", name, "support")))
        idea = db.get(Idea, idea_id)
        assert idea is not None
        idea.support_count += len(names)
        db.add(idea)
        db.commit()


def _public_url(app: Litestar, engine: Engine, idea_id: int) -> str:
    idea = _idea(engine, idea_id)
    return app.route_reverse("idea_detail", town_slug="moelln", idea_ref=idea_ref(idea))


LIFECYCLE = [
    ("in_review", "Die Verwaltung prüft die Räume."),
    ("planned", "Der Stadtrat hat Geld bereitgestellt."),
    ("in_implementation", "Die Tische werden geliefert."),
    ("implemented", "Der Coworking-Raum ist offen."),
]


# --------------------------------------------------------------------------- lifecycle


def test_it_moves_an_idea_through_the_whole_lifecycle_with_plain_forms(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    idea_id = _submit(engine)
    url = f"{BASE}/{idea_id}"
    response = moelln_moderator.post(f"{url}/veroeffentlichen", {"note": "Danke für die Idee!"})
    assert response.status_code == 303
    assert response.headers["location"] == url
    assert "ist veröffentlicht" in moelln_moderator.get(url).text  # the flash
    for status, note in LIFECYCLE:
        response = moelln_moderator.post(f"{url}/stand", {"target": status, "note": note})
        assert response.status_code == 303, response.text
        assert _idea(engine, idea_id).status == status
    idea = _idea(engine, idea_id)
    assert idea.is_public and idea.reviewed
    assert idea.status_note == "Der Coworking-Raum ist offen."
    public = [e for e in _events(engine, idea_id) if e.is_public]
    assert [e.to_status for e in public] == [
        "",
        "published",
        "in_review",
        "planned",
        "in_implementation",
        "implemented",
    ]
    page = resident.get(_public_url(app, engine, idea_id))
    assert page.status_code == 200
    for _status, note in LIFECYCLE:
        assert note in page.text  # the public timeline shows every note


def test_it_moves_an_idea_through_the_lifecycle_with_htmx(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine)
    url = f"{BASE}/{idea_id}"
    response = moelln_moderator.htmx_post(f"{url}/veroeffentlichen", {"note": ""})
    assert response.status_code == 200
    assert 'id="idee-panel"' in response.text
    assert "<html" not in response.text  # the panel only
    for status, note in LIFECYCLE:
        response = moelln_moderator.htmx_post(f"{url}/stand", {"target": status, "note": note})
        assert response.status_code == 200, response.text
        assert "Die Idee hat jetzt den Stand" in response.text
        assert note in response.text  # the record in the panel
    assert _idea(engine, idea_id).status == "implemented"


@pytest.mark.parametrize("htmx", [False, True])
def test_it_refuses_a_step_the_lifecycle_does_not_allow_and_keeps_the_note(
    moelln_moderator: Persona, engine: Engine, htmx: bool
) -> None:
    idea_id = _submit(engine)
    post = moelln_moderator.htmx_post if htmx else moelln_moderator.post
    data = {"target": "planned", "note": "Mein <b>wichtiger</b> Text"}
    response = post(f"{BASE}/{idea_id}/stand", data)
    assert response.status_code == 422
    assert "kann die Idee nicht nach „Geplant“ wechseln" in response.text
    assert "Mein &lt;b&gt;wichtiger&lt;/b&gt; Text" in response.text
    assert ("<html" in response.text) is not htmx
    assert _idea(engine, idea_id).status == "submitted"


def test_it_asks_for_a_public_note_when_the_status_changes(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    response = moelln_moderator.post(f"{BASE}/{idea_id}/stand", {"target": "in_review"})
    assert response.status_code == 422
    assert "kurze öffentliche Notiz" in response.text
    assert _idea(engine, idea_id).status == "published"


# --------------------------------------------------------------------------- reject


def test_it_rejects_with_a_prepared_reason_shown_in_public(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    reason = "Dafür ist der Landkreis zuständig."
    with Session(engine) as db:
        town = _town(db)
        town.rejection_reasons = f"Doppelt eingereicht\n{reason}"
        db.add(town)
        db.commit()
    idea_id = _submit(engine, mode="post")
    page = moelln_moderator.get(f"{BASE}/{idea_id}")
    assert f'<option value="{reason}">' in page.text
    response = moelln_moderator.post(f"{BASE}/{idea_id}/ablehnen", {"reason": reason})
    assert response.status_code == 303
    idea = _idea(engine, idea_id)
    assert (idea.status, idea.status_note, idea.is_public) == ("rejected", reason, True)
    public = resident.get(_public_url(app, engine, idea_id))
    assert public.status_code == 200
    assert reason in public.text


def test_it_takes_a_rejected_idea_off_the_public_site_when_asked(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    url = _public_url(app, engine, idea_id)
    assert resident.get(url).status_code == 200
    data = {"reason_text": "Enthält Beleidigungen.", "hide": "on"}
    response = moelln_moderator.htmx_post(f"{BASE}/{idea_id}/ablehnen", data)
    assert response.status_code == 200
    assert "Die Idee ist abgelehnt." in response.text
    assert _idea(engine, idea_id).is_public is False
    assert resident.get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason_text": ""}, "Bitte geben Sie eine Begründung an"),
        ({"reason": "Erfunden"}, "Bitte wählen Sie eine Begründung aus der Liste"),
        ({"reason_text": "x" * 1001}, "höchstens 1000 Zeichen"),
    ],
)
def test_it_refuses_a_rejection_without_a_usable_reason(
    moelln_moderator: Persona, engine: Engine, data: dict[str, str], message: str
) -> None:
    idea_id = _submit(engine)
    response = moelln_moderator.post(f"{BASE}/{idea_id}/ablehnen", data | {"hide": "on"})
    assert response.status_code == 422
    assert message in response.text
    assert "checked" in response.text.split('id="f-reject-hide"')[1][:40]  # kept
    assert _idea(engine, idea_id).status == "submitted"


# --------------------------------------------------------------------------- corrections


def test_it_logs_a_spelling_correction_for_staff_only(
    moelln_moderator: Persona, moelln_admin: Persona, app: Litestar, engine: Engine
) -> None:
    idea_id = _submit(engine, "Cowroking im Bahnhof", mode="post")
    data = {
        "title": "Coworking im Bahnhof",
        "body": BODY,
        "place": "Bahnhof",
        "field": "coworking",
        "why": "Tippfehler im Titel",
    }
    response = moelln_moderator.post(f"{BASE}/{idea_id}/korrigieren", data)
    assert response.status_code == 303
    idea = _idea(engine, idea_id)
    assert (idea.title, idea.place) == ("Coworking im Bahnhof", "Bahnhof")
    corrected = [e for e in _events(engine, idea_id) if e.action == "corrected"]
    assert len(corrected) == 1 and not corrected[0].is_public
    assert "Cowroking im Bahnhof" in corrected[0].detail
    assert "Cowroking" in moelln_moderator.get(f"{BASE}/{idea_id}").text  # the staff record
    public = moelln_admin.client.get(_public_url(app, engine, idea_id))
    assert public.status_code == 200 and "Cowroking" not in public.text
    log = moelln_admin.get("/verwaltung/moelln/protokoll").text
    assert "Idee korrigiert" in log and "Tippfehler im Titel" in log


def test_it_moves_an_idea_to_another_field_of_action_in_public(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    data = {"title": "Coworking im Bahnhof", "body": BODY, "place": "", "field": "leerstand"}
    response = moelln_moderator.htmx_post(f"{BASE}/{idea_id}/korrigieren", data)
    assert response.status_code == 200
    assert "Die Änderungen sind gespeichert." in response.text
    changed = [e for e in _events(engine, idea_id) if e.action == "field_changed"]
    assert len(changed) == 1 and changed[0].is_public and changed[0].note == "Leerstand nutzen"
    assert not [e for e in _events(engine, idea_id) if e.action == "corrected"]


def test_it_explains_a_bad_correction_and_keeps_the_text(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine)
    data = {"title": "Ab", "body": "Mein neuer Text", "field": "gibt-es-nicht", "why": "x"}
    response = moelln_moderator.htmx_post(f"{BASE}/{idea_id}/korrigieren", data)
    assert response.status_code == 422
    assert 'href="#f-correct-title"' in response.text
    assert "Bitte wählen Sie ein Handlungsfeld aus der Liste." in response.text
    assert "Mein neuer Text" in response.text
    assert _idea(engine, idea_id).title == "Coworking im Bahnhof"


def test_it_publishes_an_official_answer(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    answer = "Wir prüfen das mit der Deutschen Bahn."
    response = moelln_moderator.post(f"{BASE}/{idea_id}/antwort", {"answer": answer})
    assert response.status_code == 303
    assert _idea(engine, idea_id).official_answer == answer
    assert answer in resident.get(_public_url(app, engine, idea_id)).text
    refused = moelln_moderator.htmx_post(f"{BASE}/{idea_id}/antwort", {"answer": "  "})
    assert refused.status_code == 422
    assert "Bitte schreiben Sie die Antwort der Stadt." in refused.text


# --------------------------------------------------------------------------- comments


def test_it_hides_a_reported_comment_with_a_reason(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    comment_id = _comment(engine, idea_id, "Ein beleidigender Kommentar", reports=3)
    queue = moelln_moderator.get(BASE).text
    assert "Ein beleidigender Kommentar" in queue and "3 Meldungen" in queue
    url = f"{BASE}/{idea_id}/kommentare/{comment_id}/verbergen"
    refused = moelln_moderator.htmx_post(url, {"reason": ""})
    assert refused.status_code == 422
    assert f'href="#f-c{comment_id}-reason"' in refused.text
    assert "warum der Kommentar verborgen wird" in refused.text
    response = moelln_moderator.htmx_post(url, {"reason": "Beleidigung"})
    assert response.status_code == 200
    assert "Der Kommentar ist verborgen." in response.text
    with Session(engine) as db:
        comment = db.get(Comment, comment_id)
        assert comment is not None
        assert (comment.hidden, comment.hidden_reason, comment.open_reports) == (
            True,
            "Beleidigung",
            0,
        )
    assert _idea(engine, idea_id).comment_count == 0
    assert "Ein beleidigender Kommentar" not in moelln_moderator.get(BASE).text


def test_it_keeps_a_reported_comment_and_clears_its_reports(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    comment_id = _comment(engine, idea_id, "Ein harmloser Kommentar", reports=1)
    url = f"{BASE}/{idea_id}/kommentare/{comment_id}/behalten"
    response = moelln_moderator.post(url)
    assert response.status_code == 303
    with Session(engine) as db:
        comment = db.get(Comment, comment_id)
        assert comment is not None and comment.open_reports == 0 and not comment.hidden
    assert _idea(engine, idea_id).comment_count == 1
    assert "Keine gemeldeten Kommentare." in moelln_moderator.get(BASE).text


def test_it_answers_404_for_a_comment_of_another_idea(
    moelln_moderator: Persona, engine: Engine
) -> None:
    first, second = _submit(engine), _submit(engine, "Ladenlokal für Kunst")
    comment_id = _comment(engine, second, "Woanders")
    url = f"{BASE}/{first}/kommentare/{comment_id}/verbergen"
    assert moelln_moderator.post(url, {"reason": "x"}).status_code == 404
    unknown = f"{BASE}/{first}/kommentare/99999999999/behalten"
    assert moelln_moderator.post(unknown).status_code == 404
    assert _idea(engine, second).comment_count == 1


# --------------------------------------------------------------------------- merge


def test_it_merges_supporters_without_counting_anyone_twice(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    kept = _submit(engine, "Coworking im alten Bahnhof", mode="post")
    duplicate = _submit(engine, "Arbeitsplätze im Bahnhof", mode="post")
    _supporters(engine, kept, "anna", "ben")
    _supporters(engine, duplicate, "ben", "carla", "dora")  # ben supported both
    _comment(engine, duplicate, "Bin dabei!")
    duplicate_url = _public_url(app, engine, duplicate)
    data = {"target": str(kept), "note": "Gleiche Idee"}
    response = moelln_moderator.post(f"{BASE}/{duplicate}/zusammenfuehren", data)
    assert response.status_code == 303, response.text
    assert _idea(engine, kept).support_count == 4  # anna, ben, carla, dora
    assert _idea(engine, kept).comment_count == 1
    assert _idea(engine, duplicate).merged_into_id == kept
    with Session(engine) as db:
        rows = db.exec(select(Support).where(Support.idea_id == kept)).all()
        assert len(rows) == 4
        assert not db.exec(select(Support).where(Support.idea_id == duplicate)).all()
    redirect = resident.get(duplicate_url)
    assert redirect.status_code in (301, 308)
    assert redirect.headers["location"] == _public_url(app, engine, kept)
    page = moelln_moderator.get(f"{BASE}/{duplicate}").text
    assert "zusammengeführt mit" in page
    assert "Zusammenführen</button>" not in page  # no more actions on the duplicate


def test_it_refuses_to_merge_an_idea_into_itself_or_into_another_town(
    moelln_moderator: Persona, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    elsewhere = _submit(engine, "Coworking in Wittenberge", town="wittenberge", mode="post")
    url = f"{BASE}/{idea_id}/zusammenfuehren"
    itself = moelln_moderator.post(url, {"target": str(idea_id), "note": "meine Notiz"})
    assert itself.status_code == 422
    assert "nicht mit sich selbst" in itself.text and "meine Notiz" in itself.text
    other = moelln_moderator.htmx_post(url, {"target": str(elsewhere)})
    assert other.status_code == 422
    assert "Bitte wählen Sie die Idee aus der Liste" in other.text
    junk = moelln_moderator.htmx_post(url, {"target": "99999999999999"})
    assert junk.status_code == 422
    assert _idea(engine, idea_id).merged_into_id is None
    assert _idea(engine, elsewhere).support_count == 0


# --------------------------------------------------------------------------- queue


def test_it_queues_new_ideas_under_pre_moderation_with_duplicate_hints(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    first = _submit(engine, "Coworking im Bahnhof")
    second = _submit(engine, "Coworking-Plätze im Bahnhof", BODY + " Mit WLAN.")
    assert resident.get(_public_url(app, engine, first)).status_code == 404  # not yet public
    queue = moelln_moderator.get(BASE).text
    assert "Neue Ideen (2)" in queue
    assert "Ähnliche Ideen" in queue
    assert f'href="{BASE}/{first}"' in queue and f'href="{BASE}/{second}"' in queue
    moelln_moderator.post(f"{BASE}/{first}/veroeffentlichen")
    assert "Neue Ideen (1)" in moelln_moderator.get(BASE).text
    assert resident.get(_public_url(app, engine, first)).status_code == 200


def test_it_queues_public_unchecked_ideas_under_post_moderation(
    moelln_moderator: Persona, resident: Persona, app: Litestar, engine: Engine
) -> None:
    idea_id = _submit(engine, mode="post")
    assert resident.get(_public_url(app, engine, idea_id)).status_code == 200
    assert "Neue Ideen (1)" in moelln_moderator.get(BASE).text
    response = moelln_moderator.htmx_post(f"{BASE}/{idea_id}/veroeffentlichen", {"note": ""})
    assert response.status_code == 200
    assert "als geprüft markiert" in response.text
    assert "Neue Ideen (0)" in moelln_moderator.get(BASE).text
    again = moelln_moderator.post(f"{BASE}/{idea_id}/veroeffentlichen")
    assert again.status_code == 422
    assert "bereits veröffentlicht und geprüft" in again.text


def test_it_filters_all_ideas_by_status(moelln_moderator: Persona, engine: Engine) -> None:
    published = _submit(engine, "Öffentliche Idee zum Bahnhof", mode="post")
    waiting = _submit(engine, "Wartende Idee zum Marktplatz")
    page = moelln_moderator.get(f"{BASE}?stand=published").text
    assert f"#{published} " in page and f"#{waiting} " not in page.split("Alle Ideen")[1]
    assert moelln_moderator.get(f"{BASE}?stand=quatsch").status_code == 200


# --------------------------------------------------------------------------- settings and access


def test_it_lets_only_the_town_admin_change_the_idea_settings(
    moelln_moderator: Persona, moelln_admin: Persona, engine: Engine
) -> None:
    url = f"{BASE}/einstellungen"
    assert moelln_moderator.get(url).status_code == 403
    assert moelln_moderator.post(url, {"mode": "post"}).status_code == 403
    assert moelln_admin.get(url).status_code == 200
    bad = moelln_admin.post(url, {"mode": "irgendwie", "reasons": "Mein Grund"})
    assert bad.status_code == 422
    assert "Bitte wählen Sie eine der beiden Arten" in bad.text and "Mein Grund" in bad.text
    data = {"mode": "post", "reasons": "Doppelt\r\n\r\n  Nicht zuständig  "}
    assert moelln_admin.post(url, data).status_code == 303
    with Session(engine) as db:
        town = _town(db)
        assert (town.idea_moderation, town.rejection_reasons) == (
            "post",
            "Doppelt\nNicht zuständig",
        )
    assert ("idea_settings_changed", "admin@moelln.example", "post") in _audit(engine)


def test_it_answers_404_to_staff_of_another_town(
    wittenberge_admin: Persona, moelln_moderator: Persona, engine: Engine
) -> None:
    moelln_idea = _submit(engine)
    wittenberge_idea = _submit(engine, "Coworking in Wittenberge", town="wittenberge")
    assert wittenberge_admin.get(f"{BASE}/{moelln_idea}").status_code == 404
    data = {"note": "x"}
    assert wittenberge_admin.post(f"{BASE}/{moelln_idea}/veroeffentlichen", data).status_code == 404
    own_town = f"/verwaltung/wittenberge/ideen/{moelln_idea}"
    assert wittenberge_admin.post(f"{own_town}/veroeffentlichen", data).status_code == 404
    assert moelln_moderator.get(f"{BASE}/{wittenberge_idea}").status_code == 404
    assert moelln_moderator.get(f"{BASE}/99999999999").status_code == 404
    assert _idea(engine, moelln_idea).status == "submitted"


def test_it_records_every_action_with_who_and_why(
    moelln_moderator: Persona, moelln_admin: Persona, engine: Engine
) -> None:
    kept = _submit(engine, "Coworking im alten Bahnhof", mode="post")
    idea_id = _submit(engine)
    url = f"{BASE}/{idea_id}"
    moelln_moderator.post(f"{url}/veroeffentlichen", {"note": "Passt"})
    moelln_moderator.post(f"{url}/stand", {"target": "in_review", "note": "Wird geprüft"})
    data = {"title": "Coworking am Bahnhof", "body": BODY, "field": "coworking", "why": "Titel"}
    moelln_moderator.post(f"{url}/korrigieren", data)
    moelln_moderator.post(f"{url}/antwort", {"answer": "Wir melden uns"})
    comment_id = _comment(engine, idea_id, "Spam", reports=1)
    moelln_moderator.post(f"{url}/kommentare/{comment_id}/verbergen", {"reason": "Werbung"})
    other_comment = _comment(engine, idea_id, "Okay", reports=1)
    moelln_moderator.post(f"{url}/kommentare/{other_comment}/behalten")
    moelln_moderator.post(f"{url}/zusammenfuehren", {"target": str(kept), "note": "Doppelt"})
    log = _audit(engine)
    actions = [action for action, _who, _detail in log]
    assert actions == [
        "idea_published",
        "idea_status_changed",
        "idea_corrected",
        "idea_answered",
        "comment_hidden",
        "comment_kept",
        "idea_merged",
    ]
    assert {who for _action, who, _detail in log} == {"moderation@moelln.example"}
    whys = ["Passt", "Wird geprüft", "Titel", "Wir melden uns", "Werbung", "Okay", "Doppelt"]
    for (_action, _who, detail), why in zip(log, whys, strict=True):
        assert why in detail
    page = moelln_admin.get("/verwaltung/moelln/protokoll").text
    assert "Doppelte Idee zusammengeführt" in page and "moderation@moelln.example" in page


# --------------------------------------------------------------------------- notices


def test_it_mails_the_author_on_each_public_status_change_and_on_the_merge(
    moelln_moderator: Persona, app: Litestar, engine: Engine, mailbox: Mailbox
) -> None:
    kept = _submit(engine, "Coworking im alten Bahnhof", mode="post")
    idea_id = _submit(engine, email="autorin@example.org")
    url = f"{BASE}/{idea_id}"
    moelln_moderator.post(f"{url}/veroeffentlichen", {"note": "Danke!"})
    moelln_moderator.htmx_post(f"{url}/stand", {"target": "in_review", "note": "Wir prüfen."})
    data = {"title": "Coworking am Bahnhof", "body": BODY, "field": "coworking"}
    moelln_moderator.post(f"{url}/korrigieren", data)  # internal: no mail
    moelln_moderator.post(f"{url}/antwort", {"answer": "Wir melden uns."})
    moelln_moderator.htmx_post(f"{url}/antwort", {"answer": "Der Bauausschuss berät im Mai."})
    moelln_moderator.post(f"{url}/zusammenfuehren", {"target": str(kept)})
    subjects = [m["Subject"] for m in mailbox.messages]
    assert subjects == [
        "Neuer Stand Ihrer Idee: Veröffentlicht",
        "Neuer Stand Ihrer Idee: In Prüfung",
        "Die Stadt Mölln hat auf Ihre Idee geantwortet",
        "Die Stadt Mölln hat ihre Antwort auf Ihre Idee ergänzt",
        "Ihre Idee „Coworking am Bahnhof“ wurde zusammengeführt",
    ]
    assert {m["To"] for m in mailbox.messages} == {"autorin@example.org"}
    with Session(engine) as db:
        contact = db.exec(select(IdeaContact).where(IdeaContact.idea_id == idea_id)).one()
        token = service.contact_token(TEST_SECRET, contact)
    notices_link = "http://testserver.local" + app.route_reverse("idea_notices", notice_token=token)
    for message in mailbox.messages:
        assert notices_link in _body(message)
    assert "Wir prüfen." in _body(mailbox.messages[1])
    assert "„Coworking im Bahnhof“ für Mölln hat einen neuen Stand" in _body(mailbox.messages[1])
    assert "Wir melden uns." in _body(mailbox.messages[2])
    assert "Der Bauausschuss berät im Mai." in _body(mailbox.messages[3])
    kept_link = "http://testserver.local" + _public_url(app, engine, kept)
    assert kept_link in _body(mailbox.messages[4])
    assert "„Coworking am Bahnhof“ für Mölln" in _body(mailbox.messages[4])


def test_it_mails_nobody_whose_notices_are_stopped(
    moelln_moderator: Persona, engine: Engine, mailbox: Mailbox
) -> None:
    idea_id = _submit(engine, email="autorin@example.org")
    with Session(engine) as db:
        contact = db.exec(select(IdeaContact).where(IdeaContact.idea_id == idea_id)).one()
        contact.notify = False
        db.add(contact)
        db.commit()
    silent = _submit(engine, "Ein Ladenlokal für Kunst", BODY)  # no address at all
    for target in (idea_id, silent):
        response = moelln_moderator.post(f"{BASE}/{target}/veroeffentlichen")
        assert response.status_code == 303
    assert _idea(engine, idea_id).is_public
    assert mailbox.messages == []
