"""`program create|update|show` with the endorsement, for the CLI and admin chat alike."""

from __future__ import annotations

import argparse

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.programs import programs as program_service
from bot.programs.admin_commands import describe, program_command, spec_changes
from bot.sponsors.endorsements import check_endorsement, describe_endorsement, store_endorsement
from bot.sponsors.options import endorsement_given


async def sponsored_program_command(
    session: AsyncSession, clock: Clock, args: argparse.Namespace
) -> str:
    """The `program …` command; create and update also set the endorsement (checked first,
    so a refused one changes nothing), and create, update and show say what it is."""
    action = args.program_action
    if action not in ("create", "update", "show"):
        return await program_command(session, clock, args)
    change = None
    if action != "show" and endorsement_given(args):
        before = (
            None if action == "create" else await program_service.get_program(session, args.name)
        )
        change = await check_endorsement(session, before.id if before else None, args)
    if action == "update" and change and not spec_changes(args) and not args.new_name:
        program = await program_service.get_program(session, args.name)
        reply = f"updated program {program.name!r}\n{describe(program)}"
    else:
        reply = await program_command(session, clock, args)
        renamed = action == "update" and args.new_name
        program = await program_service.get_program(
            session, args.new_name if renamed else args.name
        )
    if change:
        await store_endorsement(session, program.id, change, clock.now())
        await session.flush()
    return f"{reply}\n{await describe_endorsement(session, program.id)}"
