"""A pilot's baseline: the three-item pulse per member per wave, and the business metric's
imported values per unit and day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class PilotPulseAnswer(Base):
    """One member's pulse in one wave: a row when it is sent, the answers when given."""

    __tablename__ = "pilot_pulse_answers"
    __table_args__ = (UniqueConstraint("pilot_id", "wave", "member_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    wave: Mapped[str] = mapped_column(String(16))  # "baseline", "week 6", "end"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # target or comparison
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    find_score: Mapped[int | None] = mapped_column(Integer)  # 1-5
    ask_score: Mapped[int | None] = mapped_column(Integer)  # 1-5
    hours_lost: Mapped[float | None] = mapped_column(Float)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PilotMetricValue(Base):
    """The business metric's value for one unit on one day, from `pilot metric import`."""

    __tablename__ = "pilot_metric_values"
    __table_args__ = (UniqueConstraint("pilot_id", "unit", "day"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(120))
    day: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
