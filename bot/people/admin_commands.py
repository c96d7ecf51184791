"""The `member role …` command and the CSV import, shared by the CLI and admin chat."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.people import roles
from bot.people.hr_import import ImportReport, import_people
from bot.people.units import KnownUnits


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


def add_members_import_parser(commands: Any) -> None:
    """`members import FILE [--units FILE] [--dry-run]`."""
    members = commands.add_parser(
        "members", help="import people, units, roles, managers and levels from an HR file"
    )
    about = (
        "CSV with a person column (email or PLATFORM:WORKSPACE:USER) and any of unit, "
        "role, manager (email or PLATFORM:WORKSPACE:USER; empty: the top), level (1 is the "
        "top; empty: from the manager chain), office. Each row is applied whole or refused "
        "whole; people not synced yet are kept by email and matched when they appear. "
        "Exit status 2 when any row is refused."
    )
    parser = members.add_subparsers(dest="members_action", required=True).add_parser(
        "import", help=about, description=about
    )
    parser.add_argument("file", help="the HR file (CSV, UTF-8)")
    parser.add_argument(
        "--units",
        metavar="FILE",
        help="the known units, one a line (default: the units already in the directory)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check every row and report; change nothing"
    )


async def members_import(
    session: AsyncSession, now: datetime, text: str, units: KnownUnits | None, dry_run: bool
) -> ImportReport:
    return await import_people(session, text, now, units=units, dry_run=dry_run)
