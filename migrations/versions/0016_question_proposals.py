"""question proposals: members propose, vote on and rate questions; retirements

Revision ID: 0016
Revises: 0008
Create Date: 2026-12-01 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0016"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = bot.db.types.UtcDateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "question_proposals",
        sa.Column("id", Id, nullable=False),
        sa.Column("program_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("reviewer_id", Id, nullable=True),
        sa.Column("question_id", Id, nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.Column("noted_at", When, nullable=True),
        sa.Column("decided_at", When, nullable=True),
        _fk("question_proposals", "member_id", "members", "CASCADE"),
        _fk("question_proposals", "program_id", "programs", "CASCADE"),
        _fk("question_proposals", "question_id", "questions", "SET NULL"),
        _fk("question_proposals", "reviewer_id", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_proposals")),
    )
    op.create_index(
        "ix_question_proposals_program_status",
        "question_proposals",
        ["program_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_question_proposals_member_id"), "question_proposals", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_question_proposals_question_id"),
        "question_proposals",
        ["question_id"],
        unique=False,
    )
    op.create_table(
        "proposal_votes",
        sa.Column("proposal_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("created_at", When, nullable=False),
        _fk("proposal_votes", "member_id", "members", "CASCADE"),
        _fk("proposal_votes", "proposal_id", "question_proposals", "CASCADE"),
        sa.PrimaryKeyConstraint("proposal_id", "member_id", name=op.f("pk_proposal_votes")),
    )
    op.create_index(
        op.f("ix_proposal_votes_member_id"), "proposal_votes", ["member_id"], unique=False
    )
    op.create_table(
        "question_ratings",
        sa.Column("prompt_id", Id, nullable=False),
        sa.Column("question_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
        sa.Column("created_at", When, nullable=False),
        _fk("question_ratings", "member_id", "members", "CASCADE"),
        _fk("question_ratings", "prompt_id", "prompts", "CASCADE"),
        _fk("question_ratings", "question_id", "questions", "CASCADE"),
        sa.PrimaryKeyConstraint("prompt_id", name=op.f("pk_question_ratings")),
    )
    op.create_index(
        op.f("ix_question_ratings_member_id"), "question_ratings", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_question_ratings_question_id"), "question_ratings", ["question_id"], unique=False
    )
    op.create_table(
        "question_retirements",
        sa.Column("question_id", Id, nullable=False),
        sa.Column("retired_at", When, nullable=False),
        _fk("question_retirements", "question_id", "questions", "CASCADE"),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_retirements")),
    )


def downgrade() -> None:
    op.drop_table("question_retirements")
    op.drop_table("question_ratings")
    op.drop_table("proposal_votes")
    op.drop_table("question_proposals")
