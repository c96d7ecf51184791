"""Pilot baseline: the pulse's answers per member per wave, the business metric's values

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-01 20:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0023"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pilot_pulse_answers",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("wave", sa.String(length=16), nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("sent_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("find_score", sa.Integer(), nullable=True),
        sa.Column("ask_score", sa.Integer(), nullable=True),
        sa.Column("hours_lost", sa.Float(), nullable=True),
        sa.Column("answered_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_pulse_answers_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pilot_pulse_answers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_pulse_answers")),
        sa.UniqueConstraint(
            "pilot_id", "wave", "member_id", name=op.f("uq_pilot_pulse_answers_pilot_id")
        ),
    )
    op.create_table(
        "pilot_metric_values",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("imported_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_metric_values_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_metric_values")),
        sa.UniqueConstraint(
            "pilot_id", "unit", "day", name=op.f("uq_pilot_metric_values_pilot_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("pilot_metric_values")
    op.drop_table("pilot_pulse_answers")
