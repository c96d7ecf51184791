"""`program_report`: every figure of one program over one period, for every reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.evidence.asked import asked
from bot.evidence.checkins import checkins
from bot.evidence.coverage import Coverage, coverage
from bot.evidence.figures import (
    BREAKDOWNS,
    MIN_PEOPLE,
    Checkins,
    Habit,
    Leads,
    Period,
    ProgramReport,
    Row,
)
from bot.evidence.habit import closed_cycles, habit_of
from bot.evidence.helpful import reuse_recorded, sharing
from bot.evidence.leads import leads
from bot.evidence.participation import people_by, rows_of
from bot.evidence.scan import prompt_cells
from bot.evidence.scope import Selection, narrowed
from bot.evidence.skips import skip_reasons

NOTES = (
    "Intervals are 95% Wilson intervals; a difference's is Newcombe's, from them. Rounds "
    "pooled over weeks count prompts, so a person who answers every week counts every week.",
)
NO_SKIP_REASONS = f"Skip reasons: none shown (fewer than {MIN_PEOPLE} people gave one)."
WHOLE = Period()
NO_REUSE = "Reuse is not recorded in this database (no archive yet): Helpful marks only."


class UnknownProgram(ValueError):
    """No program by that name or id."""


async def program_report(
    session: AsyncSession,
    program_id: int,
    period: Period = WHOLE,
    by: str = "week",
    *,
    units: Sequence[str] | None = None,
    without_roles: Sequence[str] = (),
) -> ProgramReport:
    """The report; `units` narrows it to some units (a lead's team), None is everyone;
    `without_roles` leaves people of those roles out (a pilot's champions)."""
    report, _ = await report_and_breakdowns(
        session, program_id, period, by, units=units, without_roles=without_roles
    )
    return report


@dataclass(frozen=True)
class Figures:
    """What the dashboard's overview shows of a program: its rows, total, habit, leads and
    check-ins (a report without sharing or skip reasons)."""

    program_id: int
    program: str
    rows: tuple[Row, ...]
    total: Row
    habit: Habit
    leads: Leads
    checkins: Checkins


async def report_and_breakdowns(
    session: AsyncSession,
    program_id: int,
    period: Period = WHOLE,
    by: str = "week",
    *,
    units: Sequence[str] | None = None,
    also: Sequence[str] = (),
    without_roles: Sequence[str] = (),
) -> tuple[ProgramReport, dict[str, list[Row]]]:
    """The report and the rows of other breakdowns (`also`), read once for all of them."""
    read = await _read(session, program_id, period, by, units, also, without_roles)
    figures, rows_by, selection, covered = read
    recorded = await reuse_recorded(session)
    reasons = await skip_reasons(session, selection, covered)
    notes = (*NOTES, *([] if recorded else [NO_REUSE]), *([] if reasons else [NO_SKIP_REASONS]))
    shown = figures.rows, figures.total, figures.habit, figures.leads, figures.checkins
    report = ProgramReport(
        program_id,
        figures.program,
        period,
        by,
        *shown,
        sharing=await sharing(session, selection, recorded, covered),
        skip_reasons=reasons,
        notes=notes,
    )
    return report, rows_by


async def figures_and_breakdowns(
    session: AsyncSession,
    program_id: int,
    by: str = "week",
    *,
    units: Sequence[str] | None = None,
    also: Sequence[str] = (),
) -> tuple[Figures, dict[str, list[Row]]]:
    """The overview's figures of a program's whole time, and the rows of `also`."""
    figures, rows_by, _, _ = await _read(session, program_id, WHOLE, by, units, also, ())
    return figures, rows_by


async def _read(
    session: AsyncSession,
    program_id: int,
    period: Period,
    by: str,
    units: Sequence[str] | None,
    also: Sequence[str],
    without_roles: Sequence[str],
) -> tuple[Figures, dict[str, list[Row]], Selection, Coverage]:
    if by not in BREAKDOWNS or not set(also) <= set(BREAKDOWNS):
        raise ValueError(f"--by is one of {', '.join(BREAKDOWNS)}, not {by!r}")
    program = await session.get(Program, program_id)
    if program is None:
        raise UnknownProgram(f"no program with id {program_id}")
    selection = await narrowed(
        session, Selection(program_id, period, units, without_roles=tuple(without_roles))
    )
    covered = await coverage(session, selection)
    cells = await prompt_cells(session, selection, False, covered)
    cycles = await closed_cycles(session, selection)
    members = await asked(session, selection, cycles, covered)
    rows_by: dict[str, list[Row]] = {}
    total = None
    for one in {by, *also}:
        with_question = cells
        if one == "question":
            with_question = await prompt_cells(session, selection, True, covered)
        people = await people_by(session, selection, one, members, covered)
        rows_by[one], total_of = rows_of(with_question, one, people, members.people)
        total = total_of if one == by else total
    assert total is not None
    figures = Figures(
        program_id,
        program.name,
        tuple(rows_by[by]),
        total,
        habit_of(cycles, members),
        await leads(session, selection, cells),
        await checkins(session, selection),
    )
    return figures, rows_by, selection, covered


async def program_id_named(session: AsyncSession, name: str) -> int:
    """The id of the program called `name` (exactly, else case-insensitively)."""
    programs = dict((await session.execute(select(Program.name, Program.id))).all())
    if name in programs:
        return int(programs[name])
    matches = [pid for known, pid in programs.items() if known.casefold() == name.casefold()]
    if len(matches) != 1:
        known = ", ".join(sorted(programs)) or "none yet"
        raise UnknownProgram(f"no program called {name!r} (programs: {known})")
    return int(matches[0])


async def all_program_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Program.id).order_by(Program.name)))
