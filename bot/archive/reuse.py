""" "This helped me": a reuse event per member and answer, counted, and told to the author in
one batched message ("your lessons helped 3 colleagues this month")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import OutgoingMessage
from bot.clock import Clock
from bot.db.archive_models import ReuseEvent
from bot.db.models import Member, Reply
from bot.db.upsert import insert_new
from bot.i18n import N_, _, ngettext, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.schedule import next_working_moment, resolve_zone

BATCH_WAIT = timedelta(hours=24)  # clicks within a day of the first untold one go together
GONE = N_("That answer is no longer in the archive.")


async def mark_helped(session: AsyncSession, member: Member, reply_id: int, now: datetime) -> str:
    """Record that `reply_id` helped `member`; what to tell them, in one line."""
    reply = await session.get(Reply, reply_id)
    if reply is None or reply.visibility == "private":
        return _(GONE)
    if reply.member_id == member.id:
        return _("That one is yours: it counts when it helps a colleague.")
    added = await insert_new(
        session,
        ReuseEvent,
        [{"reply_id": reply_id, "member_id": member.id, "created_at": now}],
        returning=[ReuseEvent.id],
    )
    if not added:
        return _("You already said this helped you. Thank you!")
    return _("Thanks! The author will hear that it helped a colleague (no names given).")


async def helped_count(session: AsyncSession, reply_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(ReuseEvent).where(ReuseEvent.reply_id == reply_id)
    )
    return int(count or 0)


def telling_message(new: int, this_month: int, titles: list[tuple[str, int]]) -> OutgoingMessage:
    """What an author hears: how many colleagues their answers helped, and which ones."""
    month = ngettext("{count} colleague", "{count} colleagues", this_month).format(count=this_month)
    lines = [
        _("Your lessons helped {colleagues} this month. Thank you for sharing!").format(
            colleagues=month
        )
    ]
    if new != this_month:
        more = ngettext("{count} more colleague", "{count} more colleagues", new).format(count=new)
        lines[0] = _(
            "Your lessons helped {more}: {colleagues} this month. Thank you for sharing!"
        ).format(more=more, colleagues=month)
    lines += [f"• _{title}_: {count}" for title, count in titles[:5]]
    return OutgoingMessage(text="\n".join(lines), title=_("Your sharing helps"))


@dataclass(frozen=True)
class ReuseTelling:
    """The batched "your lesson helped" job: one message per author per batch."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str = "UTC"

    async def tell_authors(self) -> int:
        """Tell every author whose oldest untold reuse is a day old; returns how many."""
        now = self.clock.now()
        told = 0
        async with self.sessions.begin() as session:
            for author in await _authors_due(session, now - BATCH_WAIT):
                told += await _tell(session, author, now, self.org_zone)
        return told

    async def next_telling(self, session: AsyncSession) -> datetime | None:
        oldest = await session.scalar(
            select(func.min(ReuseEvent.created_at)).where(ReuseEvent.told_at.is_(None))
        )
        return oldest + BATCH_WAIT if oldest is not None else None


async def _authors_due(session: AsyncSession, cutoff: datetime) -> list[Member]:
    authors = (
        select(Reply.member_id)
        .join(ReuseEvent, ReuseEvent.reply_id == Reply.id)
        .where(ReuseEvent.told_at.is_(None))
        .group_by(Reply.member_id)
        .having(func.min(ReuseEvent.created_at) <= cutoff)
    )
    return list(await session.scalars(select(Member).where(Member.id.in_(authors))))


async def _tell(session: AsyncSession, author: Member, now: datetime, org_zone: str) -> int:
    """One message for all of the author's untold reuse, in their working hours."""
    untold = list(
        await session.scalars(
            select(ReuseEvent.id)
            .join(Reply, Reply.id == ReuseEvent.reply_id)
            .where(Reply.member_id == author.id, ReuseEvent.told_at.is_(None))
        )
    )
    await session.execute(update(ReuseEvent).where(ReuseEvent.id.in_(untold)).values(told_at=now))
    if not author.active or author.opted_out:
        return 0
    month = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        await session.execute(
            select(Reply.answers, func.count(ReuseEvent.id))
            .join(ReuseEvent, ReuseEvent.reply_id == Reply.id)
            .where(Reply.member_id == author.id, ReuseEvent.created_at >= month)
            .group_by(Reply.id)  # answers depend on the key (PostgreSQL allows it)
            .order_by(func.count(ReuseEvent.id).desc())
        )
    ).all()
    with speaking(member_language(author)):
        titles = [
            (answers[0]["text"][:80] if answers else _("an answer"), n) for answers, n in rows
        ]
        this_month = sum(n for _title, n in titles)
        message = telling_message(len(untold), max(this_month, len(untold)), titles)
    key = f"reuse:{author.id}:{max(untold)}"
    zone = resolve_zone(author.zone_name, org_zone)
    to = ToMember(author.workspace_id, author.id)
    when = next_working_moment(now, zone, weekdays_only=True)
    await enqueue_message(session, key, "reuse", to, message, now, not_before=when)
    return 1
