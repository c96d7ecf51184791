"""Why people skipped, counted over a report's prompts: only in aggregate, and only once at
least `MIN_PEOPLE` different people gave a reason (summed rounds from their cells and the
members' bits, the others from `prompts`)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import SummaryCell
from bot.db.models import Member, Prompt
from bot.evidence.coverage import Coverage, coverage, member_bits
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
    people: set[int] = set()
    tally: Counter[str] = Counter()
    if not covered.nothing_raw:
        people.update(await session.scalars(people_query))
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
        for member_id, *_, block, _, _, _, reasoned in await member_bits(
            session, selection, covered
        ):
            if block in blocks and reasoned & blocks[block]:
                people.add(member_id)
    if len(people) < MIN_PEOPLE:
        return ()
    return tuple(sorted(tally.items(), key=lambda row: (-row[1], row[0])))
