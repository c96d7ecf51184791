"""inbox events: inbound platform events stored before they are acknowledged

Revision ID: 0006
Revises: 0007
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0006"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("lease_holder", sa.String(length=100), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("received_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_events")),
        sa.UniqueConstraint("platform", "event_id", name=op.f("uq_inbox_events_platform")),
    )
    op.create_index("ix_inbox_events_due", "inbox_events", ["status", "not_before"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_events_due", table_name="inbox_events")
    op.drop_table("inbox_events")
