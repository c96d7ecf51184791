"""Participation: what became of each prompt, by round, unit, question or role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Prompt, Question
from bot.evidence.figures import Outcomes, Row
from bot.evidence.scan import Cell, prompt_cells
from bot.evidence.scope import Selection, narrowed
from bot.evidence.stats import proportion
from bot.schedule import iso_week


def key_of(cell: Cell, by: str) -> str | int:
    if by == "week":
        return cell.cycle
    return {"unit": cell.unit, "question": cell.question, "role": cell.role}[by]


def rows_of(
    cells: Sequence[Cell], by: str, people: Mapping[str | int, int], total_people: int
) -> tuple[list[Row], Row]:
    """One row per round (or unit, question, role), and the total; `people` counts who stand
    behind each row (by week, each prompt is one person)."""
    counts: dict[str | int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    opened: dict[str | int, datetime] = {}
    total: dict[str, int] = defaultdict(int)
    for cell in cells:
        value = key_of(cell, by)
        for tally in (counts[value], total):
            tally[cell.outcome] += cell.prompts
            tally["shared"] += cell.shared
        opened[value] = min(cell.first_opened, opened.get(value, cell.first_opened))
    order = sorted(counts, key=lambda v: (opened[v], str(v)) if by == "week" else str(v))
    rows = [
        _row(
            _label(by, value, opened[value]),
            counts[value],
            _asked(counts[value]) if by == "week" else people.get(value, 0),
        )
        for value in order
    ]
    return rows, _row("total", total, total_people)


async def question_people(session: AsyncSession, selection: Selection) -> dict[str | int, int]:
    """People asked each question (the one breakdown the per-member scan cannot count)."""
    query = (
        select(Question.text, func.count(func.distinct(Prompt.member_id)))
        .join(Question, Question.id == Prompt.question_id)
        .where(selection.prompts())
        .group_by(Question.text)
    )
    if selection.needs_members:
        query = query.join(Member, Member.id == Prompt.member_id)
    return {text: int(n) for text, n in await session.execute(query)}


async def weekly_rows(session: AsyncSession, selection: Selection) -> list[Row]:
    """The rounds alone (the Monday chart): one grouped scan of the period's rounds."""
    selection = await narrowed(session, selection)
    rows, _ = rows_of(await prompt_cells(session, selection), "week", {}, 0)
    return rows


async def breakdown(session: AsyncSession, selection: Selection, by: str) -> tuple[list[Row], Row]:
    """One breakdown and its total, on its own (`program_report` has the week's, or `by`'s)."""
    cells = await prompt_cells(session, selection, with_question=by == "question")
    members = select(Prompt.member_id).where(selection.prompts())
    if selection.needs_members:
        members = members.join(Member, Member.id == Prompt.member_id)
    total_people = int(
        await session.scalar(select(func.count()).select_from(members.distinct().subquery())) or 0
    )
    people: dict[str | int, int] = {}
    if by == "question":
        people = await question_people(session, selection)
    elif by in ("unit", "role"):
        column = Member.unit if by == "unit" else Member.role
        grouped = (
            select(column, func.count(func.distinct(Prompt.member_id)))
            .join(Member, Member.id == Prompt.member_id)
            .where(selection.prompts())
            .group_by(column)
        )
        people = {key: int(n) for key, n in await session.execute(grouped)}
    return rows_of(cells, by, people, total_people)


def _asked(tally: Mapping[str, int]) -> int:
    return sum(n for outcome, n in tally.items() if outcome != "shared")


def _label(by: str, value: str | int, first_opened: datetime) -> str:
    if by == "week":
        return f"{iso_week(first_opened.date())} (round {int(value) + 1})"
    return str(value) if value else "(none)"


def _row(key: str, tally: Mapping[str, int], people: int) -> Row:
    outcomes = Outcomes(
        asked=_asked(tally),
        on_time=tally.get("on_time", 0),
        late=tally.get("late", 0),
        skipped=tally.get("skipped", 0),
        missed=tally.get("missed", 0),
        open=tally.get("open", 0),
    )
    answered = outcomes.on_time + outcomes.late
    decided = outcomes.asked - outcomes.open
    return Row(key, outcomes, proportion(answered, decided, people), tally.get("shared", 0))
