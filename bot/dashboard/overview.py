"""What the dashboard's overview shows a viewer: per program, the trend by round, units side
by side, questions, leads and check-ins, from evidence's figures, within the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.access import Viewer
from bot.db.models import Program
from bot.evidence.figures import MIN_PEOPLE, Row
from bot.evidence.report import Figures, figures_and_breakdowns

TREND_ROUNDS = 12  # the newest rounds the trend shows
MIN_GROUPS = 3  # check-in figures only behind at least 6 people (3 pairs)


@dataclass(frozen=True)
class ProgramView:
    """One program's figures for one viewer; `people` under MIN_PEOPLE shows none of them."""

    program_id: int
    name: str
    active: bool
    people: int
    report: Figures | None  # no sharing nor skip reasons: the overview shows neither
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


async def program_view(session: AsyncSession, program: Program, viewer: Viewer) -> ProgramView:
    units = list(viewer.units) if viewer.units is not None else None
    report, rows = await figures_and_breakdowns(
        session, program.id, "week", units=units, also=("unit", "question")
    )
    people = report.total.participation.people or 0  # everyone asked, within the scope
    if people < MIN_PEOPLE:
        return ProgramView(program.id, program.name, program.active, people, None, (), (), ())
    return ProgramView(
        program.id,
        program.name,
        program.active,
        people,
        report,
        report.rows[-TREND_ROUNDS:],
        tuple(rows["unit"]),
        tuple(sorted(rows["question"], key=lambda row: -(row.participation.rate or -1.0))),
    )


async def overview(session: AsyncSession, viewer: Viewer) -> list[ProgramView]:
    """Every program the viewer may see, running ones first; a lead's only where their units
    were asked."""
    programs = await session.scalars(select(Program).order_by(Program.active.desc(), Program.name))
    views = [await program_view(session, program, viewer) for program in programs]
    return [view for view in views if viewer.units is None or view.people > 0]
