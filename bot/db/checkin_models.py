"""Peer check-in tables: rounds, groups, who was in them and what came of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class CheckinRound(Base):
    """One matching of a program's check-ins; exists once the groups are planned."""

    __tablename__ = "checkin_rounds"
    __table_args__ = (UniqueConstraint("program_id", "cycle"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column(Integer)
    week: Mapped[str] = mapped_column(String(8))  # ISO week, e.g. 2026-W10
    planned_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CheckinGroup(Base):
    """Two (or three, or four) colleagues introduced to each other in a round."""

    __tablename__ = "checkin_groups"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("checkin_rounds.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), default="")


class CheckinParticipant(Base):
    """A member in a group, with their intro, follow-up and answer."""

    __tablename__ = "checkin_participants"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    intro_at: Mapped[datetime] = mapped_column(UtcDateTime)
    followup_at: Mapped[datetime] = mapped_column(UtcDateTime)
    intro_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    followup_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # met, not_yet, could_not, skipped
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CheckinSkip(Base):
    """A member sits out one round of a program."""

    __tablename__ = "checkin_skips"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    cycle: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


class DoNotPair(Base):
    """A member's private list: never pair me with this colleague."""

    __tablename__ = "do_not_pair"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    other_member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
