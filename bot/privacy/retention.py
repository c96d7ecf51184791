"""Retention: a program with `retention_months` keeps answers (and the prompts, check-ins and
channel posts around them) for that many months, then deletes them; the job applies it."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.checkin_models import CheckinRound
from bot.db.models import Delivery, Program, Prompt, Reply
from bot.privacy.erase import rows_touched

log = logging.getLogger(__name__)


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` `months` calendar months earlier (the 31st becomes the month's last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Retention:
    """Deletes what each program keeps no longer."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock

    async def apply(self) -> int:
        """Delete every answer and prompt past its program's retention; how many rows."""
        now = self.clock.now()
        removed = 0
        async with self.sessions.begin() as session:
            for program in await _kept_for_a_while(session):
                assert program.retention_months is not None
                removed += await _expire(
                    session, program, months_before(now, program.retention_months)
                )
        if removed:
            log.info("retention: deleted %d expired prompts and answers", removed)
        return removed

    async def next_expiry(self, session: AsyncSession) -> datetime | None:
        """When the oldest kept prompt or answer of any such program expires."""
        soonest = None
        for program in await _kept_for_a_while(session):
            oldest = min(
                (
                    moment
                    for moment in (
                        await session.scalar(
                            select(func.min(Prompt.opened_at)).where(
                                Prompt.program_id == program.id
                            )
                        ),
                        await session.scalar(
                            select(func.min(Reply.created_at)).where(Reply.program_id == program.id)
                        ),
                    )
                    if moment is not None
                ),
                default=None,
            )
            if oldest is None:
                continue
            months = program.retention_months or 0
            expiry = months_before(oldest, -months)
            soonest = expiry if soonest is None else min(soonest, expiry)
        return soonest


async def _kept_for_a_while(session: AsyncSession) -> list[Program]:
    return list(await session.scalars(select(Program).where(Program.retention_months > 0)))


async def _expire(session: AsyncSession, program: Program, cutoff: datetime) -> int:
    """Delete the program's prompts opened and answers written before `cutoff`, with the
    messages about them (feed posts, digests, updates) and its check-in rounds."""
    old_prompts = select(Prompt.id).where(
        Prompt.program_id == program.id, Prompt.opened_at < cutoff
    )
    old_replies = select(Reply.id).where(
        Reply.program_id == program.id,
        or_(Reply.created_at < cutoff, Reply.prompt_id.in_(old_prompts)),
    )
    reply_ids = list((await session.scalars(old_replies)).all())
    prompt_messages = select(Prompt.message_id).where(
        Prompt.id.in_(old_prompts), Prompt.message_id.is_not(None)
    )
    await session.execute(
        delete(Delivery).where(
            or_(
                Delivery.dedupe_key.in_([f"feed:{rid}" for rid in reply_ids]),
                Delivery.dedupe_key.startswith(f"digest:{program.id}:", autoescape=True)
                & (Delivery.created_at < cutoff),
                Delivery.message_id.in_(prompt_messages) & Delivery.member_id.is_(None),
            )
        )
    )
    gone = rows_touched(await session.execute(delete(Reply).where(Reply.id.in_(reply_ids))))
    gone += rows_touched(await session.execute(delete(Prompt).where(Prompt.id.in_(old_prompts))))
    await session.execute(
        delete(CheckinRound).where(
            CheckinRound.program_id == program.id, CheckinRound.planned_at < cutoff
        )
    )
    return gone
