"""A program's lifecycle: draft, scheduled, active, ended, archived; only an active one sends.

`Program.active` says whether it sends now: true only for an active program that is not
paused, so every job that reads it (prompts, reminders, digests, check-ins, feeds,
summaries) sends nothing for a draft, a scheduled or an ended program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program, Prompt
from bot.programs.programs import ProgramError, get_program
from bot.schedule import resolve_zone, start_of_local_day, week_monday

DRAFT, SCHEDULED, ACTIVE, ENDED, ARCHIVED = "draft", "scheduled", "active", "ended", "archived"
STATUSES = (DRAFT, SCHEDULED, ACTIVE, ENDED, ARCHIVED)


def status_label(program: Program) -> str:
    """'draft', 'scheduled (from 2026-12-07)', 'active', 'paused', 'ended', 'archived'."""
    if program.status == SCHEDULED:
        return f"scheduled (from {program.starts_on})"
    if program.status == ACTIVE and not program.active:
        return "paused"
    return program.status


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ProgramError(f"{what} must be a day as YYYY-MM-DD, not {text!r}") from None


def check_dates(starts_on: date | None, ends_on: date | None, today: date) -> None:
    """A one-line error for an end date in the past or before the start."""
    if ends_on is not None and ends_on < today:
        raise ProgramError(f"end date {ends_on} is in the past")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ProgramError(f"end date {ends_on} is before the start date {starts_on}")


def launch(program: Program, today: date, starts_on: date | None = None) -> None:
    """A draft goes live today, or is scheduled to on `starts_on` (the lifecycle job does it)."""
    if program.status not in (DRAFT, SCHEDULED):
        raise ProgramError(f"program {program.name!r} is {status_label(program)}, not a draft")
    starts_on = starts_on or program.starts_on or today
    check_dates(None, program.ends_on, today)
    check_dates(starts_on, program.ends_on, today)
    program.starts_on = max(starts_on, today)
    if program.starts_on > today:
        program.status, program.active = SCHEDULED, False
        return
    program.status, program.active = ACTIVE, True
    program.anchor_week = week_monday(today)  # a draft sent nothing: cycle 0 is this week


def end(program: Program) -> None:
    """An active (or paused) program stops for good; its answers and figures stay."""
    if program.status != ACTIVE:
        raise ProgramError(f"program {program.name!r} is {status_label(program)}, not active")
    program.status, program.active = ENDED, False


def archive(program: Program) -> None:
    """An ended program leaves the lists; its answers and figures stay."""
    if program.status != ENDED:
        raise ProgramError(
            f"only an ended program can be archived ({program.name!r} is {status_label(program)})"
        )
    program.status = ARCHIVED


def set_paused(program: Program, paused: bool) -> None:
    """Pause or resume an active program (a draft is launched instead)."""
    if program.status != ACTIVE:
        hint = (
            f"; launch it: kmbot program launch {program.name}"
            if program.status
            in (
                DRAFT,
                SCHEDULED,
            )
            else ""
        )
        raise ProgramError(f"program {program.name!r} is {status_label(program)}{hint}")
    program.active = not paused


async def delete_draft(session: AsyncSession, name: str) -> None:
    """Delete a draft (or scheduled) program that never sent anything."""
    program = await get_program(session, name)
    if program.status not in (DRAFT, SCHEDULED):
        raise ProgramError(
            f"program {name!r} is {status_label(program)}: only drafts can be deleted "
            f"(end it instead: kmbot program end {name})"
        )
    if await session.scalar(select(Prompt.id).where(Prompt.program_id == program.id).limit(1)):
        raise ProgramError(f"program {name!r} has sent prompts: end it instead")
    await session.execute(delete(Program).where(Program.id == program.id))


@dataclass(frozen=True)
class DueChange:
    """A change of status the calendar makes: a scheduled program starts, an active one ends."""

    program: Program
    to: str
    at: datetime


def calendar_changes(programs: list[Program], org_zone: str) -> list[DueChange]:
    """Each program's next calendar change: its start day's midnight, the day after its end."""
    changes = []
    for program in programs:
        zone = resolve_zone(program.timezone, org_zone)
        if program.status == SCHEDULED and program.starts_on is not None:
            changes.append(DueChange(program, ACTIVE, start_of_local_day(program.starts_on, zone)))
        elif program.status == ACTIVE and program.ends_on is not None:
            day_after = program.ends_on + timedelta(days=1)
            changes.append(DueChange(program, ENDED, start_of_local_day(day_after, zone)))
    return changes


async def dated_programs(session: AsyncSession) -> list[Program]:
    """Programs the calendar may still change: scheduled ones, active ones with an end date."""
    return list(
        await session.scalars(
            select(Program)
            .where(
                (Program.status == SCHEDULED)
                | ((Program.status == ACTIVE) & Program.ends_on.is_not(None))
            )
            .order_by(Program.id)
        )
    )
