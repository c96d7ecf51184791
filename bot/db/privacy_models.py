"""What privacy needs stored: the audit log of admin actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class AuditEntry(Base):
    """One admin action: who did what to what, and when (kept when the target is deleted)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)  # "cli:USER" or a member
    action: Mapped[str] = mapped_column(String(60))  # e.g. member.role, program.update
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
