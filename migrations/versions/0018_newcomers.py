"""Newcomers: members' and pending people's start date, first-month steps and partners

Revision ID: 0018
Revises: 0008
Create Date: 2026-12-01 19:40:00

Columns are added with plain `op.add_column` (no table rebuild on SQLite).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0018"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("members", sa.Column("start_date", sa.Date(), nullable=True))
    op.create_index("ix_members_start_date", "members", ["start_date"])
    op.add_column("pending_people", sa.Column("start_date", sa.Date(), nullable=True))
    op.create_table(
        "newcomer_steps",
        sa.Column("member_id", ID, nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("done_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "step"),
    )
    op.create_table(
        "newcomer_partners",
        sa.Column("id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("program_id", ID, nullable=False),
        sa.Column("matched_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partner_id"], ["members.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )


def downgrade() -> None:
    op.drop_table("newcomer_partners")
    op.drop_table("newcomer_steps")
    with op.batch_alter_table("pending_people") as batch:
        batch.drop_column("start_date")
    op.drop_index("ix_members_start_date", table_name="members")
    # a plain DROP COLUMN: a batch rebuild of members would drop 0014's summary triggers
    op.drop_column("members", "start_date")
