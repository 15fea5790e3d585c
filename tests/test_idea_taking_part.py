"""Residents and ideas the town has decided on, and the idea form sent back with an error:
a rejected idea takes no supports; the similar ideas stay beside a refused form so the
resident is not asked about them a second time."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from beteiligung.ideas.models import Idea
from tests import test_ideas
from tests.conftest import Persona
from tests.test_ideas import GOOD, NEW, MakeIdea, _count

make_idea = test_ideas.make_idea  # the fixture, shared with the other idea tests

SIMILAR = {
    **GOOD,
    "title": "Coworking-Plätze im Bahnhof",
    "body": "Der alte Bahnhof steht leer, dort sollten Pendler arbeiten können.",
    "field": "coworking",
}


def test_it_offers_no_support_for_a_rejected_idea(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    rejected = make_idea(status="rejected", status_note="Dafür ist der Landkreis zuständig.")
    page = resident.get(f"/moelln/ideen/{rejected}", follow_redirects=True)
    assert page.status_code == 200
    assert "Idee unterstützen" not in page.text
    assert (
        "Die Stadt hat diese Idee abgelehnt; sie kann nicht mehr unterstützt werden." in page.text
    )

    for send in (resident.post, resident.htmx_post):
        refused = send(f"/moelln/ideen/{rejected}/unterstuetzen")
        assert refused.status_code in (200, 409)
        assert "Diese Idee kann im Moment nicht unterstützt werden." in refused.text
    with Session(engine) as db:
        idea = db.get(Idea, rejected)
        assert idea is not None and idea.support_count == 0

    # Among similar ideas it is shown with its status, without a support button.
    step = resident.post(NEW, SIMILAR)
    assert "Coworking im alten Bahnhof" in step.text
    assert "Abgelehnt" in step.text
    assert f"/moelln/ideen/{rejected}/unterstuetzen" not in step.text


def test_it_keeps_the_similar_ideas_beside_an_error_and_sends_without_a_second_step(
    resident: Persona, engine: Engine, make_idea: MakeIdea
) -> None:
    make_idea()
    refused = resident.post(NEW, {**SIMILAR, "email": "keine-adresse"})
    assert refused.status_code == 422
    assert "gültige E-Mail-Adresse" in refused.text
    assert "Gibt es Ihre Idee schon?" in refused.text
    assert "Coworking im alten Bahnhof" in refused.text
    assert 'name="aehnliche_gesehen" value="ja"' in refused.text

    # The form as the browser sends it again: the hints were seen, no separate step.
    sent = resident.post(NEW, {**SIMILAR, "aehnliche_gesehen": "ja"})
    assert sent.status_code == 303
    assert _count(engine, Idea) == 2


def test_it_never_makes_a_similar_idea_a_button_of_the_idea_form(
    resident: Persona, make_idea: MakeIdea
) -> None:
    """Enter in a field presses the form's first submit button: that is "Idee einreichen"
    or "jetzt einreichen"; the supports belong to a form of their own without fields."""
    existing = make_idea()
    step = resident.post(NEW, SIMILAR)
    idea_form = step.text.split('class="form idea-form"', 1)[1].split("</form>", 1)[0]
    buttons = idea_form.split("<button")[1:]
    assert buttons, "the step shows a button to send the idea"
    assert all('form="aehnliche-unterstuetzen"' in b for b in buttons if "unterstuetzen" in b)
    own = [b for b in buttons if 'form="' not in b]
    assert len(own) == 1 and "jetzt einreichen" in own[0]
    support_form = step.text.split('id="aehnliche-unterstuetzen"', 1)[1].split("</form>", 1)[0]
    assert "<input" in support_form and 'type="hidden"' in support_form  # the CSRF token only
    assert support_form.count("<input") == 1
    assert f"/moelln/ideen/{existing}/unterstuetzen" in idea_form
