"""Sponsors: programs' endorsements, sponsors' monthly summaries, members' job titles

Revision ID: 0017
Revises: 0008
Create Date: 2026-12-01 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0017"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("members", sa.Column("title", sa.String(length=120), nullable=True))
    op.add_column("pending_people", sa.Column("title", sa.String(length=120), nullable=True))
    op.create_table(
        "program_endorsements",
        sa.Column("program_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("line", sa.String(length=300), nullable=False),
        sa.Column("set_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_program_endorsements_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_endorsements_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_program_endorsements")),
    )
    op.create_table(
        "sponsor_summaries",
        sa.Column("id", ID, nullable=False),
        sa.Column("program_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("sent_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("thanked_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("thanked", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_sponsor_summaries_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_sponsor_summaries_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sponsor_summaries")),
        sa.UniqueConstraint(
            "program_id", "member_id", "month", name=op.f("uq_sponsor_summaries_program_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("sponsor_summaries")
    op.drop_table("program_endorsements")
    with op.batch_alter_table("pending_people") as batch:
        batch.drop_column("title")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("title")
