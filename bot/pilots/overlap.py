"""The warning when two programs reach the same people in the same week."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program
from bot.pilots import messages
from bot.pilots.preview import planned_cadence
from bot.programs import lifecycle
from bot.programs.programs import audience_query
from bot.schedule import iso_week, week_monday

WEEKS_AHEAD = 6


def send_weeks(program: Program, today: date) -> set[date]:
    """Mondays of the coming weeks in which `program` sends a round."""
    cadence = planned_cadence(program, today)
    weeks = set()
    for ahead in range(WEEKS_AHEAD):
        monday = week_monday(today) + timedelta(weeks=ahead)
        offset = (monday - cadence.anchor_week).days // 7
        if offset < 0 or offset % cadence.every_weeks:
            continue
        if program.starts_on and monday < week_monday(program.starts_on):
            continue
        if program.ends_on and monday > program.ends_on:
            continue
        weeks.add(monday)
    return weeks


def _reaching(program: Program) -> bool:
    """Sending or about to: active and not paused, or scheduled."""
    return program.status == lifecycle.SCHEDULED or (
        program.status == lifecycle.ACTIVE and program.active
    )


async def overlap_warnings(session: AsyncSession, program: Program, today: date) -> list[str]:
    """One warning per other running program with people and weeks in common."""
    mine = set(await session.scalars(audience_query(program, Member.id)))
    weeks = send_weeks(program, today)
    warnings = []
    for other in await session.scalars(
        select(Program).where(Program.id != program.id).order_by(Program.name)
    ):
        if not _reaching(other):
            continue
        common = weeks & send_weeks(other, today)
        if not common:
            continue
        people = mine & set(await session.scalars(audience_query(other, Member.id)))
        if people:
            labels = [iso_week(monday) for monday in sorted(common)]
            warnings.append(messages.overlap_warning(program.name, other.name, len(people), labels))
    return warnings
