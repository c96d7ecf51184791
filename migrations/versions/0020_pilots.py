"""Program lifecycle (status, start and end dates; existing programs stay active) and pilots

Revision ID: 0020
Revises: 0008
Create Date: 2026-12-01 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0020"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "programs",
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
    )
    op.add_column("programs", sa.Column("starts_on", sa.Date(), nullable=True))
    op.add_column("programs", sa.Column("ends_on", sa.Date(), nullable=True))
    op.create_table(
        "pilots",
        sa.Column("id", ID, nullable=False),
        sa.Column("program_id", ID, nullable=False),
        sa.Column("function", sa.String(length=16), nullable=False),
        sa.Column("established", sa.Boolean(), nullable=False),
        sa.Column("sponsor_member_id", ID, nullable=True),
        sa.Column("metric_name", sa.String(length=120), nullable=False),
        sa.Column("metric_unit", sa.String(length=40), nullable=False),
        sa.Column("metric_better", sa.String(length=8), nullable=False),
        sa.Column("metric_source", sa.String(length=300), nullable=False),
        sa.Column("baseline_weeks", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("final_review_due_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_pilots_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sponsor_member_id"],
            ["members.id"],
            name=op.f("fk_pilots_sponsor_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilots")),
        sa.UniqueConstraint("program_id", name=op.f("uq_pilots_program_id")),
    )
    op.create_table(
        "pilot_units",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_units_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_units")),
        sa.UniqueConstraint("pilot_id", "unit", name=op.f("uq_pilot_units_pilot_id")),
    )
    op.create_table(
        "pilot_milestones",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("min_participation", sa.Float(), nullable=True),
        sa.Column("min_reuse", sa.Integer(), nullable=True),
        sa.Column("metric_change", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_milestones_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_milestones")),
        sa.UniqueConstraint("pilot_id", "week", name=op.f("uq_pilot_milestones_pilot_id")),
    )


def downgrade() -> None:
    op.drop_table("pilot_milestones")
    op.drop_table("pilot_units")
    op.drop_table("pilots")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("ends_on")
        batch.drop_column("starts_on")
        batch.drop_column("status")
