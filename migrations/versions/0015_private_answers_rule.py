"""a program's rule that its admins see its private answers

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-01 19:30:00

`programs.admins_see_private` (default off): when on, the dashboard shows the program's
admins its private answers to prompts sent since `admins_see_private_since`, and its
prompts tell members so.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0015"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "programs",
        sa.Column("admins_see_private", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "programs",
        sa.Column(
            "admins_see_private_since", bot.db.types.UtcDateTime(timezone=True), nullable=True
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("admins_see_private_since")
        batch.drop_column("admins_see_private")
