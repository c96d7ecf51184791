"""The archive and the dashboard's sign-in: reuse events ("This helped me") and one-time links.

The full-text index itself (`archive_search`: an FTS5 table on SQLite, a tsvector with a GIN
index on PostgreSQL) is kept by database triggers on `replies` (migration 0008), not a model.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Id
from bot.db.types import UtcDateTime


class ReuseEvent(Base):
    """A member says a shared answer or lesson helped them (once per member and answer)."""

    __tablename__ = "reuse_events"
    __table_args__ = (UniqueConstraint("reply_id", "member_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    told_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


class SignInLink(Base):
    """A one-time dashboard sign-in link; only the SHA-256 of its token is stored."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
