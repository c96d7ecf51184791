"""In-person and online events: the event, and each invited member's answer and follow-ups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class Event(Base):
    """An event announced to a program's audience or to units (`kmbot event create`).

    `calendar_url` is the link to its ICS file (KMBOT_PUBLIC_URL, the path and `ics_token`),
    fixed when it is created; empty when kmbot has no public URL.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    zone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(300), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"))
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    capacity: Mapped[int | None] = mapped_column(Integer)
    ics_token: Mapped[str] = mapped_column(String(64), unique=True)
    calendar_url: Mapped[str] = mapped_column(String(700), default="")
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # or "cancelled"
    checkins: Mapped[bool] = mapped_column(Boolean, default=False)  # pair attendees afterwards
    paired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EventInvite(Base):
    """One invited member: their answer (invited, going, waitlist, not_going) and what
    kmbot has sent them since."""

    __tablename__ = "event_invites"
    __table_args__ = (
        UniqueConstraint("event_id", "member_id"),
        Index("ix_event_invites_status", "status"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="invited")
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    capture_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
