"""Staff read templates by their names, with the town filled in, never by key or placeholder."""

from __future__ import annotations

from html import escape

from sqlalchemy import Engine
from sqlmodel import Session, select

from beteiligung.audit import AuditEntry
from beteiligung.surveys.templates import TEMPLATES
from tests.conftest import Persona

BASE = "/verwaltung/moelln/umfragen"


def test_it_names_the_templates_in_the_picker_with_the_town(moelln_admin: Persona) -> None:
    text = moelln_admin.get(BASE).text
    assert "{town}" not in text
    for key, template in TEMPLATES.items():
        name = template.title.replace("{town}", "Mölln")
        assert f'<option value="{key}"' in text
        assert escape(f"{name} (Version {template.version})") in text


def test_it_names_the_template_of_a_survey_in_the_editor_and_the_log(
    moelln_admin: Persona, engine: Engine
) -> None:
    response = moelln_admin.post(BASE, {"template": "coworking", "title": ""})
    assert response.status_code == 303, response.text
    editor = moelln_admin.get(response.headers["location"]).text
    version = TEMPLATES["coworking"].version
    assert f"Coworking-Bedarf in Mölln (Version {version})" in editor
    assert "coworking (Version" not in editor
    with Session(engine) as db:
        details = [e.detail for e in db.exec(select(AuditEntry))]
    assert any(d.endswith(f": Coworking-Bedarf in Mölln (Version {version})") for d in details)


def test_it_names_the_template_in_english_on_the_english_editor(moelln_admin: Persona) -> None:
    response = moelln_admin.post(BASE, {"template": "innenstadt", "title": ""})
    assert response.status_code == 303, response.text
    editor = moelln_admin.get(response.headers["location"], headers={"Accept-Language": "en"})
    template = TEMPLATES["innenstadt"]
    title_en = template.title_en.replace("{town}", "Mölln")
    assert f"<dd>{escape(title_en)} (version {template.version})</dd>" in editor.text
