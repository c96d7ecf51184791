"""Deliveries are claimed in (status, not_before, id) order from one index.

A claim reads the first rows of one status in that order and stops: with the old index on
(status, not_before) the tie on `not_before` (a fan-out's rows are all due at once) was
broken by sorting every due row, on every claim.

Revision ID: 0025
Revises: 0022
"""

from __future__ import annotations

from alembic import op

revision: str = "0025"
down_revision: str | None = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_deliveries_claim", "deliveries", ["status", "not_before", "id"])
    op.drop_index("ix_deliveries_due", table_name="deliveries")


def downgrade() -> None:
    op.create_index("ix_deliveries_due", "deliveries", ["status", "not_before"])
    op.drop_index("ix_deliveries_claim", table_name="deliveries")
