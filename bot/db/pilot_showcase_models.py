"""A pilot's showcase: the sponsor's own words on what the pilot changed for their business."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class PilotWords(Base):
    """The sponsor's two or three sentences for the showcase (one per pilot, editable)."""

    __tablename__ = "pilot_words"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), unique=True)
    words: Mapped[str] = mapped_column(Text)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    written_by: Mapped[str] = mapped_column(String(200))  # who typed them: the sponsor or an admin
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)
