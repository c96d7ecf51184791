"""Why people skipped, counted over a report's prompts: only in aggregate, and only once at
least `MIN_PEOPLE` different people gave a reason (summed rounds from their cells and the
members' bits, the others from `prompts`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import MemberRoundBits, SummaryCell
from bot.db.models import Member, Prompt
from bot.evidence.asked import members_with_bits
from bot.evidence.coverage import Coverage, coverage
from bot.evidence.figures import MIN_PEOPLE
from bot.evidence.scope import Selection


async def skip_reasons(
    session: AsyncSession, selection: Selection, covered: Coverage | None = None
) -> tuple[tuple[str, int], ...]:
    """(reason, count) for the skips with a reason, most given first; () under the floor."""
    covered = covered or await coverage(session, selection)
    given = [selection.prompts(), Prompt.skip_reason.is_not(None), covered.raw()]
    people_query = select(Prompt.member_id).where(*given).distinct()
    counts = select(Prompt.skip_reason, func.count()).where(*given).group_by(Prompt.skip_reason)
    if selection.needs_members:
        people_query = people_query.join(Member, Prompt.member_id == Member.id)
        counts = counts.join(Member, Prompt.member_id == Member.id)
    people: list[Any] = []  # who gave a reason: counted in the database
    tally: Counter[str] = Counter()
    if not covered.nothing_raw:
        people.append(people_query)
        for reason, n in await session.execute(counts):
            tally[str(reason)] += int(n)
    blocks = covered.masks()
    if blocks:
        cell = SummaryCell
        summed = (
            select(cell.skip_reason, func.sum(cell.prompts))
            .where(
                cell.program_id == selection.program_id,
                cell.cycle.in_(sorted(covered.inside)),
                cell.skip_reason.is_not(None),
            )
            .group_by(cell.skip_reason)
        )
        if selection.units is not None:
            summed = summed.where(cell.unit.in_(list(selection.units)))
        if selection.without_roles:
            summed = summed.where(cell.role.not_in(selection.without_roles))
        for reason, n in await session.execute(summed):
            tally[str(reason)] += int(n)
        people.append(members_with_bits(selection, MemberRoundBits.reasoned, blocks).distinct())
    if not tally:
        return ()
    anyone: Any = people[0] if len(people) == 1 else union(people[0], people[1])
    gave = await session.scalar(select(func.count()).select_from(anyone.subquery()))
    if int(gave or 0) < MIN_PEOPLE:
        return ()
    return tuple(sorted(tally.items(), key=lambda row: (-row[1], row[0])))
