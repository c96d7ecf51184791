"""Which rounds are still open, and when each may close (its last zone's window over)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.cycles import MemberCycles
from bot.calendar.working_days import calendar_for
from bot.db.models import Member, Program, Prompt, Round
from bot.people.directory import member_zone_column
from bot.programs.programs import audience_query, cadence_of

ZoneOf = Callable[[str | None, Program], ZoneInfo]  # (member's zone name, program) -> zone


async def unclosed_rounds(
    session: AsyncSession, zone_of: ZoneOf
) -> list[tuple[Program, int, datetime]]:
    """(program, cycle, when it may close) of every round with prompts and no closing yet.

    A round closes once every prompt's window and the last zone's window have passed.
    """
    rows = await session.execute(
        select(Program, Prompt.cycle, func.max(Prompt.closes_at))
        .join(Program, Prompt.program_id == Program.id)
        .outerjoin(Round, (Round.program_id == Prompt.program_id) & (Round.cycle == Prompt.cycle))
        .where(Round.id.is_(None))
        .group_by(Program.id, Prompt.cycle)  # a program's columns follow from its key
    )
    zones: dict[int, set[tuple[str | None, str | None]]] = {}
    unclosed = []
    for program, cycle, last_window in rows.all():
        if program.id not in zones:
            zones[program.id] = set(
                (tz, country)
                for tz, country in await session.execute(
                    audience_query(program, member_zone_column(), Member.country).distinct()
                )
            )
        ends = max(last_window, round_end(program, cycle, zones[program.id], zone_of))
        unclosed.append((program, cycle, ends))
    return unclosed


def round_end(
    program: Program,
    cycle: int,
    zones: set[tuple[str | None, str | None]],
    zone_of: ZoneOf,
) -> datetime:
    """When the last (zone, country) in the audience closes this cycle's window."""
    cadence = cadence_of(program)
    window = timedelta(hours=program.answer_window_hours)
    ends = [
        times.closes
        for tz, country in zones or {(None, None)}
        if (
            times := MemberCycles(
                cadence,
                zone_of(tz, program),
                calendar_for(country, program.blackout_dates),
                window,
            ).times(cycle)
        )
    ]
    return max(ends, default=cadence.send_at(cycle, zone_of(None, program)) + window)
