"""Sponsors: a program's endorsement by a senior person, and their monthly summaries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class ProgramEndorsement(Base):
    """A program's endorsement: its sponsor (`member_id`) and their one line, shown with
    every prompt of the program ("Take 15 minutes on Friday for this… — A. Mensah")."""

    __tablename__ = "program_endorsements"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    line: Mapped[str] = mapped_column(String(300))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SponsorSummary(Base):
    """One month's summary sent to a program's sponsor, and their thank-you once sent."""

    __tablename__ = "sponsor_summaries"
    __table_args__ = (UniqueConstraint("program_id", "member_id", "month"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month summarised
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    thanked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    thanked: Mapped[int] = mapped_column(Integer, default=0)  # people the thank-you reached
