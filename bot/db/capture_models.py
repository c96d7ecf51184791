"""Typed replies waiting for their author to confirm them as an answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class AnswerDraft(Base):
    """A plain message typed while a prompt was open: stored as an answer only on Save."""

    __tablename__ = "answer_drafts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
