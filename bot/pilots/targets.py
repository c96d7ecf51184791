"""A pilot's target units follow its program's audience: `program update --audience` on a
pilot's program must name units (none of them a comparison unit), and the pilot's target
units change with it, logged in the program's history."""

from __future__ import annotations

import argparse
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Program
from bot.db.pilot_models import Pilot, PilotUnit
from bot.pilots.pulse import pilot_of
from bot.privacy.audit import record
from bot.programs.audience import audience_units, parse_audience
from bot.programs.programs import ProgramError, get_program

ACTOR = "kmbot (the pilot follows its audience)"


async def _units(session: AsyncSession, pilot: Pilot, role: str) -> list[str]:
    query = select(PilotUnit.unit).where(PilotUnit.pilot_id == pilot.id, PilotUnit.role == role)
    return sorted(await session.scalars(query))


async def check_audience_change(session: AsyncSession, args: argparse.Namespace) -> bool:
    """Before `program update NAME --audience …`: True when NAME is a pilot's program (its
    targets are to follow); a one-line error for an audience a pilot cannot have."""
    if args.program_action != "update" or not getattr(args, "audience", None):
        return False
    program = await get_program(session, args.name)
    pilot = await pilot_of(session, program)
    if pilot is None:
        return False
    kind, value = parse_audience(args.audience)
    if kind != "unit":
        raise ProgramError(
            f"{program.name!r} is a pilot: its audience is its target units, so give units "
            "(--audience unit:NAME[,NAME])"
        )
    targets = {unit.strip() for unit in value.split(",") if unit.strip()}
    overlap = targets & set(await _units(session, pilot, "comparison"))
    if overlap:
        raise ProgramError(
            f"unit {sorted(overlap)[0]!r} is a comparison unit of pilot {program.name!r}: "
            "it cannot be a target too"
        )
    return True


async def follow_audience(
    session: AsyncSession, program: Program, now: datetime, reason: str = ""
) -> str:
    """Make the pilot's target units its program's audience; what changed, in a line."""
    pilot = await pilot_of(session, program)
    units = audience_units(program)
    if pilot is None or units is None:
        return ""
    before = await _units(session, pilot, "target")
    if set(before) == set(units):
        return ""
    await session.execute(
        delete(PilotUnit).where(PilotUnit.pilot_id == pilot.id, PilotUnit.role == "target")
    )
    session.add_all(PilotUnit(pilot_id=pilot.id, unit=u, role="target") for u in units)
    await session.flush()
    shown = ", ".join(sorted(units))
    detail = {"targets": shown, "reason": reason or "its program's audience changed"}
    await record(session, now, ACTOR, "pilot.targets", program.name, detail)
    return f"the pilot's target units are now {shown} (were {', '.join(before) or 'none'})"
