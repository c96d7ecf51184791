"""Leads of the program's own audience: who shared openly, who went first, and whether their
teams answered more in the rounds their lead went first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Prompt, Reply
from bot.evidence.figures import Leads
from bot.evidence.scan import Cell
from bot.evidence.scope import Selection
from bot.evidence.stats import difference, proportion


async def leads(session: AsyncSession, selection: Selection, cells: Sequence[Cell]) -> Leads:
    """Only leads this program asked count; a private answer is neither shared nor first."""
    in_program = (
        select(UnitLead.unit, Prompt.cycle, Prompt.member_id, Reply.visibility, Reply.created_at)
        .join(Prompt, Prompt.member_id == UnitLead.member_id)
        .outerjoin(Reply, Reply.prompt_id == Prompt.id)
        .where(Prompt.program_id == selection.program_id, *selection.within(Prompt.opened_at))
    )
    if selection.units is not None:
        in_program = in_program.where(UnitLead.unit.in_(list(selection.units)))
    asked: set[int] = set()
    shared: set[int] = set()
    lead_shared_at: dict[tuple[str, int], datetime] = {}
    for unit, cycle, member_id, visibility, written in await session.execute(in_program):
        asked.add(member_id)
        if visibility in ("shared", "anonymous"):
            shared.add(member_id)
        if visibility == "shared":  # openly: the team can see their lead went first
            key = (unit, cycle)
            lead_shared_at[key] = min(written, lead_shared_at.get(key, written))
    led = set(await session.scalars(select(UnitLead.unit).distinct()))
    teams = team_rounds(cells, led)
    first = {key for key, row in teams.items() if _went_first(lead_shared_at, key, row[0])}
    sizes: dict[str, int] = defaultdict(int)
    for (unit, _), (_, asked_n, _) in teams.items():
        sizes[unit] = max(sizes[unit], asked_n)
    with_lead = [teams[key] for key in first]
    without = [value for key, value in teams.items() if key not in first]
    lead_first = proportion(
        sum(a for _, _, a in with_lead),
        sum(n for _, n, _ in with_lead),
        sum(sizes[unit] for unit in {u for u, _ in first}),
    )
    other = proportion(
        sum(a for _, _, a in without),
        sum(n for _, n, _ in without),
        sum(sizes[unit] for unit in {u for u, _ in set(teams) - first}),
    )
    return Leads(
        leads=len(asked),
        shared=len(shared),
        team_rounds=len(teams),
        went_first=proportion(len(first), len(teams), sum(sizes.values())),
        participation_lead_first=lead_first,
        participation_other=other,
        difference=difference(lead_first, other),
    )


def _went_first(
    lead_shared_at: dict[tuple[str, int], datetime], key: tuple[str, int], opened: datetime
) -> bool:
    shared_at = lead_shared_at.get(key)
    return shared_at is not None and shared_at <= opened


def team_rounds(
    cells: Sequence[Cell], led: set[str]
) -> dict[tuple[str, int], tuple[datetime, int, int]]:
    """(unit, cycle) -> the team's first prompt, prompts decided, answered; of units with a
    lead, leads left out."""
    teams: dict[tuple[str, int], tuple[datetime, int, int]] = {}
    for cell in cells:
        if cell.leads_unit or cell.unit not in led:
            continue
        key = (cell.unit, cell.cycle)
        first, decided, answered = teams.get(key, (cell.first_opened, 0, 0))
        teams[key] = (
            min(first, cell.first_opened),
            decided + (cell.prompts if cell.outcome != "open" else 0),
            answered + (cell.prompts if cell.outcome in ("on_time", "late") else 0),
        )
    return {key: value for key, value in teams.items() if value[1]}
