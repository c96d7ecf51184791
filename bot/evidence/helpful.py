"""Helpful marks and reuse ("This helped me", the archive's events) per shared answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import SummaryCell
from bot.db.models import Member, Prompt, Reply
from bot.evidence.coverage import Coverage
from bot.evidence.figures import SharedAnswer, Sharing
from bot.evidence.scope import Selection

# The archive's table, read by name: the report works on a database without it (older
# schema) and then says reuse is not recorded.
REUSE = table("reuse_events", column("reply_id"))
LISTED = 20
CHUNK = 5000  # ids in one IN list


async def reuse_recorded(session: AsyncSession) -> bool:
    connection = await session.connection()
    return bool(await connection.run_sync(lambda c: inspect(c).has_table("reuse_events")))


def _shared_answers(selection: Selection) -> Any:
    """The ids of the answers the figures count: shared or anonymous, in the period."""
    base = select(Reply.id).where(
        Reply.program_id == selection.program_id,
        Reply.visibility.in_(("shared", "anonymous")),
        *selection.within(Reply.created_at),
    )
    if selection.units is not None:
        base = base.join(Member, Member.id == Reply.member_id).where(
            Member.unit.in_(list(selection.units))
        )
    if selection.without_roles:
        others = select(Member.id).where(Member.role.not_in(selection.without_roles))
        base = base.where(Reply.member_id.in_(others))
    return base


async def sharing(
    session: AsyncSession, selection: Selection, with_reuse: bool, covered: Coverage
) -> Sharing:
    """Answers shared (named or anonymously) in the period, their Helpful marks and reuse,
    and the 20 most helped (names read for them alone)."""
    base = _shared_answers(selection)
    answers, helpful = await _totals(session, selection, base, covered)
    reuse: dict[int, int] = {}
    if with_reuse:  # read from the (small) events first, then which of them the figures count
        counted = select(REUSE.c.reply_id, func.count()).group_by(REUSE.c.reply_id)
        every = {int(reply_id): int(n) for reply_id, n in await session.execute(counted)}
        ids = sorted(every)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for reply_id in await session.scalars(base.where(Reply.id.in_(chunk))):
                reuse[int(reply_id)] = every[int(reply_id)]
    # The 20 most helped are among the 20 with the most Helpful marks and those reused.
    marked = base.order_by(Reply.helpful_count.desc(), Reply.id).limit(LISTED)
    candidates = {*await session.scalars(marked), *reuse}
    rows = []
    if candidates:
        read = select(
            Reply.id, Reply.visibility, Reply.member_id, Reply.answers, Reply.helpful_count
        ).where(Reply.id.in_(sorted(candidates)))
        rows = sorted(
            await session.execute(read),
            key=lambda row: (-(row[4] + reuse.get(row[0], 0)), row[0]),
        )[:LISTED]
    names = {
        member_id: name
        for member_id, name in await session.execute(
            select(Member.id, Member.display_name).where(Member.id.in_({r[2] for r in rows}))
        )
    }
    most = tuple(
        SharedAnswer(
            int(reply_id),
            names.get(member_id, "") if visibility == "shared" else "Anonymous",
            str(parts[0]["text"])[:120],
            int(marks),
            reuse.get(reply_id, 0) if with_reuse else None,
        )
        for reply_id, visibility, member_id, parts, marks in rows
    )
    reused = sum(reuse.values()) if with_reuse else None
    return Sharing(answers, helpful, reused, most)


async def _totals(
    session: AsyncSession, selection: Selection, base: Any, covered: Coverage
) -> tuple[int, int]:
    """(answers, Helpful marks): for the whole of a program's time, summed rounds from their
    cells and only the other answers read; for a period, every answer in it."""
    totals = (func.count(), func.coalesce(func.sum(Reply.helpful_count), 0))
    if selection.bounds() != (None, None) or not covered.inside:
        answers, helpful = (await session.execute(base.with_only_columns(*totals))).one()
        return int(answers), int(helpful)
    lessons = base.where(Reply.prompt_id.is_(None))  # answers to no prompt (lessons)
    unsummed = base.join(Prompt, Prompt.id == Reply.prompt_id).where(
        Prompt.program_id == selection.program_id, covered.raw()
    )
    answers = helpful = 0
    for rest in (lessons,) if covered.nothing_raw else (lessons, unsummed):
        more = (await session.execute(rest.with_only_columns(*totals))).one()
        answers, helpful = answers + int(more[0]), helpful + int(more[1])
    cell = SummaryCell
    summed = select(func.sum(cell.shared), func.sum(cell.helpful)).where(
        cell.program_id == selection.program_id, cell.cycle.in_(sorted(covered.inside))
    )
    if selection.units is not None:
        summed = summed.where(cell.unit.in_(list(selection.units)))
    if selection.without_roles:
        summed = summed.where(cell.role.not_in(selection.without_roles))
    more_answers, more_helpful = (await session.execute(summed)).one()
    return int(answers) + int(more_answers or 0), int(helpful) + int(more_helpful or 0)
