"""`search` and `dashboard` in chat, and "This helped me" on a result, on every platform."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.actions import ARCHIVE_HELPED
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.archive_models import ReuseEvent
from bot.db.engine import make_sessions
from bot.db.models import Member, Reply
from bot.prompts.lessons import record_lesson
from tests.contract.harness import ChatHarness, Seen
from tests.teams.harness import seen_of

PUBLIC_URL = "https://kmbot.example.com"


@pytest.fixture
async def core(engine: AsyncEngine, clock: FakeClock, platform: InMemoryPlatform) -> Core:
    """The core with KMBOT_PUBLIC_URL set, so that `dashboard` can answer with a link."""
    core = build_core(
        make_sessions(engine), clock, "UTC", {"memory": platform}, public_url=PUBLIC_URL
    )
    await core.seed()
    return core


async def post_lesson(chat: ChatHarness, user: str, title: str, learned: str) -> None:
    """`user` (on the harness's platform) shares a lesson, as the lesson form records it."""
    async with chat.core.sessions.begin() as session:
        members = await session.scalars(select(Member))
        member = next(
            m for m in members if m.external_id.endswith(user) or m.display_name.lower() == user
        )
        fields = {"q0": title, "q1": "It happened.", "q2": learned, "visibility": "shared"}
        await record_lesson(session, member, fields, chat.clock.now())


async def results_seen(chat: ChatHarness, user: str, text: str) -> Seen:
    """The search results as the member saw them, with their buttons: Slack posts the reply
    in the member's chat, Teams replies in the turn (the card the connector received), and
    the in-memory platform answers in place (its buttons carry the lesson's id)."""
    answer = await chat.say(user, text)
    if chat.name == "slack":
        return chat.dms(user)[-1]
    if chat.name == "teams":
        return seen_of(chat.rig.connector.calls[-1], [])  # type: ignore[attr-defined]
    async with chat.core.sessions() as session:
        reply_id = await session.scalar(select(func.min(Reply.id)))
    return Seen(answer.text, ((ARCHIVE_HELPED, str(reply_id)),), "")


async def test_a_member_searches_the_archive_and_says_a_lesson_helped(chat: ChatHarness) -> None:
    await chat.add_member("ana", "Europe/Lisbon", unit="Sales")
    await chat.add_member("ben", "Europe/Lisbon", unit="Eng")
    await post_lesson(chat, "ana", "Onboarding checklist", "A checklist halves onboarding.")
    await post_lesson(chat, "ana", "Pricing", "Call before you change a price.")

    seen = await results_seen(chat, "ben", "search onboarding")

    assert "Onboarding checklist" in seen.text and "Pricing" not in seen.text
    assert [action for action, _ in seen.actions] == [ARCHIVE_HELPED]
    assert "Ana (Sales)" in seen.text
    helped = await chat.click("ben", seen, ARCHIVE_HELPED)
    assert "The author will hear" in helped.text
    async with chat.core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ReuseEvent)) == 1
    assert "Nothing shared matches" in (await chat.say("ben", "search invoices")).text


async def test_dashboard_gives_a_lead_a_one_time_link_and_a_member_none(chat: ChatHarness) -> None:
    await chat.add_member("lena", "Europe/Lisbon", unit="Sales", role="lead")
    await chat.add_member("ben", "Europe/Lisbon", unit="Sales")

    link = (await chat.say("lena", "dashboard")).text

    assert f"{PUBLIC_URL}/dashboard/sign-in/" in link and "15 minutes" in link
    refused = (await chat.say("ben", "dashboard")).text
    assert "for leads, KM champions and admins" in refused and "/dashboard/" not in refused
