"""Fields of action (Handlungsfelder): one list for the whole federation.

Shared so that ideas and, later, measures of different towns can be compared by field.
"""

from __future__ import annotations

from sqlmodel import Field, Session, SQLModel, col, select


class FieldOfAction(SQLModel, table=True):
    __tablename__ = "field_of_action"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=120)
    position: int = Field(default=0)


# The seed list of the pilot; keys are stable, names may be reworded.
FIELDS_OF_ACTION = (
    ("coworking", "Coworking & digitales Arbeiten", "Coworking & digital work"),
    ("pendeln", "Pendeln & Mobilität", "Commuting & mobility"),
    ("innenstadt", "Innenstadt beleben", "A livelier town centre"),
    ("leerstand", "Leerstand nutzen", "Using empty shops"),
    ("infrastruktur", "Digitale Infrastruktur", "Digital infrastructure"),
    ("gesundheit", "Arbeit & Gesundheit", "Work & health"),
)


def seed_fields_of_action(session: Session) -> int:
    """Adds the fields that are missing (by key); returns how many were added."""
    existing = set(session.exec(select(FieldOfAction.key)))
    added = 0
    for position, (key, name, name_en) in enumerate(FIELDS_OF_ACTION):
        if key not in existing:
            session.add(FieldOfAction(key=key, name=name, name_en=name_en, position=position))
            added += 1
    return added


def all_fields(session: Session) -> list[FieldOfAction]:
    return list(
        session.exec(
            select(FieldOfAction).order_by(col(FieldOfAction.position), col(FieldOfAction.id))
        )
    )
