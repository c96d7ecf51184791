"""Pilots: a program (created as a draft) plus what makes it a pilot; reviews, baselines and
metric values (later work) attach to the pilot row by `pilot_id`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class Pilot(Base):
    """One pilot: its program, function, sponsor (a member) and business metric."""

    __tablename__ = "pilots"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), unique=True
    )
    function: Mapped[str] = mapped_column(String(16))  # frontline or support
    established: Mapped[bool] = mapped_column(Boolean)  # an established area of practice
    sponsor_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    metric_name: Mapped[str] = mapped_column(String(120), default="")  # "": no metric
    metric_unit: Mapped[str] = mapped_column(String(40), default="")
    metric_better: Mapped[str] = mapped_column(String(8), default="up")  # up or down
    metric_source: Mapped[str] = mapped_column(String(300), default="")
    baseline_weeks: Mapped[int] = mapped_column(Integer, default=4)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    final_review_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # set on its end


class PilotUnit(Base):
    """A unit the pilot targets, or one it is compared with."""

    __tablename__ = "pilot_units"
    __table_args__ = (UniqueConstraint("pilot_id", "unit"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))  # target or comparison


class PilotMilestone(Base):
    """At week N: participation at least X%, reuse at least Y, the metric's change."""

    __tablename__ = "pilot_milestones"
    __table_args__ = (UniqueConstraint("pilot_id", "week"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    min_participation: Mapped[float | None] = mapped_column(Float)  # percent
    min_reuse: Mapped[int | None] = mapped_column(Integer)
    metric_change: Mapped[float | None] = mapped_column(Float)  # in the metric's unit
