"""The simulated organisation: who works where, how keen each colleague is, the program."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.directory import ensure_workspace, upsert_member
from bot.people.roles import set_role
from bot.programs.programs import ProgramSpec, create_program

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
UNITS = (
    ("Engineering", "Europe/Lisbon"),
    ("Sales", "America/New_York"),
    ("Operations", "Asia/Tokyo"),
    ("Research", "America/Los_Angeles"),
)
WORKSPACE = "acme"
FEED = "C-learning"
PROGRAM = "Weekly learning"
PROPOSED = "What did a customer teach you this month?"  # proposed by Colleague 2 on day one


@dataclass(frozen=True)
class DemoOptions:
    members: int = 40
    weeks: int = 6
    seed: int = 1
    db: str | None = None
    transcript: bool = False
    pilot: bool = False  # `kmbot demo --pilot`: a pilot and a comparison unit (bot.demo.pilot)
    assumed_effect: float = 5.0  # the pilot demo's assumption, not a finding (ASSUMED_EFFECT)


@dataclass
class SimulatedMember:
    """A colleague with a seeded habit: how likely they answer, and how fast."""

    user: str
    name: str
    unit: str
    zone: str
    lead: bool
    propensity: float


def simulated_members(count: int, rng: random.Random) -> list[SimulatedMember]:
    """Colleagues spread over the four units; the first of each unit leads it."""
    members = []
    for index in range(count):
        unit, zone = UNITS[index % len(UNITS)]
        lead = index < len(UNITS)
        propensity = 0.9 if lead else rng.uniform(0.35, 0.85)
        members.append(
            SimulatedMember(
                f"U{index + 1:04d}", f"Colleague {index + 1}", unit, zone, lead, propensity
            )
        )
    return members


async def set_up(
    session: AsyncSession, members: list[SimulatedMember], now: datetime, program: bool = True
) -> None:
    """The workspace, its members and leads, and (unless `program` is false: the pilot demo
    creates its own) one weekly program with check-ins."""
    workspace = await ensure_workspace(session, "memory", WORKSPACE, now, "Acme")
    for m in members:
        member = await upsert_member(
            session, workspace, m.user, now, display_name=m.name, unit=m.unit, tz=m.zone
        )
        if m.lead:
            await set_role(session, member, "lead")
        if m is members[-1] and not m.lead:  # reviews the questions colleagues propose
            await set_role(session, member, "champion")
    if not program:
        return
    await create_program(
        session,
        ProgramSpec(
            name=PROGRAM,
            purpose="We learn faster when we share what we learn.",
            weekday="thu",
            send_time="15:00",
            share_mode="digest",
            feed=f"memory:{WORKSPACE}:{FEED}",
            checkins=True,
            checkin_cadence_weeks=2,
            checkin_weekday="mon",
            checkin_time="10:00",
        ),
        now,
    )
