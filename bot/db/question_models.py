"""Members' stake in what is asked: proposed questions, votes on them, ratings of questions
asked, and when a question was retired (for the monthly "you said, we did" note)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class QuestionProposal(Base):
    """A question a member proposed for a program: pending, then approved or declined."""

    __tablename__ = "question_proposals"
    __table_args__ = (Index("ix_question_proposals_program_status", "program_id", "status"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str | None] = mapped_column(String(300))  # a decline's, for the proposer
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    noted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # in a weekly vote note
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ProposalVote(Base):
    """One member's vote for one proposal (a member votes once)."""

    __tablename__ = "proposal_votes"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("question_proposals.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuestionRating(Base):
    """ "Good question" or "Not for me", given once per prompt after answering it."""

    __tablename__ = "question_ratings"

    prompt_id: Mapped[int] = mapped_column(
        ForeignKey("prompts.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(String(16))  # "good" or "not_for_me"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuestionRetirement(Base):
    """When a question left the rotation (`kmbot question retire`)."""

    __tablename__ = "question_retirements"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    retired_at: Mapped[datetime] = mapped_column(UtcDateTime)
