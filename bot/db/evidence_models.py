"""The report's summaries of closed rounds, so a year is read as a few rows a round.

`RoundSummary` marks a closed round as summed; its `SummaryCell`s are the round's prompts
grouped as the report groups them, and `MemberRoundBits` holds each member's rounds as bits
(for habit, streaks and counting people). Triggers (migration 0014) delete a round's
summary whenever something it counts changes (a late answer, an edit or withdrawal, a
Helpful mark, a deletion, a member's unit, role or lead); readers then read that round from
`prompts` until the `evidence.sum` job sums it again. Bits of a round without a
summary are ignored by readers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id, Reply
from bot.db.types import UtcDateTime

BLOCK = 62  # rounds a bit mask holds (a signed 64-bit integer on both databases)


class RoundSummary(Base):
    """A closed round whose cells and bits are summed; when its prompts opened."""

    __tablename__ = "round_summaries"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_opened: Mapped[datetime] = mapped_column(UtcDateTime)
    last_opened: Mapped[datetime] = mapped_column(UtcDateTime)


class SummaryCell(Base):
    """A round's prompts alike in unit, role, lead, question, outcome and skip reason."""

    __tablename__ = "summary_cells"
    __table_args__ = (
        ForeignKeyConstraint(
            ["program_id", "cycle"],
            ["round_summaries.program_id", "round_summaries.cycle"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(Integer, index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    leads_unit: Mapped[bool] = mapped_column(Boolean)
    question_id: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))  # on_time, late, skipped, missed, open
    skip_reason: Mapped[str | None] = mapped_column(String(16))
    prompts: Mapped[int] = mapped_column(Integer)
    shared: Mapped[int] = mapped_column(Integer)  # answered shared or anonymously
    helpful: Mapped[int] = mapped_column(Integer)  # Helpful marks on those answers
    first_opened: Mapped[datetime] = mapped_column(UtcDateTime)


class MemberRoundBits(Base):
    """One member's rounds `block * 62` to `block * 62 + 61` of one program, as bit masks
    (round c at bit 61 - c % 62): asked, answered, missed, skipped with a reason."""

    __tablename__ = "member_round_bits"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    block: Mapped[int] = mapped_column(Integer, primary_key=True)
    asked: Mapped[int] = mapped_column(BigInteger, default=0)
    answered: Mapped[int] = mapped_column(BigInteger, default=0)
    missed: Mapped[int] = mapped_column(BigInteger, default=0)
    reasoned: Mapped[int] = mapped_column(BigInteger, default=0)


# The most helped answers of a program, read in this order (`bot.evidence.helpful`).
Index(
    "ix_replies_program_helpful",
    Reply.program_id,
    Reply.helpful_count.desc(),
    Reply.id,
)
