"""The sponsor's "Thank everyone who shared": the exact message and who it reaches first,
then, once they confirm, one private message to each, posted by kmbot in the sponsor's name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member, Program
from bot.db.sponsor_models import SponsorSummary
from bot.i18n import _, spoken
from bot.outbox.enqueue import Outgoing, ToMember, enqueue_messages
from bot.people.languages import member_language
from bot.sponsors import messages
from bot.sponsors.figures import Sharers, sharers


async def _thanks_of(
    session: AsyncSession, sponsor: Member, value: str
) -> tuple[SponsorSummary, Program, Sharers] | str:
    """The sponsor's own summary named by a button's value and who its thank-you reaches, or
    why there is nothing to send."""
    summary = await session.get(SponsorSummary, int(value)) if value.isdigit() else None
    if summary is None or summary.member_id != sponsor.id:
        return _(messages.NOT_YOURS)
    program = await session.get(Program, summary.program_id)
    if program is None:
        return _(messages.NOT_YOURS)
    month = messages.month_label(summary.month)
    if summary.thanked_at is not None:
        return _(messages.ALREADY_SENT).format(month=month)
    reached = await sharers(session, summary.program_id, summary.month, summary.member_id)
    if not reached.count:
        return _(messages.NOBODY).format(month=month)
    return summary, program, reached


def _sponsor_name(sponsor: Member) -> str:
    return sponsor.display_name or sponsor.external_id


async def preview_thanks(session: AsyncSession, sponsor: Member, value: str) -> Response:
    """The thank-you exactly as it will read, who it reaches, and Send / Don't send."""
    found = await _thanks_of(session, sponsor, value)
    if isinstance(found, str):
        return Response(text=found)
    summary, program, reached = found
    text = messages.thanks_text(program.name, summary.month, _sponsor_name(sponsor))
    names = [name for _unused, name in reached.named]
    preview = messages.preview_message(summary.id, text, names, len(reached.anonymous))
    return Response(message=preview)


async def send_thanks(
    session: AsyncSession, sponsor: Member, value: str, now: datetime
) -> Response:
    """After the sponsor confirmed: one private message to each person who shared, once."""
    found = await _thanks_of(session, sponsor, value)
    if isinstance(found, str):
        return Response(text=found)
    summary, program, reached = found
    name = _sponsor_name(sponsor)
    ids = [member_id for member_id, _unused in reached.named] + list(reached.anonymous)
    people = {m.id: m for m in await session.scalars(select(Member).where(Member.id.in_(ids)))}
    await enqueue_messages(
        session,
        (
            Outgoing(
                f"sponsor-thanks:{summary.id}:{member_id}",
                "sponsor_thanks",
                ToMember(people[member_id].workspace_id, member_id),
                spoken(  # each reads it in their own language
                    member_language(people[member_id]),
                    messages.thanks_message,
                    program.name,
                    summary.month,
                    name,
                ),
            )
            for member_id in ids
        ),
        now,
    )
    summary.thanked_at, summary.thanked = now, len(ids)
    return Response(text=messages.sent_text(len(ids)))
