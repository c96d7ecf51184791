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
    repeat_pairs: int


async def checkin_figures(session: AsyncSession) -> CheckinFigures:
    """Pairs grouped more than once (the matcher's promise; met or not is in the report)."""
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in await session.execute(
        select(CheckinParticipant.group_id, CheckinParticipant.member_id)
    ):
        members[group_id].append(member_id)
    pairs = Counter(pair for group in members.values() for pair in combinations(sorted(group), 2))
    return CheckinFigures(sum(n - 1 for n in pairs.values() if n > 1))
