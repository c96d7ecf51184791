"""A pilot's showcase: the sponsor's own words

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pilot_words",
        sa.Column("id", ID, nullable=False),
        sa.Column("pilot_id", ID, nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("member_id", ID, nullable=True),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name=op.f("fk_pilot_words_pilot_id_pilots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_pilot_words_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilot_words")),
        sa.UniqueConstraint("pilot_id", name=op.f("uq_pilot_words_pilot_id")),
    )


def downgrade() -> None:
    op.drop_table("pilot_words")
