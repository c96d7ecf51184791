"""Sending under Bot Framework's limits: retries honouring Retry-After, pacing, 403 and 429."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from adapters.teams.limits import RateGate, retry_after_seconds
from bot.chat import (
    ConversationAddress,
    OutgoingMessage,
    PermanentDeliveryError,
    RateLimited,
    TransientDeliveryError,
)
from bot.db.models import Delivery, Member, Workspace
from tests.conversation import add_program, run_jobs
from tests.teams.fake_connector import Failure
from tests.teams.harness import CHANNEL, TENANT, TeamsHarness
from tests.teams.rig import TeamsRig

THURSDAY_15 = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
FEED = ConversationAddress("teams", TENANT, CHANNEL)


@pytest.fixture
async def installed(rig: TeamsRig) -> TeamsRig:
    harness = TeamsHarness(rig, rig.core.clock)  # type: ignore[arg-type]
    await harness.install()
    await harness.add_member("ana", "UTC")
    return rig


async def test_a_429_with_a_short_retry_after_is_retried_in_place(installed: TeamsRig) -> None:
    installed.connector.fail_next(Failure(429, {"Retry-After": "2"}))

    ref = await installed.platform.send(FEED, OutgoingMessage(text="hello"))

    assert installed.time.slept == [2.0] and installed.connector.attempts == 2
    assert [c.activity["text"] for c in installed.connector.posted_in(CHANNEL)] == ["hello"]
    assert ref.conversation == CHANNEL


async def test_5xx_and_412_back_off_then_give_up_as_transient(installed: TeamsRig) -> None:
    installed.connector.fail_next(Failure(502), Failure(412), Failure(503), Failure(504))

    with pytest.raises(TransientDeliveryError) as caught:
        await installed.platform.send(FEED, OutgoingMessage(text="hello"))

    assert installed.time.slept == [0.5, 1.0, 2.0]  # four attempts, no real sleep
    assert "504" in caught.value.reason


async def test_a_long_retry_after_pauses_the_tenant_in_the_database(installed: TeamsRig) -> None:
    await add_program(installed.core, share_mode="feed", feed=f"teams:{TENANT}:{CHANNEL}")
    installed.core.clock.set(THURSDAY_15)  # type: ignore[attr-defined]
    installed.connector.fail_next(Failure(429, {"Retry-After": "120"}))

    await run_jobs(installed.core)

    async with installed.core.sessions() as session:
        workspace = await session.scalar(select(Workspace))
        [delivery] = await session.scalars(select(Delivery))
    assert workspace is not None and workspace.deliveries_paused_until is not None
    assert (workspace.deliveries_paused_until - THURSDAY_15).total_seconds() == 120
    assert delivery.status == "pending" and "429" in (delivery.last_error or "")
    assert installed.time.slept == []  # too long to wait in process: the outbox waits


async def test_a_403_marks_the_member_unreachable_with_the_reason(installed: TeamsRig) -> None:
    await add_program(installed.core, share_mode="feed", feed=f"teams:{TENANT}:{CHANNEL}")
    installed.core.clock.set(THURSDAY_15)  # type: ignore[attr-defined]
    installed.connector.fail_next(Failure(403, body={"error": {"code": "BotDisabledByAdmin"}}))

    await run_jobs(installed.core)

    async with installed.core.sessions() as session:
        member = await session.scalar(select(Member))
    assert member is not None and "blocked or uninstalled" in (member.unreachable_reason or "")


async def test_sync_names_the_unreachable_and_a_message_from_them_clears_it(
    installed: TeamsRig,
) -> None:
    await add_program(installed.core, share_mode="feed", feed=f"teams:{TENANT}:{CHANNEL}")
    installed.core.clock.set(THURSDAY_15)  # type: ignore[attr-defined]
    installed.connector.fail_next(Failure(403, body={"error": {"code": "BotDisabledByAdmin"}}))
    await run_jobs(installed.core)
    harness = TeamsHarness(installed, installed.core.clock)  # type: ignore[arg-type]
    harness.members.append("ana")
    await harness.add_member("boss", "UTC", role="admin")

    synced = await harness.say("boss", "sync")
    await harness.say("ana", "status")

    assert "Directory synced." in synced.text
    assert "1 cannot be reached: Ana (bot blocked or uninstalled" in synced.text
    async with installed.core.sessions() as session:
        ana = await session.scalar(select(Member).where(Member.external_id == "aad-ana"))
    assert ana is not None and ana.unreachable_reason is None  # she wrote from her chat


async def test_a_403_from_send_is_permanent(installed: TeamsRig) -> None:
    installed.connector.fail_next(Failure(403))

    with pytest.raises(PermanentDeliveryError):
        await installed.platform.send(FEED, OutgoingMessage(text="hello"))


async def test_a_persistent_429_is_rate_limited_with_its_retry_after(installed: TeamsRig) -> None:
    installed.connector.fail_next(*[Failure(429, {"Retry-After": "3"})] * 4)

    with pytest.raises(RateLimited) as caught:
        await installed.platform.send(FEED, OutgoingMessage(text="hello"))

    assert caught.value.retry_after == 3.0


async def test_at_most_seven_sends_per_second_in_one_conversation(installed: TeamsRig) -> None:
    for i in range(15):
        await installed.platform.send(FEED, OutgoingMessage(text=str(i)))

    assert len(installed.connector.posted_in(CHANNEL)) == 15
    assert installed.time.slept == [1.0, 1.0]  # the 8th and the 15th wait for a new second


def test_the_tenant_ceiling_spans_conversations() -> None:
    now = [0.0]
    gate = RateGate(20, lambda: now[0])

    waits = [gate.reserve(f"conversation-{i}") for i in range(21)]  # one key per call here

    assert waits == [0.0] * 21  # distinct keys: each its own window
    tenant = RateGate(20, lambda: now[0])
    assert [tenant.reserve("tenant") for _ in range(21)][-1] == 1.0


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 3, 5, 12, 0, 0, tzinfo=UTC)

    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Thu, 05 Mar 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
