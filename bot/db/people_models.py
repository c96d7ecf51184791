"""People data beyond the directory: HR rows waiting for their person, questions to leads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class PendingPerson(Base):
    """An imported person no platform has shown yet, keyed by (lower-case) email.

    When a directory sync meets a member with this email, the row is applied to them
    and removed.
    """

    __tablename__ = "pending_people"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    unit: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="member")
    level: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166
    title: Mapped[str | None] = mapped_column(String(120))  # job title
    manager: Mapped[str | None] = mapped_column(String(320))  # email or PLATFORM:WORKSPACE:USER
    start_date: Mapped[date | None] = mapped_column(Date)  # HR's first day: a newcomer
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeadQuestion(Base):
    """A question a member sent up to their leads (`ask leads …`), and the first answer.

    The asker is stored even when anonymous, so that the answer can reach them; an anonymous
    question never shows who asked.
    """

    __tablename__ = "lead_questions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(String(2000))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
