"""Events: announced events, each invited member's answer, lessons tagged with their event

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-01 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0013"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", ID, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("program_id", ID, nullable=True),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("host_id", ID, nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("ics_token", sa.String(length=64), nullable=False),
        sa.Column("calendar_url", sa.String(length=700), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("checkins", sa.Boolean(), nullable=False),
        sa.Column("paired_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_id"], ["members.id"], name=op.f("fk_events_host_id_members"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_events_program_id_programs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("ics_token", name=op.f("uq_events_ics_token")),
    )
    op.create_table(
        "event_invites",
        sa.Column("id", ID, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("capture_sent_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_invites_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_event_invites_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_invites")),
        sa.UniqueConstraint("event_id", "member_id", name=op.f("uq_event_invites_event_id")),
    )
    op.create_index("ix_event_invites_status", "event_invites", ["status"], unique=False)
    with op.batch_alter_table("replies") as batch:
        batch.add_column(sa.Column("event_id", ID, nullable=True))
        batch.create_index(batch.f("ix_replies_event_id"), ["event_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_replies_event_id_events"),
            "events",
            ["event_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.drop_constraint(batch.f("fk_replies_event_id_events"), type_="foreignkey")
        batch.drop_index(batch.f("ix_replies_event_id"))
        batch.drop_column("event_id")
    op.drop_index("ix_event_invites_status", table_name="event_invites")
    op.drop_table("event_invites")
    op.drop_table("events")
