"""Telling an author their answers helped: the Helpful clicks of a day in one note, at most
one note a day, sent at 16:00 the author's time (clickers are not named: Helpful is quiet)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import OutgoingMessage
from bot.db.models import Delivery, HelpfulMark, Member, Reply
from bot.i18n import _, ngettext, speaking
from bot.outbox.codec import PayloadEncoder
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.schedule import resolve_zone

NOTE_AT = time(16, 0)  # the author's local time; the day's clicks until then are batched
SNIPPET = 120
LINES = 20  # answers named in one note; the rest are counted


def helpful_note(marked: list[tuple[str, int]]) -> OutgoingMessage:
    """'2 colleagues found your answer “…” helpful', one line per answer."""
    total = sum(count for _, count in marked)
    lines = [
        f"• “{text[:SNIPPET]}{'…' if len(text) > SNIPPET else ''}”: "
        + ngettext("{count} colleague", "{count} colleagues", count).format(count=f"{count:,}")
        for text, count in marked[:LINES]
    ]
    if len(marked) > LINES:
        rest = len(marked) - LINES
        more = ngettext("{count} more answer", "{count} more answers", rest)
        lines.append("• " + _("and {more}").format(more=more.format(count=f"{rest:,}")))
    clicks = ngettext("{count} Helpful click", "{count} Helpful clicks", total)
    return OutgoingMessage(
        title=_("Your answers helped colleagues"),
        text=_("{clicks} on what you shared:").format(clicks=clicks.format(count=f"{total:,}"))
        + "\n"
        + "\n".join(lines),
        context=(_("Who clicked is not shown: Helpful is a quiet thank-you."),),
    )


async def queue_helpful_note(
    session: AsyncSession, author: Member, now: datetime, org_zone: str
) -> None:
    """The author's next note, written (or rewritten while it waits) with every Helpful
    click since their last note."""
    zone = resolve_zone(author.zone_name, org_zone)
    local = now.astimezone(zone)
    day = local.date() if local.time() < NOTE_AT else local.date() + timedelta(days=1)
    send_at = datetime.combine(day, NOTE_AT, tzinfo=zone)
    key = f"helpful:{author.id}:{day.isoformat()}"
    since = await session.scalar(
        select(func.max(Delivery.sent_at)).where(
            Delivery.kind == "helpful", Delivery.member_id == author.id
        )
    )
    query = (
        select(Reply.id, func.count())
        .join(HelpfulMark, HelpfulMark.reply_id == Reply.id)
        .where(Reply.member_id == author.id)
        .group_by(Reply.id)
    )
    if since is not None:
        query = query.where(HelpfulMark.created_at > since)
    counts = dict((await session.execute(query)).tuples().all())
    texts = await session.execute(
        select(Reply.id, Reply.answers).where(Reply.id.in_(counts)).order_by(Reply.id)
    )
    marked = [(answers[0]["text"], counts[rid]) for rid, answers in texts.tuples()]
    if not marked:
        return
    with speaking(member_language(author)):
        message = helpful_note(marked)
    waiting = await session.scalar(select(Delivery).where(Delivery.dedupe_key == key))
    if waiting is None:
        to = ToMember(author.workspace_id, author.id)
        await enqueue_message(session, key, "helpful", to, message, now, not_before=send_at)
    elif waiting.status == "pending":
        waiting.payload = PayloadEncoder().encode(message)
