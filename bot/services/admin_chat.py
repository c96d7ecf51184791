"""Admin commands typed in chat (`program list`, `sync`), mirroring the CLI."""

from __future__ import annotations

import shlex

from sqlalchemy.ext.asyncio import AsyncSession

from bot import admin
from bot.chat import Reply
from bot.clock import Clock
from bot.db.models import Member

ADMIN_ROLES = ("admin",)
ADMIN_WORDS = ("program", "member", "sync")


def is_admin_command(text: str) -> bool:
    words = text.strip().split(maxsplit=1)
    return bool(words) and words[0].lower() in ADMIN_WORDS


async def run_admin_command(session: AsyncSession, clock: Clock, member: Member,
                            text: str) -> Reply:
    """Run `text` for an admin; anyone else is told politely it is for admins."""
    if member.role not in ADMIN_ROLES:
        return Reply(text="That command is for kmbot admins. Type `help` for yours.")
    if text.strip().lower() == "sync":
        return Reply(text="Syncing the directory now.", request="sync")
    try:
        args = admin.chat_admin_parser().parse_args(shlex.split(text))
        if args.command == "member":
            return Reply(text=await admin.member_command(session, args))
        return Reply(text=await admin.program_command(session, clock, args))
    except ValueError as exc:
        return Reply(text=str(exc))
