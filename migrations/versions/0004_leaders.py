"""leaders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 11:32:44.352739
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_replies_member_created", "replies", ["member_id", "created_at"], unique=False
    )
    op.create_table(
        "nudges",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("signals", sa.String(length=200), nullable=False),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("acted_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_nudges_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint("member_id", "week", name=op.f("uq_nudges_member_id")),
    )
    op.create_table(
        "unit_leads",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_unit_leads_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "unit", name=op.f("pk_unit_leads")),
    )
    with op.batch_alter_table("unit_leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_leads_unit"), ["unit"], unique=False)

    op.create_table(
        "thanks",
        sa.Column("reply_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_thanks_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["replies.id"],
            name=op.f("fk_thanks_reply_id_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reply_id", "member_id", name=op.f("pk_thanks")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "manager_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(sa.Column("nudges_snoozed_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "checkins_rejoined_at", bot.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_members_manager_id_members"),
            "members",
            ["manager_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lead_first_hours", sa.Integer(), nullable=False, server_default="24")
        )
        batch_op.add_column(sa.Column("checkin_anchor_week", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_replies_member_created", table_name="replies")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("lead_first_hours")
        batch_op.drop_column("checkin_anchor_week")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_members_manager_id_members"), type_="foreignkey")
        batch_op.drop_column("nudges_snoozed_until")
        batch_op.drop_column("checkins_rejoined_at")
        batch_op.drop_column("manager_id")

    op.drop_table("thanks")
    with op.batch_alter_table("unit_leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_leads_unit"))

    op.drop_table("unit_leads")
    op.drop_table("nudges")
