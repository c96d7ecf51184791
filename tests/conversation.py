"""Helpers that let service tests read like conversations."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from adapters.memory.platform import InMemoryPlatform, Sent
from bot.chat import (
    ActionClicked,
    FormSubmitted,
    MemberAddress,
    MessageReceived,
    OutgoingMessage,
    Response,
)
from bot.clock import FakeClock
from bot.core import Core
from bot.people.directory import ensure_workspace, upsert_member
from bot.programs.programs import ProgramSpec, create_program
from jobs.fast_forward import fast_forward
from jobs.registry import JOBS

WORKSPACE = "acme"
FEED = "C-feed"


async def add_people(
    core: Core,
    *people: tuple[str, str | None],
    unit: str = "Eng",
    platform: str = "memory",
    role: str | None = None,
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
                role=role,
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


def titled(platform: InMemoryPlatform, user: str, words: str) -> list[Sent]:
    """What `user` was sent whose title contains `words`, oldest first."""
    return [s for s in platform.sent_to(user) if words in s.message.title]


def who(user: str) -> MemberAddress:
    """The in-memory platform's address of `user`."""
    return MemberAddress("memory", WORKSPACE, user)


async def click(core: Core, user: str, sent: Sent | OutgoingMessage, action_id: str) -> Response:
    """`user` clicks the `action_id` button of a message they were sent (or were shown)."""
    message = sent.message if isinstance(sent, Sent) else sent
    value = next(b.value for b in message.buttons if b.action_id == action_id)
    reply = await core.inbound.handle(
        ActionClicked(f"click-{next(_EVENT_IDS)}", who(user), action_id, value)
    )
    assert reply is not None
    return reply


async def fill_in(
    core: Core,
    user: str,
    sent: Sent | OutgoingMessage,
    fields: dict[str, str],
    action_id: str = "prompt.answer",
) -> Response:
    """`user` clicks `action_id` on a message, and submits the form it opens with `fields`."""
    opened = await click(core, user, sent, action_id)
    assert opened.form is not None, f"{action_id} opened no form: {opened.text!r}"
    reply = await core.inbound.handle(
        FormSubmitted(
            f"form-{next(_EVENT_IDS)}", who(user), opened.form.form_id, opened.form.value, fields
        )
    )
    assert reply is not None
    return reply


async def say(core: Core, user: str, text: str, *, event_id: str | None = None) -> Response | None:
    """`user` types `text` in their direct chat with the bot.

    `event_id` names the platform's event, to deliver the same event twice; by default each
    call is a new event.
    """
    return await core.inbound.handle(
        MessageReceived(event_id or f"say-{next(_EVENT_IDS)}", who(user), f"D-{user}", text)
    )


async def answer_in_chat(core: Core, user: str, text: str) -> Response:
    """`user` types `text` as their answer and clicks Save on the confirmation kmbot shows."""
    offered = await say(core, user, text)
    assert offered is not None and offered.message is not None, f"no confirmation: {offered}"
    return await click(core, user, offered.message, "draft.save")


def shown(reply: Response | None) -> str:
    """The text a member sees in response: the note, or the message's text ("" for none)."""
    if reply is None:
        return ""
    return reply.text or (reply.message.text if reply.message else "")


async def told(core: Core, user: str, text: str, *, event_id: str | None = None) -> str:
    """What `user` is told after typing `text` ("" when the bot stays silent)."""
    return shown(await say(core, user, text, event_id=event_id))
