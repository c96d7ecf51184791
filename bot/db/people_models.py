"""HR data waiting for its person: rows imported before the directory sync met them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
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
    manager: Mapped[str | None] = mapped_column(String(320))  # email or PLATFORM:WORKSPACE:USER
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
