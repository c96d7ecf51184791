"""Leaders modelling sharing: who leads which unit, nudges sent, thank-yous given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class UnitLead(Base):
    """A lead of a unit (a person may lead several)."""

    __tablename__ = "unit_leads"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    unit: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class Nudge(Base):
    """One nudge to a lead in one ISO week (at most one a week, by the unique key)."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("member_id", "week"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(8))
    signals: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Thanks(Base):
    """A thank-you for an answer, told to its author."""

    __tablename__ = "thanks"

    reply_id: Mapped[int] = mapped_column(
        ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
