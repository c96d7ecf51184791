"""One inbound event being handled (`Turn`): who sent it, when, in which transaction; and a
typed command run for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.archive.chat import search_in_chat
from bot.chat import Response
from bot.clock import Clock
from bot.dashboard.chat_command import dashboard_link
from bot.db.models import Member, Prompt
from bot.inbound import proposal_chat
from bot.inbound.command_parsing import Command
from bot.inbound.member_commands import run_member_command
from bot.people import ask_leads
from bot.prompts import answers
from bot.schedule import resolve_zone


@dataclass(frozen=True)
class Turn:
    """One event being handled: who sent it, when, in which transaction."""

    session: AsyncSession
    member: Member
    now: datetime
    clock: Clock
    org_zone: str
    public_url: str = ""  # KMBOT_PUBLIC_URL: where dashboard links point

    async def command(self, command: Command) -> Response:
        if command.name == "ask":
            return await ask_leads.ask_leads(self.session, self.member, command.argument, self.now)
        if command.name == "search":
            return await search_in_chat(self.session, command.argument)
        if command.name == "dashboard":
            return await dashboard_link(self.session, self.member, self.public_url, self.now)
        if command.name == "propose":
            return await proposal_chat.propose_command(self, command.argument)
        today = self.now.astimezone(resolve_zone(self.member.zone_name, self.org_zone)).date()
        return await run_member_command(self.session, self.member, command, today)


async def prompt_of(turn: Turn, value: str) -> Prompt | None:
    """The prompt a button or form value names, if it is still there."""
    return await answers.find_prompt(turn.session, int(value)) if value.isdigit() else None
