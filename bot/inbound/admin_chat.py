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
from bot.privacy.audit import actor_of, record_command
from bot.programs.admin_commands import add_program_parser, program_command

ADMIN_ROLES = ("admin",)
ADMIN_WORDS = ("program", "member", "sync")


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
    return parser


def is_admin_command(text: str) -> bool:
    words = text.strip().split(maxsplit=1)
    return bool(words) and words[0].lower() in ADMIN_WORDS


async def run_admin_command(
    session: AsyncSession, clock: Clock, member: Member, text: str
) -> Response:
    """Run `text` for an admin; anyone else is told politely it is for admins."""
    if member.role not in ADMIN_ROLES:
        return Response(text="That command is for kmbot admins. Type `help` for yours.")
    if text.strip().lower() == "sync":
        return Response(text="Syncing the directory now.", request="sync")
    try:
        args = chat_admin_parser().parse_args(shlex.split(text))
        if args.command == "member":
            reply = await member_command(session, args)
        else:
            reply = await program_command(session, clock, args)
        await record_command(session, clock.now(), actor_of(member), args)
        return Response(text=reply)
    except ValueError as exc:
        return Response(text=str(exc))
