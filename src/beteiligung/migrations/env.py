"""Alembic environment: the engine comes from the caller, never from an ini file."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import beteiligung.models  # noqa: F401  (registers every table on the metadata)

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # `beteiligung migrate` reports each step in German (migrate.upgrade's on_step).
        on_version_apply=config.attributes.get("on_version_apply", ()),
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
