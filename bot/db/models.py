"""Typed SQLAlchemy 2 models: the whole of kmbot's state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Workspace(Base):
    """A Slack workspace or Teams tenant the bot is installed in."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deliveries_paused_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    native: Mapped[str | None] = mapped_column(Text)  # adapter-owned (Teams: service URL etc.)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Member(Base):
    """A person kmbot talks to."""

    __tablename__ = "members"

    @property
    def zone_name(self) -> str | None:
        return self.tz_override or self.tz

    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    unit: Mapped[str] = mapped_column(String(120), default="", index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    tz: Mapped[str | None] = mapped_column(String(64))  # from the platform's directory
    tz_override: Mapped[str | None] = mapped_column(String(64))  # chosen by the member
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166: holidays and weekend
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_until: Mapped[date | None] = mapped_column(Date)
    unreachable_reason: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[int | None] = mapped_column(Integer)  # seniority, for mixed check-ins
    checkins_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    checkins_rejoined_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    pending_manager: Mapped[str | None] = mapped_column(String(320))  # HR manager not yet met
    office: Mapped[str | None] = mapped_column(String(120))  # from HR data
    title: Mapped[str | None] = mapped_column(String(120))  # job title, from the directory
    start_date: Mapped[date | None] = mapped_column(Date, index=True)  # first day: HR, or a join
    nudges_snoozed_until: Mapped[date | None] = mapped_column(Date)
    conversation_native: Mapped[str | None] = mapped_column(Text)  # adapter-owned DM reference
    language: Mapped[str | None] = mapped_column(String(8))  # chosen with `lang` (bot.i18n)
    locale: Mapped[str | None] = mapped_column(String(35))  # the platform's, e.g. "fr-FR"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class GroupMembership(Base):
    """Membership of a platform group (a channel or a team) used as a program audience."""

    __tablename__ = "group_memberships"

    group_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


class Program(Base):
    """A weekly prompt programme: who is asked, when, and how answers are shared."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    purpose: Mapped[str] = mapped_column(String(300))
    audience_kind: Mapped[str] = mapped_column(String(16), default="everyone")
    audience_value: Mapped[str] = mapped_column(String(200), default="")
    cadence_weeks: Mapped[int] = mapped_column(Integer, default=1)
    weekday: Mapped[int] = mapped_column(Integer)
    send_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str | None] = mapped_column(String(64))
    anchor_week: Mapped[date] = mapped_column(Date)
    answer_window_hours: Mapped[int] = mapped_column(Integer, default=72)
    reminder_delay_hours: Mapped[int] = mapped_column(Integer, default=24)
    share_mode: Mapped[str] = mapped_column(String(16), default="digest")
    feed_platform: Mapped[str | None] = mapped_column(String(16))
    feed_workspace: Mapped[str | None] = mapped_column(String(128))
    feed_channel: Mapped[str | None] = mapped_column(String(128))
    no_repeat_cycles: Mapped[int] = mapped_column(Integer, default=8)
    checkins: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_anchor_week: Mapped[date | None] = mapped_column(Date)  # None: anchor_week
    checkin_cadence_weeks: Mapped[int] = mapped_column(Integer, default=2)
    checkin_weekday: Mapped[int] = mapped_column(Integer, default=0)
    checkin_time: Mapped[str] = mapped_column(String(5), default="10:00")
    checkin_group_size: Mapped[int] = mapped_column(Integer, default=2)
    checkin_lookback_weeks: Mapped[int] = mapped_column(Integer, default=26)
    checkin_cross_unit: Mapped[bool] = mapped_column(Boolean, default=True)
    checkin_mix_seniority: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_overlap_hours: Mapped[bool] = mapped_column(Boolean, default=True)
    lead_first_hours: Mapped[int] = mapped_column(Integer, default=24)
    blackout_dates: Mapped[str] = mapped_column(String(1100), default="")  # no prompts then
    # How a typed reply becomes an answer ("confirm": only after Save; "direct": at once),
    # who sees an answer unless its author chooses otherwise, and the smallest number of
    # answers in a round before an anonymous one shows in any view smaller than the program.
    capture: Mapped[str] = mapped_column(String(16), default="confirm")
    default_visibility: Mapped[str] = mapped_column(String(16), default="shared")
    anonymity_floor: Mapped[int] = mapped_column(Integer, default=5)
    language: Mapped[str | None] = mapped_column(String(8))  # of its channel posts; None: en
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    retention_months: Mapped[int | None] = mapped_column(Integer)  # None: kept until deleted
    erasure: Mapped[str] = mapped_column(String(16), default="delete")  # or "anonymise"
    # The lifecycle (bot.programs.lifecycle): draft, scheduled, active, ended or archived;
    # `active` above is whether it sends now (a draft, a paused or an ended program: no).
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="active")
    starts_on: Mapped[date | None] = mapped_column(Date)  # a scheduled program launches then
    ends_on: Mapped[date | None] = mapped_column(Date)  # its last day; the day after, it ends
    # The program's admins see its private answers on the dashboard (members are told so),
    # only those to prompts sent since the rule was turned on (`admins_see_private_since`).
    admins_see_private: Mapped[bool] = mapped_column(Boolean, default=False)
    admins_see_private_since: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Question(Base):
    """A question in the bank; `fields` are its parts (one for a simple question)."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(String(500))
    fields: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16), default="bank")
    votes: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Prompt(Base):
    """One question sent to one member for one cycle of a program."""

    __tablename__ = "prompts"
    __table_args__ = (
        UniqueConstraint("program_id", "cycle", "member_id"),
        Index("ix_prompts_status_closes_at", "status", "closes_at"),
        Index("ix_prompts_member_cycle", "member_id", "cycle"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    remind_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_conversation: Mapped[str | None] = mapped_column(String(128))
    message_id: Mapped[str | None] = mapped_column(String(400))
    skip_reason: Mapped[str | None] = mapped_column(String(16))  # only counted in aggregate


class Reply(Base):
    """An answer to a prompt (or a lesson posted at any time)."""

    __tablename__ = "replies"
    __table_args__ = (Index("ix_replies_member_created", "member_id", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    prompt_id: Mapped[int | None] = mapped_column(
        ForeignKey("prompts.id", ondelete="CASCADE"), unique=True
    )
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    answers: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    visibility: Mapped[str] = mapped_column(String(16))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # a lesson captured after an event (bot.events): the archive filters on it
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )


class Round(Base):
    """A closed cycle of a program; its row exists once the round is closed."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("program_id", "cycle"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Delivery(Base):
    """The outbox: one message to send, exactly once, by dedupe key."""

    __tablename__ = "deliveries"
    # claim order: a claim reads `limit` rows of one status in (not_before, id) order
    __table_args__ = (Index("ix_deliveries_claim", "status", "not_before", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="CASCADE"))
    channel: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lease_holder: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(String(300))
    message_conversation: Mapped[str | None] = mapped_column(String(128))
    message_id: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ProcessedEvent(Base):
    """Inbound platform events already handled (Slack event_id, Teams activity id)."""

    __tablename__ = "processed_events"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HelpfulMark(Base):
    """A member found a shared answer helpful (once per member and answer)."""

    __tablename__ = "helpful_marks"

    reply_id: Mapped[int] = mapped_column(
        ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InboxEvent(Base):
    """An inbound platform event stored before it is acknowledged, until a worker handles it.

    The row is the durable copy that lets the platform get its answer at once: a worker
    claims it with a lease (another process takes it over when that ends), runs the
    platform's handlers on `body`, and deletes it. `(platform, event_id)` keeps a
    redelivery from being stored twice while the first is still waiting.
    """

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id"),
        Index("ix_inbox_events_due", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lease_holder: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
