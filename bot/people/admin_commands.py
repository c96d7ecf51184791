"""The `member role …` command and the CSV import, shared by the CLI and admin chat."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.people_models import PendingPerson
from bot.people import roles
from bot.people.hr_import import ImportReport, import_people
from bot.people.units import KnownUnits


def add_member_parser(commands: Any) -> None:
    """`member role PERSON ROLE [--unit U]…`, shared by the CLI and admin chat."""
    member = commands.add_parser(
        "member", help="people's roles (member, lead, champion, admin, sponsor)"
    )
    actions = member.add_subparsers(dest="member_action", required=True)
    role = actions.add_parser("role", help="set a person's role")
    role.add_argument("person", help="email or PLATFORM:WORKSPACE:USER")
    role.add_argument("role", help="member, lead, champion, admin or sponsor")
    role.add_argument("--unit", action="append", help="a unit they lead (repeat for several)")


async def member_command(session: AsyncSession, args: argparse.Namespace) -> str:
    member = await roles.find_person(session, args.person)
    return await roles.set_role(session, member, args.role.lower(), args.unit)


def add_members_import_parser(commands: Any) -> None:
    """`members import FILE [--units FILE] [--dry-run]` and `members pending`."""
    members = commands.add_parser(
        "members", help="import people, units, roles, managers and levels from an HR file"
    )
    about = (
        "CSV with a person column (email or PLATFORM:WORKSPACE:USER) and any of unit, "
        "role, manager (email or PLATFORM:WORKSPACE:USER; empty: the top), level (1 is the "
        "top; empty: from the manager chain), office, country (ISO code: public holidays and "
        "weekend days), title (job title: signs a sponsor's endorsement), start_date "
        "(YYYY-MM-DD: within 90 days, a newcomer). Each row is applied whole or refused "
        "whole; people not synced yet are kept by email and matched when they appear. "
        "Exit status 2 when any row is refused."
    )
    actions = members.add_subparsers(dest="members_action", required=True)
    actions.add_parser("pending", help="people imported by email whom no platform has shown yet")
    parser = actions.add_parser("import", help=about, description=about)
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


async def members_pending(session: AsyncSession) -> str:
    """The pending people, oldest import first, one line each."""
    rows = list(
        await session.scalars(
            select(PendingPerson).order_by(PendingPerson.imported_at, PendingPerson.email)
        )
    )
    if not rows:
        return "Nobody is pending: every imported person has been matched."
    lines = [
        f"{p.email}: unit {p.unit or '-'}, role {p.role}, level {p.level}, "
        f"office {p.office or '-'}, manager {p.manager or '-'}, "
        f"imported {p.imported_at.date().isoformat()}"
        for p in rows
    ]
    return "\n".join([*lines, f"{len(rows)} pending (matched by email at the next sync)"])
