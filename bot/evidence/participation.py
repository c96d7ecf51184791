"""Participation: what became of each prompt, by round, unit, question or role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, distinct, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import MemberRoundBits, SummaryCell
from bot.db.models import Member, Prompt, Question
from bot.evidence.asked import Asked, asked, members_with_bits
from bot.evidence.coverage import Coverage, coverage
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


async def question_people(
    session: AsyncSession, selection: Selection, covered: Coverage | None = None
) -> dict[str | int, int]:
    """People asked each question: a summed round that asked one question counts its members'
    bits, any other round is read from `prompts`; counted in the database."""
    covered = covered or await coverage(session, selection)
    asked_in: dict[int, set[str]] = defaultdict(set)
    if covered.inside:
        cell = SummaryCell
        for cycle, text in await session.execute(
            select(cell.cycle, Question.text)
            .join(Question, Question.id == cell.question_id)
            .where(cell.program_id == selection.program_id, cell.cycle.in_(sorted(covered.inside)))
            .distinct()
        ):
            asked_in[int(cycle)].add(str(text))
    several = [cycle for cycle, texts in asked_in.items() if len(texts) > 1]
    covered = covered.without(several)
    parts: list[Any] = []
    if not covered.nothing_raw:
        raw = (
            select(Question.text.label("text"), Prompt.member_id.label("member_id"))
            .join(Question, Question.id == Prompt.question_id)
            .where(selection.prompts(), covered.raw())
        )
        if selection.needs_members:
            raw = raw.join(Member, Member.id == Prompt.member_id)
        parts.append(raw)
    by_text: dict[str, list[int]] = defaultdict(list)
    for cycle in covered.inside:
        for text in asked_in.get(cycle, ()):  # one text, or none (a round without prompts)
            by_text[text].append(cycle)
    for text, cycles in sorted(by_text.items()):
        summed = members_with_bits(selection, MemberRoundBits.asked, covered.masks(cycles))
        parts.append(summed.add_columns(cast(literal(text), String).label("text")))
    if not parts:
        return {}
    pairs = union_all(*(part.with_only_columns(*_text_first(part)) for part in parts)).subquery()
    counted = select(pairs.c.text, func.count(distinct(pairs.c.member_id))).group_by(pairs.c.text)
    return {str(text): int(n) for text, n in await session.execute(counted)}


def _text_first(part: Any) -> list[Any]:
    """A part's (text, member_id) columns, in that order for the union."""
    columns = {column.key: column for column in part.selected_columns}
    return [columns["text"], columns["member_id"]]


async def weekly_rows(session: AsyncSession, selection: Selection) -> list[Row]:
    """The rounds alone (the Monday chart): one grouped scan of the period's rounds."""
    selection = await narrowed(session, selection)
    rows, _ = rows_of(await prompt_cells(session, selection), "week", {}, 0)
    return rows


async def breakdown(session: AsyncSession, selection: Selection, by: str) -> tuple[list[Row], Row]:
    """One breakdown and its total, on its own (`program_report` has the week's, or `by`'s)."""
    covered = await coverage(session, selection)
    cells = await prompt_cells(session, selection, by == "question", covered)
    members = await asked(session, selection, [], covered)
    return rows_of(
        cells, by, await people_by(session, selection, by, members, covered), members.people
    )


async def people_by(
    session: AsyncSession,
    selection: Selection,
    by: str,
    members: Asked,
    covered: Coverage,
) -> dict[str | int, int]:
    """Who stands behind each row of a breakdown by unit, role or question (by week, each
    prompt is one person)."""
    people: dict[str | int, int] = defaultdict(int)
    if by == "question":
        people.update(await question_people(session, selection, covered))
    elif by in ("unit", "role"):
        people.update(members.by(by))
    return people


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
