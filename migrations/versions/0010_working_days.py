"""working days: a member's country, a program's blackout dates

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("blackout_dates", sa.String(length=1100), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("blackout_dates")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("country")
