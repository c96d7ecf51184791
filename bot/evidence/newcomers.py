"""Newcomers (their first 90 days) against existing staff: participation side by side.

Read through the report's public pieces (Selection, proportion, difference, percent), so it
stays one small section whatever carries the report's other figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt
from bot.evidence.figures import Difference, Period, Proportion
from bot.evidence.render import counted, points
from bot.evidence.scope import Selection, narrowed
from bot.evidence.stats import difference, proportion

NEWCOMER_DAYS = 90  # as bot.newcomers.dates counts them
WHOLE = Period()


@dataclass(frozen=True)
class NewcomerComparison:
    """Participation (answered of decided prompts) of newcomers and of existing staff."""

    newcomers: Proportion
    existing: Proportion
    gap: Difference  # newcomers - existing staff


def counts_as_newcomer(start: date | None, opened: date) -> bool:
    """A prompt counts as a newcomer's when it opened in their first 90 days."""
    return start is not None and 0 <= (opened - start).days < NEWCOMER_DAYS


async def newcomer_comparison(
    session: AsyncSession, program_id: int, period: Period = WHOLE
) -> NewcomerComparison:
    """Newcomers' and existing staff's participation in the program's rounds of `period`,
    each with its Wilson interval, "too few to tell" behind fewer than 5 people."""
    selection = await narrowed(session, Selection(program_id, period))
    decided = [selection.prompts(), Prompt.status != "open"]
    answered = func.sum(case((Prompt.status == "answered", 1), else_=0))
    settled = (
        await session.execute(
            select(func.count(), func.coalesce(answered, 0), func.count(func.distinct(Member.id)))
            .select_from(Prompt)
            .join(Member, Member.id == Prompt.member_id)
            .where(*decided, Member.start_date.is_(None))
        )
    ).one()
    tally: Counter[tuple[bool, str]] = Counter()
    people: dict[bool, set[int]] = {True: set(), False: set()}
    for member_id, start, opened, status in await session.execute(
        select(Member.id, Member.start_date, Prompt.opened_at, Prompt.status)
        .join(Member, Member.id == Prompt.member_id)
        .where(*decided, Member.start_date.is_not(None))
    ):
        new = counts_as_newcomer(start, opened.date())
        tally[(new, "answered" if status == "answered" else "other")] += 1
        people[new].add(member_id)
    newcomers = _share(tally[(True, "answered")], tally[(True, "other")], len(people[True]))
    existing = _share(
        int(settled[1]) + tally[(False, "answered")],
        int(settled[0]) - int(settled[1]) + tally[(False, "other")],
        int(settled[2]) + len(people[False]),
    )
    return NewcomerComparison(newcomers, existing, difference(newcomers, existing))


def _share(answered: int, other: int, people: int) -> Proportion:
    return proportion(answered, answered + other, people)


def comparison_text(comparison: NewcomerComparison) -> str:
    """Three lines for the report's text."""
    return "\n".join(
        (
            "Newcomers (first 90 days) and existing staff, participation:",
            f"  newcomers: {counted(comparison.newcomers)}",
            f"  existing staff: {counted(comparison.existing)}",
            f"  difference: {points(comparison.gap)}",
        )
    )


def comparison_json(comparison: NewcomerComparison) -> dict[str, Any]:
    """The comparison as the report's JSON carries it (no counts behind too few people)."""

    def shown(p: Proportion) -> dict[str, Any]:
        if p.too_few:
            return {"too_few": True}
        return {"k": p.k, "n": p.n, "rate": p.rate, "low": p.low, "high": p.high, "too_few": False}

    gap = comparison.gap
    return {
        "newcomer_days": NEWCOMER_DAYS,
        "newcomers": shown(comparison.newcomers),
        "existing": shown(comparison.existing),
        "difference": None
        if gap.too_few
        else {"estimate": gap.estimate, "low": gap.low, "high": gap.high},
    }
