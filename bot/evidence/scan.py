"""The grouped prompts that the report's breakdowns, totals and lead figures are all summed
from (the groups are few: units x roles x rounds x outcomes): summed rounds from their
summary cells, the rest from `prompts`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import SummaryCell
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Question, Reply
from bot.evidence.coverage import Coverage, coverage
from bot.evidence.scope import Selection


class Cell(NamedTuple):
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
    session: AsyncSession,
    selection: Selection,
    with_question: bool = False,
    covered: Coverage | None = None,
) -> list[Cell]:
    """Every prompt of the selection, grouped; the question text only when asked for (then
    summed rounds give one cell per question and outcome, with no unit, role or round: the
    question breakdown needs no more). Summed rounds are read from their cells, the others
    from `prompts`."""
    covered = covered or await coverage(session, selection)
    return [
        *await _summed_cells(session, selection, with_question, covered),
        *await _raw_cells(session, selection, with_question, covered),
    ]


async def _raw_cells(
    session: AsyncSession, selection: Selection, with_question: bool, covered: Coverage
) -> list[Cell]:
    if covered.nothing_raw:
        return []
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
        .where(selection.prompts(), covered.raw())
        .group_by(*keys)
    )
    if with_question:
        query = query.join(Question, Question.id == Prompt.question_id)
    cells = []
    for result in await (await session.connection()).execute(query):
        row: tuple[Any, ...] = tuple(result)
        unit, role, lead, cycle, status, late = row[:6]
        outcome = ("late" if late else "on_time") if status == "answered" else status
        cells.append(_cell(row, unit, role, lead, cycle, outcome, with_question))
    return cells


async def _summed_cells(
    session: AsyncSession, selection: Selection, with_question: bool, covered: Coverage
) -> list[Cell]:
    if not covered.inside:
        return []
    cell = SummaryCell
    keys: list[Any] = [cell.unit, cell.role, cell.leads_unit, cell.cycle, cell.outcome]
    groups = keys
    if with_question:  # the question breakdown sums nothing else: a cell per question, outcome
        unused: list[Any] = [literal_column("''"), literal_column("''"), literal_column("0")]
        keys = [*unused, literal_column("-1"), cell.outcome, Question.text]
        groups = [cell.outcome, Question.text]
    query = (
        select(*keys, func.sum(cell.prompts), func.sum(cell.shared), func.min(cell.first_opened))
        .where(cell.program_id == selection.program_id, cell.cycle.in_(sorted(covered.inside)))
        .group_by(*groups)
    )
    if selection.units is not None:
        query = query.where(cell.unit.in_(list(selection.units)))
    if selection.without_roles:
        query = query.where(cell.role.not_in(selection.without_roles))
    if with_question:
        query = query.join(Question, Question.id == cell.question_id)
    cells = []
    for result in await (await session.connection()).execute(query):
        row: tuple[Any, ...] = tuple(result)
        unit, role, lead, cycle, outcome = row[:5]
        cells.append(_cell(row, unit, role, lead, cycle, outcome, with_question))
    return cells


def _cell(
    row: tuple[Any, ...],
    unit: Any,
    role: Any,
    lead: Any,
    cycle: Any,
    outcome: Any,
    with_question: bool,
) -> Cell:
    question = row[-4] if with_question else ""
    n, shared_n, first = row[-3:]
    return Cell(
        str(unit),
        str(role),
        bool(lead),
        int(cycle),
        str(question),
        str(outcome),
        int(n),
        int(shared_n or 0),
        first,
    )
