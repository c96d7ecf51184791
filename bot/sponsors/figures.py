"""A month of one program as its sponsor reads it: read through the report (bot.evidence), so
the same 5-person floor and Wilson intervals apply, and who shared (for the thank-you)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Reply
from bot.evidence.figures import MIN_PEOPLE, Period
from bot.evidence.render import percent
from bot.evidence.report import program_report
from bot.i18n import _
from bot.sponsors.messages import FEW, SummaryFigures, month_label, participation_text

HIGHLIGHTS = 2


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The UTC instants the month starts and ends at (the end excluded)."""
    return (
        datetime.combine(month, time(), tzinfo=UTC),
        datetime.combine(next_month(month), time(), tzinfo=UTC),
    )


@dataclass(frozen=True)
class Sharers:
    """Who shared an answer in the month: names of those who shared with their name, and
    how many shared only anonymously (reached, never named; counted only at the floor)."""

    named: tuple[tuple[int, str], ...]  # (member id, name)
    anonymous: tuple[int, ...]  # member ids

    @property
    def count(self) -> int:
        return len(self.named) + len(self.anonymous)


async def sharers(session: AsyncSession, program_id: int, month: date, sponsor_id: int) -> Sharers:
    """Everyone but the sponsor who shared an answer in `program` in `month`; those who only
    shared anonymously are left out while fewer than 5 people shared, so none can be guessed."""
    start, end = month_bounds(month)
    rows = await session.execute(
        select(Member.id, Member.display_name, Member.external_id, Reply.visibility)
        .join(Reply, Reply.member_id == Member.id)
        .where(
            Reply.program_id == program_id,
            Reply.visibility.in_(("shared", "anonymous")),
            Reply.created_at >= start,
            Reply.created_at < end,
            Member.id != sponsor_id,
            Member.active,
        )
        .distinct()
    )
    names: dict[int, str] = {}
    anonymous: set[int] = set()
    for member_id, name, external_id, visibility in rows:
        if visibility == "shared":
            names[member_id] = name or external_id
        else:
            anonymous.add(member_id)
    anonymous -= names.keys()
    if len(names) + len(anonymous) < MIN_PEOPLE:
        anonymous = set()
    named = tuple(sorted(names.items(), key=lambda item: (item[1].lower(), item[0])))
    return Sharers(named, tuple(sorted(anonymous)))


async def monthly_figures(
    session: AsyncSession, program_id: int, month: date, sponsor_id: int
) -> SummaryFigures:
    """The summary's figures for `month`: none at all behind fewer than 5 people."""
    last_day = next_month(month) - timedelta(days=1)
    report = await program_report(session, program_id, Period(month, last_day))
    reached = await sharers(session, program_id, month, sponsor_id)
    asked = report.total.participation
    if asked.too_few:
        text = _(FEW).format(floor=MIN_PEOPLE, month=month_label(month))
        return SummaryFigures(report.program, month, text, None, (), reached.count)
    best = [a for a in report.sharing.most_helped if a.author and a.author != "Anonymous"]
    return SummaryFigures(
        report.program,
        month,
        participation_text(asked.k, asked.n, percent(asked)),
        report.sharing.answers,
        tuple((a.author, a.excerpt) for a in best[:HIGHLIGHTS]),
        reached.count,
    )
