"""`program_report`: every figure of one program over one period, for every reader."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.evidence.checkins import checkins
from bot.evidence.figures import BREAKDOWNS, Period, ProgramReport, Sharing
from bot.evidence.habit import habit
from bot.evidence.helpful import reuse_recorded, shared_answers
from bot.evidence.leads import leads
from bot.evidence.participation import breakdown
from bot.evidence.scope import Selection

NOTES = (
    "Intervals are 95% Wilson intervals; a difference's is Newcombe's, from them. Rounds "
    "pooled over weeks count prompts, so a person who answers every week counts every week.",
    "Skip reasons are not recorded in this database.",
)
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
) -> ProgramReport:
    """The report; `units` narrows it to some units (a lead's team), None is everyone."""
    if by not in BREAKDOWNS:
        raise ValueError(f"--by is one of {', '.join(BREAKDOWNS)}, not {by!r}")
    program = await session.get(Program, program_id)
    if program is None:
        raise UnknownProgram(f"no program with id {program_id}")
    selection = Selection(program_id, period, units)
    rows, total = await breakdown(session, selection, by)
    recorded = await reuse_recorded(session)
    answers, helpful, reuse, top = await shared_answers(session, selection, recorded)
    return ProgramReport(
        program_id=program_id,
        program=program.name,
        period=period,
        by=by,
        rows=tuple(rows),
        total=total,
        habit=await habit(session, selection),
        leads=await leads(session, selection),
        checkins=await checkins(session, selection),
        sharing=Sharing(answers, helpful, reuse, top),
        notes=NOTES if recorded else (*NOTES, NO_REUSE),
    )


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
