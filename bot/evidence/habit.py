"""Habit (answered at least 3 of the last 4 rounds) and streaks, grouped in the database."""

from __future__ import annotations

from statistics import median
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Round
from bot.evidence.figures import Habit
from bot.evidence.scope import Selection
from bot.evidence.stats import proportion

HABIT_ROUNDS = 4
HABIT_ANSWERED = 3
STREAK_SHOWN = 3


async def habit(session: AsyncSession, selection: Selection) -> Habit:
    """Over the last 4 closed rounds of the period: who answered 3 or more; and as of the
    last of them, each member's streak (answered rounds in a row; skipped or open rounds do
    not break it, a missed one does, as the member's own `status` counts it)."""
    closed = (
        select(Prompt.cycle)
        .join(Round, and_(Round.program_id == Prompt.program_id, Round.cycle == Prompt.cycle))
        .where(Prompt.program_id == selection.program_id, *selection.within(Prompt.opened_at))
        .distinct()
        .order_by(Prompt.cycle.desc())
        .limit(HABIT_ROUNDS)
    )
    cycles = tuple(sorted(await session.scalars(closed)))
    if not cycles:
        empty = proportion(0, 0)
        return Habit((), empty, None, None, empty)
    answered = func.sum(case((Prompt.status == "answered", 1), else_=0))
    habit_query = (
        select(Prompt.member_id, answered)
        .where(selection.prompts(), Prompt.cycle.in_(cycles))
        .group_by(Prompt.member_id)
    )
    streaks = _streaks(selection, cycles[-1])
    if selection.needs_members:
        habit_query = habit_query.join(Member, Member.id == Prompt.member_id)
    counts = [int(n or 0) for _, n in await session.execute(habit_query)]
    lengths = [int(n) for _, n in await session.execute(streaks)]
    people = len(lengths)
    shown = people >= 5
    return Habit(
        cycles,
        proportion(sum(1 for n in counts if n >= HABIT_ANSWERED), len(counts)),
        float(median(lengths)) if shown else None,
        max(lengths) if shown else None,
        proportion(sum(1 for n in lengths if n >= STREAK_SHOWN), people),
    )


def _streaks(selection: Selection, last_cycle: int) -> Select[Any]:
    """(member, streak) as of `last_cycle`: answered rounds after the member's last miss."""
    upto = [selection.prompts(), Prompt.cycle <= last_cycle]
    last_miss = func.max(case((Prompt.status == "missed", Prompt.cycle), else_=-1))
    members = select(Prompt.member_id.label("member_id"), last_miss.label("last_miss")).where(*upto)
    if selection.needs_members:
        members = members.join(Member, Member.id == Prompt.member_id)
    misses = members.group_by(Prompt.member_id).subquery()
    answered_after = func.sum(
        case((and_(Prompt.status == "answered", Prompt.cycle > misses.c.last_miss), 1), else_=0)
    )
    return (
        select(misses.c.member_id, answered_after)
        .join(Prompt, Prompt.member_id == misses.c.member_id)
        .where(
            Prompt.program_id == selection.program_id,
            Prompt.cycle <= last_cycle,
            *selection.within(Prompt.opened_at),
        )
        .group_by(misses.c.member_id)
    )
