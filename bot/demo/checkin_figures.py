"""Peer check-in figures for the demo report, read from the database."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckinParticipant


@dataclass(frozen=True)
class CheckinFigures:
    groups: int
    met: int
    repeat_pairs: int


async def checkin_figures(session: AsyncSession) -> CheckinFigures:
    """Groups formed, groups where someone said they met, and pairs grouped more than once."""
    members: dict[int, list[int]] = defaultdict(list)
    met: set[int] = set()
    for group_id, member_id, outcome in await session.execute(
        select(
            CheckinParticipant.group_id, CheckinParticipant.member_id, CheckinParticipant.outcome
        )
    ):
        members[group_id].append(member_id)
        if outcome == "met":
            met.add(group_id)
    pairs = Counter(pair for group in members.values() for pair in combinations(sorted(group), 2))
    return CheckinFigures(len(members), len(met), sum(n - 1 for n in pairs.values() if n > 1))
