"""answer capture: confirmation drafts, default visibility, anonymity floor, skip reasons

Revision ID: 0007
Revises: 0009
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0007"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("capture", sa.String(length=16), nullable=False, server_default="confirm")
        )
        batch.add_column(
            sa.Column(
                "default_visibility", sa.String(length=16), nullable=False, server_default="shared"
            )
        )
        batch.add_column(
            sa.Column("anonymity_floor", sa.Integer(), nullable=False, server_default="5")
        )
    with op.batch_alter_table("prompts") as batch:
        batch.add_column(sa.Column("skip_reason", sa.String(length=16), nullable=True))
    op.create_table(
        "answer_drafts",
        sa.Column("id", Id, nullable=False),
        sa.Column("prompt_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_answer_drafts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["prompts.id"],
            name=op.f("fk_answer_drafts_prompt_id_prompts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_drafts")),
    )
    with op.batch_alter_table("answer_drafts") as batch:
        batch.create_index(batch.f("ix_answer_drafts_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer_drafts") as batch:
        batch.drop_index(batch.f("ix_answer_drafts_member_id"))
    op.drop_table("answer_drafts")
    with op.batch_alter_table("prompts") as batch:
        batch.drop_column("skip_reason")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("anonymity_floor")
        batch.drop_column("default_visibility")
        batch.drop_column("capture")
