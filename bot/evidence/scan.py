"""The one grouped scan of a program's prompts that the report's breakdowns, totals and lead
figures are all summed from (the groups are few: units x roles x rounds x outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Question, Reply
from bot.evidence.scope import Selection


@dataclass(frozen=True)
class Cell:
    """Prompts alike in unit, role, lead-of-their-unit, round, question, outcome."""

    unit: str
    role: str
    leads_unit: bool
    cycle: int
    question: str
    outcome: str  # on_time, late, skipped, missed, open
    prompts: int
    shared: int  # answered shared or anonymously
    first_opened: datetime


async def prompt_cells(
    session: AsyncSession, selection: Selection, with_question: bool = False
) -> list[Cell]:
    """Every prompt of the selection, grouped; the question text only when asked for."""
    shared = func.sum(case((Reply.visibility.in_(("shared", "anonymous")), 1), else_=0))
    is_lead = UnitLead.member_id.is_not(None)
    keys = [Member.unit, Member.role, is_lead, Prompt.cycle, Prompt.status, Reply.late]
    if with_question:
        keys.append(Question.text)
    query = (
        select(*keys, func.count(), shared, func.min(Prompt.opened_at))
        .select_from(Prompt)
        .join(Member, Member.id == Prompt.member_id)
        .outerjoin(UnitLead, and_(UnitLead.member_id == Member.id, UnitLead.unit == Member.unit))
        .outerjoin(Reply, Reply.prompt_id == Prompt.id)
        .where(selection.prompts())
        .group_by(*keys)
    )
    if with_question:
        query = query.join(Question, Question.id == Prompt.question_id)
    cells = []
    for result in await session.execute(query):
        row: tuple[Any, ...] = tuple(result)
        unit, role, lead, cycle, status, late = row[:6]
        question = row[6] if with_question else ""
        n, shared_n, first = row[-3:]
        outcome = ("late" if late else "on_time") if status == "answered" else status
        cells.append(
            Cell(
                str(unit),
                str(role),
                bool(lead),
                int(cycle),
                str(question),
                outcome,
                int(n),
                int(shared_n or 0),
                first,
            )
        )
    return cells
