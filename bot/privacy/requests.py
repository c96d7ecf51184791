"""A member's own data requests in chat: `my data`, `delete my data` and its buttons."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.models import Member, Program, Prompt, Reply
from bot.i18n import _
from bot.privacy import messages
from bot.privacy.audit import ERASED_TARGET, record
from bot.privacy.erase import ANONYMISE, ERASED_ACTOR, erase_member
from bot.privacy.export import export_file, member_export


async def send_my_data(session: AsyncSession, member: Member, today: date) -> Response:
    document = await member_export(session, member, today)
    return Response(text=_(messages.MY_DATA), file=export_file(document))


async def ask_to_delete(session: AsyncSession, member: Member) -> Response:
    """The confirmation, naming the programs whose answers go and those whose stay."""
    answered = select(Reply.program_id).where(Reply.member_id == member.id)
    prompted = select(Prompt.program_id).where(Prompt.member_id == member.id)
    programs = (
        await session.scalars(
            select(Program)
            .where(Program.id.in_(answered) | Program.id.in_(prompted))
            .order_by(Program.name)
        )
    ).all()
    deleted = [p.name for p in programs if p.erasure != ANONYMISE]
    anonymised = [p.name for p in programs if p.erasure == ANONYMISE]
    return Response(message=messages.confirm_deletion(member.id, deleted, anonymised))


async def delete_confirmed(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> Response:
    """The member clicked "Delete my data": erase them, and log that a deletion happened."""
    if value != str(member.id):
        return Response(text=_(messages.NOT_YOURS))
    erased = await erase_member(session, member, now)
    detail = {"answers_deleted": erased.answers_deleted, "kept": erased.answers_anonymised}
    await record(session, now, ERASED_ACTOR, "member.delete.self", ERASED_TARGET, detail)
    return Response(text=messages.deleted_text(erased.answers_deleted, erased.answers_anonymised))
