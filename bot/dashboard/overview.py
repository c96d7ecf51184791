"""What the dashboard's overview shows a viewer: per program, the trend by round, units side
by side, questions, leads and check-ins, from evidence's figures, within the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.access import Viewer
from bot.db.models import Member, Program, Prompt
from bot.evidence.figures import MIN_PEOPLE, Period, ProgramReport, Row
from bot.evidence.participation import breakdown
from bot.evidence.report import program_report
from bot.evidence.scope import Selection

TREND_ROUNDS = 12  # the newest rounds the trend shows
MIN_GROUPS = 3  # check-in figures only behind at least 6 people (3 pairs)


@dataclass(frozen=True)
class ProgramView:
    """One program's figures for one viewer; `people` under MIN_PEOPLE shows none of them."""

    program_id: int
    name: str
    active: bool
    people: int
    report: ProgramReport | None
    trend: tuple[Row, ...]
    units: tuple[Row, ...]
    questions: tuple[Row, ...]

    @property
    def too_few(self) -> bool:
        return self.people < MIN_PEOPLE

    @property
    def leads_shown(self) -> bool:
        return self.report is not None and self.report.leads.leads >= MIN_PEOPLE

    @property
    def checkins_shown(self) -> bool:
        return self.report is not None and self.report.checkins.groups >= MIN_GROUPS


async def people_in_scope(session: AsyncSession, program_id: int, viewer: Viewer) -> int:
    """How many people were asked in `program_id` within the viewer's units."""
    query = select(func.count(func.distinct(Prompt.member_id))).where(
        Prompt.program_id == program_id
    )
    if viewer.units is not None:
        query = query.join(Member, Member.id == Prompt.member_id).where(
            Member.unit.in_(viewer.units)
        )
    return int(await session.scalar(query) or 0)


async def program_view(session: AsyncSession, program: Program, viewer: Viewer) -> ProgramView:
    people = await people_in_scope(session, program.id, viewer)
    if people < MIN_PEOPLE:
        return ProgramView(program.id, program.name, program.active, people, None, (), (), ())
    units = list(viewer.units) if viewer.units is not None else None
    report = await program_report(session, program.id, Period(), "week", units=units)
    selection = Selection(program.id, Period(), units)
    by_unit, _ = await breakdown(session, selection, "unit")
    by_question, _ = await breakdown(session, selection, "question")
    return ProgramView(
        program.id,
        program.name,
        program.active,
        people,
        report,
        report.rows[-TREND_ROUNDS:],
        tuple(by_unit),
        tuple(sorted(by_question, key=lambda row: -(row.participation.rate or -1.0))),
    )


async def overview(session: AsyncSession, viewer: Viewer) -> list[ProgramView]:
    """Every program the viewer may see, running ones first; a lead's only where their units
    were asked."""
    programs = await session.scalars(select(Program).order_by(Program.active.desc(), Program.name))
    views = [await program_view(session, program, viewer) for program in programs]
    return [view for view in views if viewer.units is None or view.people > 0]
