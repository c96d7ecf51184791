"""HR directory: pending people, members' office and not-yet-met manager, questions to leads

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_people",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("office", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("manager", sa.String(length=320), nullable=True),
        sa.Column("imported_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_people")),
        sa.UniqueConstraint("email", name=op.f("uq_pending_people_email")),
    )
    op.create_table(
        "lead_questions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("asked_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "answered_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_lead_questions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"],
            ["members.id"],
            name=op.f("fk_lead_questions_answered_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_questions")),
    )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("pending_manager", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("office", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("office")
        batch.drop_column("pending_manager")
    op.drop_table("lead_questions")
    op.drop_table("pending_people")
