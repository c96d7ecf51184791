"""`program launch|end|archive|delete` and the start and end dates of `create` and `update`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.models import Program
from bot.programs import lifecycle
from bot.programs.programs import ProgramError, get_program

LIFECYCLE_ACTIONS = ("launch", "end", "archive", "delete")
REASON_HELP = "why (kept in the change log: kmbot program history NAME)"


def add_date_options(parser: argparse.ArgumentParser) -> None:
    dates = parser.add_argument_group("lifecycle")
    dates.add_argument("--start-date", help="first day it may send, YYYY-MM-DD (on launch)")
    dates.add_argument("--end-date", help="its last day, YYYY-MM-DD; the day after it ends")
    dates.add_argument("--reason", help=REASON_HELP)


def add_lifecycle_parsers(actions: Any) -> None:
    """The lifecycle subcommands of `program`."""
    launch = actions.add_parser("launch", help="start sending a draft (today or on --on)")
    launch.add_argument("name")
    launch.add_argument("--on", help="launch on this day instead, YYYY-MM-DD")
    helps = {
        "end": "stop a program for good (answers and figures stay)",
        "archive": "hide an ended program from the lists",
        "delete": "delete a draft (a program that sent nothing)",
    }
    for action, text in helps.items():
        parser = actions.add_parser(action, help=text)
        parser.add_argument("name")
        parser.add_argument("--reason", help=REASON_HELP)
    launch.add_argument("--reason", help=REASON_HELP)


def has_dates(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "start_date", None) or getattr(args, "end_date", None))


def checked_dates(
    args: argparse.Namespace, program: Program | None, clock: Clock
) -> tuple[date | None, date | None]:
    """The start and end dates once the command line's are applied (`program` None: a new
    draft), checked against today before anything is changed."""
    starts = getattr(args, "start_date", None)
    ends = getattr(args, "end_date", None)
    old_starts = program.starts_on if program else None
    old_ends = program.ends_on if program else None
    starts_on = lifecycle.parse_day(starts, "start date") if starts else old_starts
    ends_on = lifecycle.parse_day(ends, "end date") if ends else old_ends
    if starts and program and program.status not in (lifecycle.DRAFT, lifecycle.SCHEDULED):
        raise ProgramError(f"program {program.name!r} has started: its start date is fixed")
    today = clock.now().date()
    if starts_on is not None and starts and starts_on < today:
        raise ProgramError(f"start date {starts_on} is in the past")
    lifecycle.check_dates(starts_on, ends_on if ends else None, today)
    lifecycle.check_dates(starts_on, ends_on, min(starts_on or today, today))
    return starts_on, ends_on


async def lifecycle_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    action, name = args.program_action, args.name
    if action == "delete":
        await lifecycle.delete_draft(session, name)
        return f"deleted draft program {name!r}"
    program = await get_program(session, name)
    if action == "launch":
        on = lifecycle.parse_day(args.on, "launch day") if args.on else None
        lifecycle.launch(program, clock.now().date(), on)
        if program.status == lifecycle.SCHEDULED:
            return f"program {name!r} is scheduled: it starts on {program.starts_on}"
        return f"program {name!r} is now active: its first prompts go out as scheduled"
    if action == "end":
        lifecycle.end(program)
        return f"program {name!r} has ended: nothing more is sent; its answers stay"
    lifecycle.archive(program)
    return f"program {name!r} is archived"
