"""Helpful marks and reuse ("This helped me", the archive's events) per shared answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Reply
from bot.evidence.figures import SharedAnswer
from bot.evidence.scope import Selection

# The archive's table, read by name: the report works on a database without it (older
# schema) and then says reuse is not recorded.
REUSE = table("reuse_events", column("reply_id"))
LISTED = 20


async def reuse_recorded(session: AsyncSession) -> bool:
    connection = await session.connection()
    return bool(await connection.run_sync(lambda c: inspect(c).has_table("reuse_events")))


async def shared_answers(
    session: AsyncSession, selection: Selection, with_reuse: bool
) -> tuple[int, int, int | None, tuple[SharedAnswer, ...]]:
    """(answers shared, Helpful marks, reuse events or None, the most helped answers)."""
    reuse = (
        select(REUSE.c.reply_id, func.count().label("n")).group_by(REUSE.c.reply_id).subquery()
        if with_reuse
        else None
    )
    reused = func.coalesce(reuse.c.n, 0).label("reuse") if reuse is not None else None
    columns = [Reply.id, Reply.visibility, Member.display_name, Reply.answers, Reply.helpful_count]
    query = (
        select(*columns, *([reused] if reused is not None else []))
        .join(Member, Member.id == Reply.member_id)
        .where(
            Reply.program_id == selection.program_id,
            Reply.visibility.in_(("shared", "anonymous")),
            *selection.within(Reply.created_at),
        )
    )
    if selection.units is not None:
        query = query.where(Member.unit.in_(list(selection.units)))
    if reuse is not None and reused is not None:
        query = query.outerjoin(reuse, reuse.c.reply_id == Reply.id)
    totals = select(func.count(), func.coalesce(func.sum(query.subquery().c.helpful_count), 0))
    count, helpful = (await session.execute(totals)).one()
    reuse_total = None
    order = [Reply.helpful_count.desc(), Reply.id]
    if reused is not None:
        sub = query.subquery()
        total_reuse = select(func.coalesce(func.sum(sub.c.reuse), 0))
        reuse_total = int(await session.scalar(total_reuse) or 0)
        order = [(Reply.helpful_count + reused).desc(), Reply.id]
    top = [
        _answer(tuple(row), reused is not None)
        for row in await session.execute(query.order_by(*order).limit(LISTED))
    ]
    return int(count), int(helpful), reuse_total, tuple(top)


def _answer(row: tuple[Any, ...], with_reuse: bool) -> SharedAnswer:
    reply_id, visibility, name, answers, helpful = row[:5]
    return SharedAnswer(
        int(reply_id),
        str(name) if visibility == "shared" else "Anonymous",
        str(answers[0]["text"])[:120],
        int(helpful),
        int(row[5]) if with_reuse else None,
    )
