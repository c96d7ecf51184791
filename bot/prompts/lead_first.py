"""Leads: who leads which unit, and whether they went first this cycle."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Reply
from bot.i18n import N_, _

LeadNote = tuple[str, str]  # (the lead's name, the start of their answer)
LEAD_EARLY = ("", "")  # the note on a lead's own prompt: LEAD_EARLY_NOTE

LEAD_EARLY_NOTE = N_(
    "You get this question before your team: answer first, and their prompt "
    "will say you went first. What helps them most is not advice but a mistake you "
    "learned from, or a question you are still working on."
)


async def lead_units(
    session: AsyncSession, member_ids: Iterable[int] | None = None
) -> dict[int, set[str]]:
    """Member id -> the units they lead."""
    query = select(UnitLead.member_id, UnitLead.unit)
    if member_ids is not None:
        query = query.where(UnitLead.member_id.in_(list(member_ids)))
    led: dict[int, set[str]] = defaultdict(set)
    for member_id, unit in await session.execute(query):
        led[member_id].add(unit)
    return led


def lead_note_text(note: LeadNote) -> str:
    """The lead-first line a prompt carries, in the current language."""
    if note == LEAD_EARLY:
        return _(LEAD_EARLY_NOTE)
    name, quote = note
    return _("Your lead {name} has already answered this week. They wrote: “{quote}”").format(
        name=name or _("a lead"), quote=quote
    )


async def lead_notes(session: AsyncSession, program_id: int, cycle: int) -> dict[str, LeadNote]:
    """Unit -> the line a team prompt carries when the unit's lead shared an answer this cycle
    with their name. A private or anonymous answer is not announced: saying that the lead
    answered would point at their anonymous answer in the digest."""
    rows = await session.execute(
        select(UnitLead.unit, Member.display_name, Reply.answers)
        .join(Member, UnitLead.member_id == Member.id)
        .join(Prompt, Prompt.member_id == Member.id)
        .join(Reply, Reply.prompt_id == Prompt.id)
        .where(Prompt.program_id == program_id, Prompt.cycle == cycle, Reply.visibility == "shared")
        .order_by(Reply.created_at)
    )
    notes: dict[str, LeadNote] = {}
    for unit, name, answers in rows:
        if unit in notes:
            continue
        notes[unit] = (name or "", answers[0]["text"][:280])
    return notes
