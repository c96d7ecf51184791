"""Leader figures for the demo report, read from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Reply


@dataclass(frozen=True)
class LeaderFigures:
    lessons_by_leads: int
    lead_first_rate: float


async def leader_figures(session: AsyncSession) -> LeaderFigures:
    """Lessons posted by leads, and the share of team rounds whose lead answered first."""
    leads = dict((await session.execute(select(UnitLead.member_id, UnitLead.unit))).all())
    lessons = len(
        list(
            await session.scalars(
                select(Reply.id).where(Reply.prompt_id.is_(None), Reply.member_id.in_(list(leads)))
            )
        )
    )
    team_opened: dict[tuple[str, int], datetime] = {}
    lead_answered: dict[tuple[str, int], datetime] = {}
    for unit, cycle, member_id, opened_at, answered_at in await session.execute(
        select(
            Member.unit, Prompt.cycle, Prompt.member_id, Prompt.opened_at, Prompt.answered_at
        ).join(Member, Prompt.member_id == Member.id)
    ):
        key = (unit, cycle)
        if member_id in leads:
            if answered_at is not None:
                lead_answered[key] = answered_at
        elif key not in team_opened or opened_at < team_opened[key]:
            team_opened[key] = opened_at
    first = sum(
        1
        for key, opened in team_opened.items()
        if key in lead_answered and lead_answered[key] <= opened
    )
    rate = round(first / len(team_opened), 3) if team_opened else 0.0
    return LeaderFigures(lessons, rate)
