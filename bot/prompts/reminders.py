"""The open prompts still waiting for their one reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program, Prompt
from bot.people.directory import member_zone_column


@dataclass(frozen=True)
class Unreminded:
    """An open prompt still waiting for its one reminder, with where and when it may go."""

    prompt_id: int
    question_id: int
    remind_at: datetime
    closes_at: datetime
    member_id: int
    tz: str | None
    workspace_id: int
    paused_until: date | None
    program: Program
    country: str | None
    language: str | None = None
    locale: str | None = None


async def unreminded(session: AsyncSession, now: datetime) -> list[Unreminded]:
    """Open prompts of active programs still waiting for their one reminder."""
    rows = await session.execute(
        select(
            Prompt.id,
            Prompt.question_id,
            Prompt.remind_at,
            Prompt.closes_at,
            Member.id,
            member_zone_column(),
            Member.workspace_id,
            Member.paused_until,
            Program,
            Member.country,
            Member.language,
            Member.locale,
        )
        .join(Member, Prompt.member_id == Member.id)
        .join(Program, Prompt.program_id == Program.id)
        .where(
            Prompt.status == "open",
            Prompt.reminded_at.is_(None),
            Prompt.remind_at.is_not(None),
            Prompt.closes_at > now,
            Member.opted_out.is_(False),
            Program.active.is_(True),
        )
    )
    return [Unreminded(*row) for row in rows]
