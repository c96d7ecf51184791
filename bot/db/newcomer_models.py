"""Newcomers' first month: which steps of it happened, and each newcomer's partner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class NewcomerStep(Base):
    """One step of a newcomer's first month that was done: "welcome" or "partner".

    Its key makes each step happen once per member, whatever re-joins or replicas do.
    """

    __tablename__ = "newcomer_steps"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(16), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NewcomerPartner(Base):
    """The colleague from another unit a newcomer was introduced to in their second week."""

    __tablename__ = "newcomer_partners"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(  # the newcomer's row
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    partner_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    matched_at: Mapped[datetime] = mapped_column(UtcDateTime)
