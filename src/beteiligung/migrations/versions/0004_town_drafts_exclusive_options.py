"""town drafts, exclusive options

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # New towns start as drafts; every town that exists already has been public all along
    # and stays so.
    with op.batch_alter_table("town") as batch_op:
        batch_op.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    town = sa.table("town", sa.column("published", sa.Boolean()))
    op.execute(town.update().values(published=True))
    with op.batch_alter_table("survey_option") as batch_op:
        batch_op.add_column(
            sa.Column("exclusive", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_option") as batch_op:
        batch_op.drop_column("exclusive")
    with op.batch_alter_table("town") as batch_op:
        batch_op.drop_column("published")
