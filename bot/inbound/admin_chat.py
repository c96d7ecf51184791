"""Admin commands typed in chat (`program list`, `member role …`, `sync`), as in the CLI."""

from __future__ import annotations

import argparse
import shlex
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.clock import Clock
from bot.db.models import Member
from bot.people.admin_commands import add_member_parser, member_command
from bot.pilots.commands import add_pilot_parser, pilot_command, program_command
from bot.privacy.audit import actor_of, record_command
from bot.programs.admin_commands import add_program_parser

ADMIN_ROLES = ("admin",)
ADMIN_WORDS = ("program", "member", "sync", "pilot")


class ChatArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, for commands typed in chat."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ValueError(message or self.format_help())


def chat_admin_parser() -> argparse.ArgumentParser:
    """The CLI's `program` and `member` grammar, for admins typing in chat."""
    parser = ChatArgumentParser(prog="kmbot", add_help=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ChatArgumentParser)
    add_program_parser(commands)
    add_member_parser(commands)
    add_pilot_parser(commands)
    return parser


def _subcommands() -> dict[str, frozenset[str]]:
    """Each admin word's subcommands, read from the grammar itself (`program`: create, …)."""
    found: dict[str, frozenset[str]] = {}
    for action in chat_admin_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, parser in action.choices.items():
                for inner in parser._actions:
                    if isinstance(inner, argparse._SubParsersAction):
                        found[word] = frozenset(inner.choices)
    return found


SUBCOMMANDS = _subcommands()


def admin_command_form(text: str) -> str | None:
    """ "exact" for an admin command in its exact form (`program list`, `sync`), "attempt"
    for one begun right and written wrongly (`program show` without a name), None for
    everything else: "Program budgets were tight…" or "member feedback was …" is prose."""
    words = text.strip().split()
    if not words or words[0] not in ADMIN_WORDS:
        return None
    if words[0] == "sync":
        return "exact" if len(words) == 1 else None
    if len(words) < 2 or words[1] not in SUBCOMMANDS.get(words[0], frozenset()):
        return None
    try:
        chat_admin_parser().parse_args(shlex.split(text))
    except ValueError:  # argparse's error, or quotes shlex cannot split
        return "attempt"
    return "exact"


def is_admin_command(text: str) -> bool:
    return admin_command_form(text) is not None


async def run_admin_command(
    session: AsyncSession, clock: Clock, member: Member, text: str
) -> Response:
    """Run `text` (an exact or attempted admin command) for an admin; anyone else is told
    politely it is for admins."""
    if member.role not in ADMIN_ROLES:
        return Response(text="That command is for kmbot admins. Type `help` for yours.")
    if text.strip().lower() == "sync":
        return Response(text="Syncing the directory now.", request="sync")
    try:
        args = chat_admin_parser().parse_args(shlex.split(text))
        if args.command == "member":
            reply = await member_command(session, args)
        elif args.command == "pilot":
            reply = await pilot_command(session, clock, args)
        else:
            reply = await program_command(session, clock, args)
        await record_command(session, clock.now(), actor_of(member), args)
        return Response(text=reply)
    except ValueError as exc:
        return Response(text=str(exc))
