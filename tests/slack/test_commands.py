"""The slash command: member commands, admin commands, and help for anything else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Program
from tests.slack.harness import TEAM, SlackHarness, SlackWorld, slack_world


@pytest.fixture
async def chat(core: Core, clock: FakeClock) -> AsyncIterator[SlackHarness]:
    async for world in slack_world(core, clock):
        harness = SlackHarness(world, clock)
        await harness.add_member("U-ana", "Europe/Lisbon")
        await harness.add_member("U-boss", "Europe/Lisbon", role="admin")
        yield harness


async def command(world: SlackWorld, user: str, text: str) -> tuple[str, list[dict[str, Any]]]:
    """Run `/kmbot text`; return what only that user saw, and modals opened."""
    trigger = world.next_id("cmd-")
    before = len(world.fake.hooks)
    status, body = await world.sender.command(
        {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "acme",
            "channel_id": "C-general",
            "channel_name": "general",
            "user_id": user,
            "user_name": user,
            "command": "/kmbot",
            "text": text,
            "api_app_id": "A-kmbot",
            "response_url": f"https://hooks.slack.com/commands/{TEAM}/1/{trigger}",
            "trigger_id": trigger,
        }
    )
    assert status == 200 and body == ""  # acked at once, answered through response_url
    await world.settle()
    seen = world.fake.hooks[before:]
    assert all(b["response_type"] == "ephemeral" for _, b in seen)
    return "\n".join(b["text"] for _, b in seen), [
        v for t, v in world.fake.views_opened if t == trigger
    ]


async def test_help_and_unknown_input_answer_with_help(chat: SlackHarness) -> None:
    helped, _ = await command(chat.world, "U-ana", "")
    unknown, _ = await command(chat.world, "U-ana", "what is this")

    assert "pause YYYY-MM-DD" in helped and helped == unknown


async def test_pause_resume_and_status(chat: SlackHarness) -> None:
    paused, _ = await command(chat.world, "U-ana", "pause 2026-12-24")
    async with chat.core.sessions() as session:
        member = await session.scalar(select(Member).where(Member.external_id == "U-ana"))
    resumed, _ = await command(chat.world, "U-ana", "resume")
    status, _ = await command(chat.world, "U-ana", "status")

    assert "Paused until 2026-12-24" in paused
    assert member is not None and str(member.paused_until) == "2026-12-24"
    assert "Welcome back" in resumed and "streak" in status


async def test_share_opens_the_lesson_modal(chat: SlackHarness) -> None:
    _, [modal] = await command(chat.world, "U-ana", "share")

    assert modal["type"] == "modal" and modal["callback_id"] == "lesson.submit"


async def test_program_commands_are_for_admins(chat: SlackHarness) -> None:
    refused, _ = await command(chat.world, "U-ana", "program list")
    created, _ = await command(
        chat.world,
        "U-boss",
        'program create "Team learning" --purpose "We learn together." --share-mode private',
    )

    assert "for kmbot admins" in refused
    async with chat.core.sessions() as session:
        names = list(await session.scalars(select(Program.name)))
    assert names == ["Team learning"], created


async def test_sync_rereads_the_directory(chat: SlackHarness) -> None:
    chat.world.fake.add_user("U-new", "New", "Asia/Tokyo")

    said, _ = await command(chat.world, "U-boss", "sync")

    assert "Directory synced: 1 added" in said
    assert json.dumps([c.method for c in chat.world.fake.calls]).count("users.list") >= 3


async def test_my_data_from_the_slash_command_arrives_as_a_file_in_the_dm(
    chat: SlackHarness,
) -> None:
    said, _ = await command(chat.world, "U-ana", "my data")

    assert "everything kmbot holds about you" in said
    [shared] = chat.world.fake.shared_in("D-U-ana")  # not in the channel the command came from
    assert shared.filename.endswith(".json") and shared.title == "Everything kmbot holds about you"
    document = json.loads(shared.content)
    assert [m["external_id"] for m in document["tables"]["members"]] == ["U-ana"]
    assert not chat.world.fake.shared_in("C-general")
