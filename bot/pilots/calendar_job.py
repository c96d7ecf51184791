"""The job that starts scheduled programs on their day and ends programs after their last
day; a pilot that ends gets its final review due (`Pilot.final_review_due_at`, which the
`pilots.review` job, bot.pilots.reviews, reads)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import Program
from bot.db.pilot_models import Pilot
from bot.pilots.pulse import BASELINE, END, next_wave_time, pilot_of, send_due_waves, send_wave
from bot.privacy.audit import record
from bot.programs import lifecycle

log = logging.getLogger(__name__)
ACTOR = "kmbot (calendar)"


async def on_pilot_ended(session: AsyncSession, program: Program, now: datetime) -> None:
    """The hook for the final review: a pilot's review falls due the moment it ends."""
    pilot = await session.scalar(select(Pilot).where(Pilot.program_id == program.id))
    if pilot is not None and pilot.final_review_due_at is None:
        pilot.final_review_due_at = now


@dataclass(frozen=True)
class ProgramCalendar:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str

    async def apply(self) -> int:
        """Start and end the programs whose day has come; how many changed."""
        now = self.clock.now()
        changed = 0
        async with self.sessions.begin() as session:
            for change in lifecycle.calendar_changes(
                await lifecycle.dated_programs(session), self.org_zone
            ):
                if change.at > now:
                    continue
                program = change.program
                if change.to == lifecycle.ACTIVE:
                    lifecycle.launch(program, program.starts_on or change.at.date())
                    why = f"its start date {program.starts_on} came"
                    await _pulse(session, program, BASELINE, now)
                else:
                    lifecycle.end(program)
                    await on_pilot_ended(session, program, now)
                    await _pulse(session, program, END, now)
                    why = f"its end date {program.ends_on} passed"
                action = "program.launch" if change.to == lifecycle.ACTIVE else "program.end"
                await record(session, now, ACTOR, action, program.name, {"reason": why})
                changed += 1
            pulses = await send_due_waves(session, now)
        if changed:
            log.info("programs: %d started or ended on their dates", changed)
        if pulses:
            log.info("pilots: a milestone pulse sent to %d people", pulses)
        return changed

    async def next_change(self, session: AsyncSession) -> datetime | None:
        changes = lifecycle.calendar_changes(await lifecycle.dated_programs(session), self.org_zone)
        wave = await next_wave_time(session, self.clock.now())
        return min([*(c.at for c in changes), *([wave] if wave else [])], default=None)


async def _pulse(session: AsyncSession, program: Program, wave: str, now: datetime) -> None:
    """A pilot's pulse wave, sent as it starts (baseline) and as it ends."""
    pilot = await pilot_of(session, program)
    if pilot is not None:
        await send_wave(session, pilot, wave, now)
