"""A pilot's review decisions: Continue, Adjust or Stop, who chose it, when and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class PilotDecision(Base):
    """One reviewer's choice on one review (a milestone week, or 0 for the final review)."""

    __tablename__ = "pilot_decisions"
    __table_args__ = (UniqueConstraint("pilot_id", "week"),)  # the first decision stands

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)  # the milestone's week; 0: the final review
    choice: Mapped[str] = mapped_column(String(16))  # continue, adjust or stop
    reason: Mapped[str] = mapped_column(String(1000), default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    decided_by: Mapped[str] = mapped_column(String(200))  # the name, kept if the member goes
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
