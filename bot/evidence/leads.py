"""Leads of the program's own audience: who shared openly, who went first, and whether their
teams answered more in the rounds their lead went first."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Reply
from bot.evidence.figures import Leads
from bot.evidence.scope import Selection
from bot.evidence.stats import difference, proportion


async def leads(session: AsyncSession, selection: Selection) -> Leads:
    """Only leads this program asked count; a private answer is neither shared nor first."""
    in_program = (
        select(
            UnitLead.unit,
            Prompt.cycle,
            Prompt.member_id,
            Reply.visibility,
            Reply.created_at,
        )
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
    teams = await _team_rounds(session, selection)
    first = {
        key for key, (opened, _, _) in teams.items() if _went_first(lead_shared_at, key, opened)
    }
    sizes: dict[str, int] = defaultdict(int)
    for (unit, _), (_, asked_n, _) in teams.items():
        sizes[unit] = max(sizes[unit], asked_n)
    with_lead = [teams[key] for key in first]
    without = [value for key, value in teams.items() if key not in first]
    people = sum(sizes.values())
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
        went_first=proportion(len(first), len(teams), people),
        participation_lead_first=lead_first,
        participation_other=other,
        difference=difference(lead_first, other),
    )


def _went_first(
    lead_shared_at: dict[tuple[str, int], datetime], key: tuple[str, int], opened: datetime
) -> bool:
    shared_at = lead_shared_at.get(key)
    return shared_at is not None and shared_at <= opened


async def _team_rounds(
    session: AsyncSession, selection: Selection
) -> dict[tuple[str, int], tuple[datetime, int, int]]:
    """(unit, cycle) -> the team's first prompt, prompts decided, answered; leads left out."""
    is_lead = exists().where(UnitLead.member_id == Member.id, UnitLead.unit == Member.unit)
    decided = func.sum(case((Prompt.status != "open", 1), else_=0))
    answered = func.sum(case((Prompt.status == "answered", 1), else_=0))
    rows = await session.execute(
        select(Member.unit, Prompt.cycle, func.min(Prompt.opened_at), decided, answered)
        .join(Member, Member.id == Prompt.member_id)
        .where(selection.prompts(), ~is_lead)
        .where(
            exists().where(UnitLead.unit == Member.unit)  # a team with a lead
        )
        .group_by(Member.unit, Prompt.cycle)
    )
    return {
        (unit, cycle): (opened, int(n or 0), int(a or 0)) for unit, cycle, opened, n, a in rows if n
    }
