"""Participation: what became of each prompt, by round, unit, question or role."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Question, Reply
from bot.evidence.figures import Outcomes, Row
from bot.evidence.scope import Selection
from bot.evidence.stats import proportion
from bot.schedule import iso_week


def _key(by: str) -> Any:
    return {
        "week": Prompt.cycle,
        "unit": Member.unit,
        "question": Question.text,
        "role": Member.role,
    }[by]


async def breakdown(session: AsyncSession, selection: Selection, by: str) -> tuple[list[Row], Row]:
    """One row per round (or unit, question, role), and the total, in two grouped queries."""
    key = _key(by).label("key")
    shared = func.sum(case((Reply.visibility.in_(("shared", "anonymous")), 1), else_=0))
    query = (
        select(key, Prompt.status, Reply.late, func.count(), shared, func.min(Prompt.opened_at))
        .select_from(Prompt)
        .outerjoin(Reply, Reply.prompt_id == Prompt.id)
        .where(selection.prompts())
        .group_by(key, Prompt.status, Reply.late)
    )
    people_query = (
        select(key, func.count(func.distinct(Prompt.member_id)))
        .select_from(Prompt)
        .where(selection.prompts())
        .group_by(key)
    )
    if by in ("unit", "role") or selection.needs_members:
        query = query.join(Member, Member.id == Prompt.member_id)
        people_query = people_query.join(Member, Member.id == Prompt.member_id)
    if by == "question":
        query = query.join(Question, Question.id == Prompt.question_id)
        people_query = people_query.join(Question, Question.id == Prompt.question_id)
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    opened: dict[Any, datetime] = {}
    for value, status, late, n, shared_n, first in await session.execute(query):
        tally = counts[value]
        outcome = ("late" if late else "on_time") if status == "answered" else status
        tally[outcome] += n
        tally["shared"] += shared_n or 0
        opened[value] = min(first, opened.get(value, first))
    people: dict[Any, int] = {key: n for key, n in await session.execute(people_query)}
    total_people = await _people(session, selection)
    rows = [
        _row(_label(by, value, opened[value]), counts[value], people.get(value, 0))
        for value in sorted(counts, key=lambda v: (opened[v], str(v)) if by == "week" else str(v))
    ]
    total: dict[str, int] = defaultdict(int)
    for tally in counts.values():
        for outcome, n in tally.items():
            total[outcome] += n
    return rows, _row("total", total, total_people)


async def _people(session: AsyncSession, selection: Selection) -> int:
    query = select(func.count(func.distinct(Prompt.member_id))).where(selection.prompts())
    if selection.needs_members:
        query = query.join(Member, Member.id == Prompt.member_id)
    return int(await session.scalar(query) or 0)


def _label(by: str, value: Any, first_opened: datetime) -> str:
    if by == "week":
        return f"{iso_week(first_opened.date())} (round {int(value) + 1})"
    return str(value) if value else "(none)"


def _row(key: str, tally: dict[str, int], people: int) -> Row:
    outcomes = Outcomes(
        asked=sum(n for outcome, n in tally.items() if outcome != "shared"),
        on_time=tally.get("on_time", 0),
        late=tally.get("late", 0),
        skipped=tally.get("skipped", 0),
        missed=tally.get("missed", 0),
        open=tally.get("open", 0),
    )
    answered = outcomes.on_time + outcomes.late
    decided = outcomes.asked - outcomes.open
    return Row(key, outcomes, proportion(answered, decided, people), tally.get("shared", 0))
