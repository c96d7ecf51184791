"""Helpers that let service tests read like conversations."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from adapters.memory.platform import Sent
from bot.chat import ActionClicked, MemberAddress, MessageReceived, Response
from bot.clock import FakeClock
from bot.core import Core
from bot.people.directory import ensure_workspace, upsert_member
from bot.programs.programs import ProgramSpec, create_program
from jobs.fast_forward import fast_forward
from jobs.registry import JOBS

WORKSPACE = "acme"
FEED = "C-feed"


async def add_people(
    core: Core, *people: tuple[str, str | None], unit: str = "Eng", platform: str = "memory"
) -> None:
    """Add members as (user id, IANA zone or None)."""
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, platform, WORKSPACE, core.clock.now())
        for user, zone in people:
            await upsert_member(
                session,
                workspace,
                user,
                core.clock.now(),
                display_name=user.title(),
                unit=unit,
                tz=zone,
            )


async def add_program(core: Core, **fields: Any) -> None:
    """The default program: Thursdays 15:00 local, digest to the feed; override any field."""
    spec: dict[str, Any] = {
        "name": "Weekly learning",
        "purpose": "We share what we learn.",
        "weekday": "thu",
        "send_time": "15:00",
        "share_mode": "digest",
        "feed": f"memory:{WORKSPACE}:{FEED}",
        **fields,
    }
    async with core.sessions.begin() as session:
        await create_program(session, ProgramSpec(**spec), core.clock.now())


async def run_jobs(core: Core) -> None:
    """One pass of every scheduled job, as the scheduler would run them."""
    for job in JOBS:
        await job.run(core)


async def advance_to(
    core: Core, clock: FakeClock, moment: datetime, step: timedelta = timedelta(hours=1)
) -> None:
    """Move the fake clock to `moment` as if every job ran at each `step` on the way.

    The clock jumps straight to the steps where some job has work (jobs.fast_forward).
    """
    await fast_forward(core, clock, moment, step)


_EVENT_IDS = itertools.count(1)


def who(user: str) -> MemberAddress:
    """The in-memory platform's address of `user`."""
    return MemberAddress("memory", WORKSPACE, user)


async def click(core: Core, user: str, sent: Sent, action_id: str) -> Response:
    """`user` clicks the `action_id` button of a message they were sent."""
    value = next(b.value for b in sent.message.buttons if b.action_id == action_id)
    reply = await core.inbound.handle(
        ActionClicked(f"click-{next(_EVENT_IDS)}", who(user), action_id, value)
    )
    assert reply is not None
    return reply


async def say(core: Core, user: str, text: str) -> Response | None:
    """`user` types `text` in their direct chat with the bot."""
    return await core.inbound.handle(
        MessageReceived(f"say-{next(_EVENT_IDS)}", who(user), f"D-{user}", text)
    )
