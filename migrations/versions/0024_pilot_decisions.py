"""Pilot review decisions (Continue, Adjust, Stop) with who, when and why

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-01 20:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pilot_decisions",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("member_id", ID, nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_decisions_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pilot_decisions_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_decisions")),
        sa.UniqueConstraint("pilot_id", "week", name=op.f("uq_pilot_decisions_pilot_id")),
    )


def downgrade() -> None:
    op.drop_table("pilot_decisions")
