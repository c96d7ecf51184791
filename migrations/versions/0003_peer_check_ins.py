"""peer check-ins

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 11:22:08.208975
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkin_rounds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("planned_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_checkin_rounds_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_rounds")),
        sa.UniqueConstraint("program_id", "cycle", name=op.f("uq_checkin_rounds_program_id")),
    )
    op.create_table(
        "checkin_groups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("round_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["checkin_rounds.id"],
            name=op.f("fk_checkin_groups_round_id_checkin_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_groups")),
    )
    op.create_table(
        "checkin_skips",
        sa.Column(
            "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_checkin_skips_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_checkin_skips_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "cycle", "member_id", name=op.f("pk_checkin_skips")),
    )
    op.create_table(
        "do_not_pair",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "other_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_do_not_pair_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_member_id"],
            ["members.id"],
            name=op.f("fk_do_not_pair_other_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "other_member_id", name=op.f("pk_do_not_pair")),
    )
    op.create_table(
        "checkin_participants",
        sa.Column("group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("intro_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("followup_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("intro_sent_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("followup_sent_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("answered_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["checkin_groups.id"],
            name=op.f("fk_checkin_participants_group_id_checkin_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_checkin_participants_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_checkin_participants")),
    )
    with op.batch_alter_table("checkin_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkin_participants_member_id"), ["member_id"], unique=False
        )

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("checkins_paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checkins", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("checkin_cadence_weeks", sa.Integer(), nullable=False, server_default="2")
        )
        batch_op.add_column(
            sa.Column("checkin_weekday", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("checkin_time", sa.String(length=5), nullable=False, server_default="10:00")
        )
        batch_op.add_column(
            sa.Column("checkin_group_size", sa.Integer(), nullable=False, server_default="2")
        )
        batch_op.add_column(
            sa.Column("checkin_lookback_weeks", sa.Integer(), nullable=False, server_default="26")
        )
        batch_op.add_column(
            sa.Column("checkin_cross_unit", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column(
                "checkin_mix_seniority", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column(
                "checkin_overlap_hours", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("checkin_overlap_hours")
        batch_op.drop_column("checkin_mix_seniority")
        batch_op.drop_column("checkin_cross_unit")
        batch_op.drop_column("checkin_lookback_weeks")
        batch_op.drop_column("checkin_group_size")
        batch_op.drop_column("checkin_time")
        batch_op.drop_column("checkin_weekday")
        batch_op.drop_column("checkin_cadence_weeks")
        batch_op.drop_column("checkins")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("checkins_paused")
        batch_op.drop_column("level")

    with op.batch_alter_table("checkin_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_participants_member_id"))

    op.drop_table("checkin_participants")
    op.drop_table("do_not_pair")
    op.drop_table("checkin_skips")
    op.drop_table("checkin_groups")
    op.drop_table("checkin_rounds")
