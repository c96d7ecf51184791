"""The `member role …` command and the CSV import, shared by the CLI and admin chat."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.people import roles


def add_member_parser(commands: Any) -> None:
    """`member role PERSON ROLE [--unit U]…`, shared by the CLI and admin chat."""
    member = commands.add_parser("member", help="people's roles (member, lead, champion, admin)")
    actions = member.add_subparsers(dest="member_action", required=True)
    role = actions.add_parser("role", help="set a person's role")
    role.add_argument("person", help="email or PLATFORM:WORKSPACE:USER")
    role.add_argument("role", help="member, lead, champion or admin")
    role.add_argument("--unit", action="append", help="a unit they lead (repeat for several)")


async def member_command(session: AsyncSession, args: argparse.Namespace) -> str:
    member = await roles.find_person(session, args.person)
    return await roles.set_role(session, member, args.role.lower(), args.unit)


async def members_import(session: AsyncSession, text: str) -> str:
    return roles.report(await roles.import_csv(session, text))
