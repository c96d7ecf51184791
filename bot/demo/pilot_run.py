"""`kmbot demo --pilot`: a pilot and its comparison unit through a baseline, the milestones
and the final review, each step through the code an admin's command or a member's click runs
(the admin chat's grammar and commands, the pulse, the metric import, the reviews, the
decision), on the demo's fast-forwarded clock."""

from __future__ import annotations

import random
import shlex
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_sessions
from bot.db.pilot_review_models import PilotDecision
from bot.demo.organisation import START, DemoOptions, set_up, simulated_members
from bot.demo.pilot_members import PilotSimulation
from bot.demo.pilot_plan import (
    PILOT,
    TARGET,
    PilotCalendar,
    assumption,
    create_command,
    launch_command,
    metric_csv,
)
from bot.demo.pilot_report import PilotDemoReport, Step
from bot.demo.run import in_demo_database
from bot.demo.transcript import render_transcript
from bot.inbound.admin_chat import chat_admin_parser
from bot.pilots.commands import pilot_command, program_command
from bot.privacy.audit import record_command

ADMIN = "kmbot demo (as the KM lead)"  # who the demo's admin commands are logged as


async def run_pilot_demo(options: DemoOptions) -> PilotDemoReport:
    """Run the pilot's whole story and return what happened."""
    return await in_demo_database(options, _simulate)


async def admin(core: Core, clock: FakeClock, text: str, file_text: str | None = None) -> str:
    """An admin command as chat and the CLI run it: the same grammar, command and audit."""
    args = chat_admin_parser().parse_args(shlex.split(text))
    if file_text is not None:  # what the CLI reads from the file it is given
        args.file_text = file_text
    async with core.sessions.begin() as session:
        if args.command == "pilot":
            reply = await pilot_command(session, clock, args)
        else:
            reply = await program_command(session, clock, args, core.org_zone)
        await record_command(session, clock.now(), ADMIN, args)
    return reply


async def _simulate(options: DemoOptions, engine: AsyncEngine) -> PilotDemoReport:
    rng = random.Random(options.seed)
    metric_rng = random.Random(f"metric:{options.seed}")  # the member habits play unchanged
    clock = FakeClock(START)
    platform = InMemoryPlatform(clock)
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    await core.seed()
    members = simulated_members(options.members, rng)
    async with core.sessions.begin() as session:
        await set_up(session, members, clock.now(), program=False)
    sponsor = next(m for m in members if m.lead and m.unit == TARGET)
    calendar = PilotCalendar(options.weeks)
    simulation = PilotSimulation(sponsor.user, core, platform, clock, members, rng)
    steps: list[Step] = []

    async def command(text: str, file_text: str | None = None) -> str:
        reply = await admin(core, clock, text, file_text)
        steps.append((clock.now(), text.split(" --")[0], reply.splitlines()[0]))
        return reply

    await simulation.run(START + timedelta(hours=9))
    await command(create_command(calendar, sponsor.user))
    await command(launch_command())
    for member in members:  # the assumption: the pilot unit answers more often
        if member.unit == TARGET:
            member.propensity = min(0.98, member.propensity + options.assumed_effect / 100)
    for saturday in calendar.saturdays():
        await simulation.run(saturday)
        week = metric_csv(saturday, options.assumed_effect, metric_rng)
        await command(f'pilot metric import "{PILOT}" crm-{saturday:%Y-%m-%d}.csv', week)
    await simulation.run(datetime.combine(calendar.ends_on, START.timetz()) + timedelta(days=3))
    shown = await admin(core, clock, f'pilot show "{PILOT}"')
    history = await admin(core, clock, f'program history "{PILOT}"')
    return PilotDemoReport(
        members=options.members,
        weeks=options.weeks,
        seed=options.seed,
        assumed_effect=options.assumed_effect,
        assumption=assumption(options.assumed_effect),
        steps=steps,
        reviews=simulation.reviews,
        decisions=await _decisions(core),
        shown=shown,
        history=history,
        transcript=(
            render_transcript(members, platform, simulation.acts) if options.transcript else ""
        ),
    )


async def _decisions(core: Core) -> list[PilotDecision]:
    """The decisions as recorded (`pilot_decisions`), each with who made it."""
    async with core.sessions() as session:
        return list(await session.scalars(select(PilotDecision).order_by(PilotDecision.decided_at)))
