"""`kmbot dashboard-link PERSON`: a one-time dashboard sign-in link, printed (for an admin
without chat at hand, or a `kmbot demo --db` database)."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.dashboard.access import LINK_LIFETIME, NOT_FOR_YOU, issue_link
from bot.dashboard.chat_command import sign_in_url
from bot.people.roles import find_person
from bot.settings import Settings


def add_dashboard_parser(commands: Any) -> None:
    link = commands.add_parser(
        "dashboard-link",
        help="print a one-time sign-in link to the dashboard for a lead, champion or admin",
        description="A link to /dashboard that works once, for 15 minutes, under "
        "KMBOT_PUBLIC_URL (else http://KMBOT_HOST:KMBOT_PORT). The same link `dashboard` "
        "gives in chat.",
    )
    link.add_argument("person", help="an email or PLATFORM:WORKSPACE:USER")


async def dashboard_link_command(
    session: AsyncSession, clock: Clock, args: argparse.Namespace, settings: Settings
) -> str:
    member = await find_person(session, args.person)
    token = await issue_link(session, member, clock.now())
    if token is None:
        raise ValueError(f"{args.person} is a {member.role}: {NOT_FOR_YOU}")
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    return f"{sign_in_url(base, token)}\n(works once, for {minutes} minutes)"
