"""The Monday summary's figures: per program for champions and admins, per team for a lead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program, Prompt
from bot.evidence.chart import Series
from bot.evidence.figures import Period, ProgramReport
from bot.evidence.participation import weekly_rows
from bot.evidence.render import counted, habit_text
from bot.evidence.report import program_report
from bot.evidence.scope import Selection
from bot.i18n import _

CHART_WEEKS = 12


def recent(now: datetime, weeks: int = CHART_WEEKS) -> Period:
    return Period(start=(now - timedelta(weeks=weeks)).date(), end=now.date())


def program_line(report: ProgramReport) -> str:
    """One program in one line: last round with its interval, leads, check-ins."""
    if not report.rows:
        return _("*{program}*: no round in the past {weeks} weeks.").format(
            program=report.program, weeks=CHART_WEEKS
        )
    closed = [row for row in report.rows if row.outcomes.open == 0]
    last = (closed or list(report.rows))[-1]
    leads, checkins = report.leads, report.checkins
    parts = [
        _("*{program}*: last round {rate} answered").format(
            program=report.program, rate=counted(last.participation)
        ),
        _("habit {habit}").format(habit=habit_text(report.habit)),
        _("{shared} of the program's {leads} leads shared openly").format(
            shared=leads.shared, leads=leads.leads
        ),
    ]
    if checkins.groups:
        parts.append(
            _("check-ins: {met} of {groups} groups met (both said so), {one} one side only").format(
                met=checkins.both_confirmed,
                groups=checkins.groups,
                one=checkins.one_side_confirmed,
            )
        )
    return "; ".join(parts)


async def programs_summary(session: AsyncSession, now: datetime) -> tuple[list[str], list[int]]:
    """(lines, program ids) of every active program over the past weeks."""
    ids = list(
        await session.scalars(select(Program.id).where(Program.active).order_by(Program.name))
    )
    lines = [program_line(await program_report(session, pid, recent(now))) for pid in ids]
    return lines, ids


async def team_summary(
    session: AsyncSession, units: Sequence[str], now: datetime
) -> tuple[list[str], list[int]]:
    """(lines, program ids) for a lead's units: each program that asks them."""
    period = Selection(0, recent(now)).within(Prompt.opened_at)
    ids = list(
        await session.scalars(
            select(Prompt.program_id)
            .join(Member, Member.id == Prompt.member_id)
            .where(Member.unit.in_(list(units)), *period)
            .group_by(Prompt.program_id)
            .order_by(func.count().desc())
        )
    )
    lines = []
    for pid in ids:
        report = await program_report(session, pid, recent(now), units=units)
        if report.rows:
            closed = [row for row in report.rows if row.outcomes.open == 0]
            last = (closed or list(report.rows))[-1].participation
            lines.append(
                _("Your team in *{program}*: last round {rate} answered; habit {habit}").format(
                    program=report.program, rate=counted(last), habit=habit_text(report.habit)
                )
            )
    return lines, ids


async def chart_series(
    session: AsyncSession,
    program_ids: Sequence[int],
    units: Sequence[str] | None,
    now: datetime,
) -> list[Series]:
    """Each program's rounds of the past weeks (one grouped query a program)."""
    named = select(Program.id, Program.name).where(Program.id.in_(program_ids))
    names = {pid: name for pid, name in await session.execute(named)}
    series = []
    for pid in program_ids:
        if pid in names:
            rows = await weekly_rows(session, Selection(pid, recent(now), units))
            series.append(Series(names[pid], rows))
    return series
