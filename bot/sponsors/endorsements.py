"""A program's endorsement: set with `program create|update --endorsement … --sponsor …`,
read by the prompts (every prompt of the program carries it)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.db.sponsor_models import ProgramEndorsement
from bot.people.role_names import SPONSOR
from bot.people.roles import RoleError, find_person
from bot.sponsors import messages


class EndorsementError(ValueError):
    """An endorsement cannot be set; the message says why."""


@dataclass(frozen=True)
class EndorsementChange:
    """A checked change: remove the endorsement, or set its line and/or sponsor."""

    remove: bool = False
    line: str | None = None
    sponsor_id: int | None = None


async def check_endorsement(
    session: AsyncSession, program_id: int | None, args: argparse.Namespace
) -> EndorsementChange:
    """The change `args` asks of program `program_id` (None: a program being created),
    checked before anything is stored: a refused endorsement changes nothing."""
    line, person = args.endorsement, args.sponsor
    if line is not None and line.strip().lower() == messages.CLEARED:
        return EndorsementChange(remove=True)
    if line is not None:
        line = " ".join(line.split())
        if not line or len(line) > messages.ENDORSEMENT_MAX_CHARS:
            raise EndorsementError(messages.TOO_LONG)
    sponsor = await _sponsor(session, person) if person else None
    current = await session.get(ProgramEndorsement, program_id) if program_id else None
    if current is None and sponsor is None:
        raise EndorsementError(messages.NO_SPONSOR)
    if current is None and line is None:
        raise EndorsementError(messages.NO_LINE)
    return EndorsementChange(line=line, sponsor_id=sponsor.id if sponsor else None)


async def store_endorsement(
    session: AsyncSession, program_id: int, change: EndorsementChange, now: datetime
) -> None:
    """Apply a checked change to program `program_id`."""
    current = await session.get(ProgramEndorsement, program_id)
    if change.remove:
        if current is not None:
            await session.delete(current)
        return
    if current is None:
        assert change.line is not None and change.sponsor_id is not None
        current = ProgramEndorsement(program_id=program_id, member_id=change.sponsor_id)
        session.add(current)
    current.line = change.line or current.line
    current.member_id = change.sponsor_id or current.member_id
    current.set_at = now


async def _sponsor(session: AsyncSession, person: str) -> Member:
    try:
        member = await find_person(session, person)
    except RoleError as exc:
        raise EndorsementError(str(exc)) from None
    if member.role != SPONSOR:
        name = member.display_name or member.external_id
        raise EndorsementError(messages.NOT_SPONSOR.format(name=name, person=person))
    return member


async def endorsement_line(session: AsyncSession, program_id: int) -> str:
    """The endorsement every prompt of the program carries ('' when it has none)."""
    row = (
        await session.execute(
            select(ProgramEndorsement.line, Member.display_name, Member.external_id, Member.title)
            .join(Member, Member.id == ProgramEndorsement.member_id)
            .where(ProgramEndorsement.program_id == program_id)
        )
    ).first()
    if row is None:
        return ""
    line, name, external_id, title = row
    return messages.endorsement_text(line, name or external_id, title)


async def describe_endorsement(session: AsyncSession, program_id: int) -> str:
    """`program show`'s endorsement row."""
    return f"{'endorsement':>17}: {await endorsement_line(session, program_id) or 'none'}"
