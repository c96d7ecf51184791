"""Helpful marks and reuse ("This helped me", the archive's events) per shared answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Reply
from bot.evidence.figures import SharedAnswer, Sharing
from bot.evidence.scope import Selection

# The archive's table, read by name: the report works on a database without it (older
# schema) and then says reuse is not recorded.
REUSE = table("reuse_events", column("reply_id"))
LISTED = 20


async def reuse_recorded(session: AsyncSession) -> bool:
    connection = await session.connection()
    return bool(await connection.run_sync(lambda c: inspect(c).has_table("reuse_events")))


async def sharing(session: AsyncSession, selection: Selection, with_reuse: bool) -> Sharing:
    """Answers shared (named or anonymous) in the period, their Helpful marks and reuse, and
    the most helped of them: two scans of the program's replies, names read for 20."""
    reused: Any = func.coalesce(0, 0)
    base = select(Reply.id).where(
        Reply.program_id == selection.program_id,
        Reply.visibility.in_(("shared", "anonymous")),
        *selection.within(Reply.created_at),
    )
    if with_reuse:
        counts = select(REUSE.c.reply_id, func.count().label("n")).group_by(REUSE.c.reply_id)
        reuse = counts.subquery()
        reused = func.coalesce(reuse.c.n, 0)
        base = base.outerjoin(reuse, reuse.c.reply_id == Reply.id)
    if selection.units is not None:
        base = base.join(Member, Member.id == Reply.member_id).where(
            Member.unit.in_(list(selection.units))
        )
    totals = base.with_only_columns(
        func.count(), func.coalesce(func.sum(Reply.helpful_count), 0), func.sum(reused)
    )
    answers, helpful, reuse_total = (await session.execute(totals)).one()
    top = base.with_only_columns(
        Reply.id, Reply.visibility, Reply.member_id, Reply.answers, Reply.helpful_count, reused
    ).order_by((Reply.helpful_count + reused).desc(), Reply.id)
    rows = list(await session.execute(top.limit(LISTED)))
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
            int(n) if with_reuse else None,
        )
        for reply_id, visibility, member_id, parts, marks, n in rows
    )
    return Sharing(int(answers), int(helpful), int(reuse_total or 0) if with_reuse else None, most)
