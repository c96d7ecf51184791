"""The outbox: exactly once, retries with backoff, permanent failures, 429 pauses, restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.chat import MemberAddress, PermanentDeliveryError, RateLimited, TransientDeliveryError
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Delivery, Member, Workspace
from tests.conversation import add_people, add_program

SEND_TIME = datetime(2026, 3, 5, 15, tzinfo=UTC)


async def open_round(core: Core, clock: FakeClock, *people: str) -> None:
    await add_people(core, *((p, "UTC") for p in people))
    await add_program(core)
    clock.set(SEND_TIME)
    await core.prompting.open_due_prompts()


@asynccontextmanager
async def another_process(
    database_url: str, clock: FakeClock
) -> AsyncIterator[tuple[Core, InMemoryPlatform]]:
    """A second kmbot process on the same database, with its own view of the platform."""
    platform = InMemoryPlatform(clock)
    engine = make_engine(database_url)
    try:
        yield build_core(make_sessions(engine), clock, "UTC", {"memory": platform}), platform
    finally:
        await engine.dispose()


def recipients(platform: InMemoryPlatform) -> list[str]:
    return sorted(s.to.user for s in platform.transcript if isinstance(s.to, MemberAddress))


async def statuses(core: Core) -> dict[str, str]:
    async with core.sessions() as session:
        rows = await session.execute(
            select(Member.external_id, Delivery.status).join(
                Member, Delivery.member_id == Member.id
            )
        )
        return dict(rows.all())


async def test_a_transient_failure_is_retried_with_backoff_and_delivered_once(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await open_round(core, clock, "ana")
    platform.fail_next("ana", TransientDeliveryError("timeout"), TransientDeliveryError("502"))

    first = await core.dispatcher.dispatch_due()
    clock.advance(timedelta(seconds=29))
    too_early = await core.dispatcher.dispatch_due()
    clock.advance(timedelta(seconds=1))
    second = await core.dispatcher.dispatch_due()
    clock.advance(timedelta(seconds=60))
    third = await core.dispatcher.dispatch_due()

    assert (first.retried, too_early.sent, second.retried, third.sent) == (1, 0, 1, 1)
    assert len(platform.sent_to("ana")) == 1


async def test_a_permanent_failure_is_recorded_with_its_reason_and_blocks_nobody(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await open_round(core, clock, "ana", "ben", "cy")
    platform.fail_next("ben", PermanentDeliveryError("user_not_found"))

    report = await core.dispatcher.dispatch_due()

    assert (report.sent, report.failed) == (2, 1)
    assert await statuses(core) == {"ana": "sent", "ben": "failed", "cy": "sent"}
    async with core.sessions() as session:
        delivery = await session.scalar(select(Delivery).where(Delivery.status == "failed"))
        member = await session.scalar(select(Member).where(Member.external_id == "ben"))
    assert delivery is not None and delivery.last_error == "user_not_found"
    assert member is not None and member.unreachable_reason == "user_not_found"


async def test_a_429_pauses_the_workspace_until_retry_after_and_nothing_is_lost(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await open_round(core, clock, "ana", "ben")
    platform.fail_next("ana", RateLimited("ratelimited", retry_after=30))

    await core.dispatcher.dispatch_due()
    sent_before = len(platform.transcript)
    clock.advance(timedelta(seconds=20))
    during_pause = await core.dispatcher.dispatch_due()
    clock.advance(timedelta(seconds=10))
    after = await core.dispatcher.dispatch_due()

    assert during_pause.sent == 0
    assert after.sent + sent_before == 2
    assert recipients(platform) == ["ana", "ben"]
    async with core.sessions() as session:
        workspace = await session.scalar(select(Workspace))
    assert workspace is not None and workspace.deliveries_paused_until is not None


async def test_a_new_process_mid_round_sends_nothing_twice_and_loses_nothing(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, database_url: str
) -> None:
    await open_round(core, clock, "ana", "ben", "cy")
    async with core.sessions.begin() as session:  # the first process died mid-send
        first = await session.scalar(select(Delivery.id).order_by(Delivery.id))
        await session.execute(
            update(Delivery)
            .where(Delivery.id == first)
            .values(status="sending", lease_until=clock.now() + timedelta(minutes=5))
        )

    async with another_process(database_url, clock) as (restarted, restarted_platform):
        await restarted.prompting.open_due_prompts()
        await restarted.dispatcher.dispatch_due()
        assert len(restarted_platform.transcript) == 2  # the leased one waits for its lease
        clock.advance(timedelta(minutes=6))
        await restarted.prompting.open_due_prompts()
        await restarted.dispatcher.dispatch_due()

    assert recipients(restarted_platform) == ["ana", "ben", "cy"]
    assert platform.transcript == []


async def test_a_database_hiccup_fails_one_tick_and_the_next_catches_up(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, engine: AsyncEngine
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core)
    clock.set(SEND_TIME)
    broken = build_core(
        make_sessions(make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")),
        clock,
        "UTC",
        {"memory": platform},
    )

    with pytest.raises(OSError):  # the scheduler logs it; the job runs again next tick
        await broken.prompting.open_due_prompts()
    clock.advance(timedelta(minutes=1))
    await core.prompting.open_due_prompts()
    await core.prompting.open_due_prompts()
    await core.dispatcher.dispatch_due()

    assert len(platform.sent_to("ana")) == 1


async def test_two_replicas_ticking_and_dispatching_at_once_send_each_prompt_once(
    core: Core, clock: FakeClock, database_url: str
) -> None:
    await add_people(core, *((f"u{i:03d}", "UTC") for i in range(60)))
    await add_program(core)
    clock.set(SEND_TIME)
    engines = [make_engine(database_url) for _ in range(2)]
    platforms = [InMemoryPlatform(clock) for _ in range(2)]
    replicas = [
        build_core(make_sessions(e), clock, "UTC", {"memory": p})
        for e, p in zip(engines, platforms, strict=True)
    ]
    try:
        await asyncio.gather(*(r.prompting.open_due_prompts() for r in replicas))
        await asyncio.gather(*(r.dispatcher.dispatch_due() for r in replicas))
    finally:
        for engine in engines:
            await engine.dispose()

    users = [s.to.user for p in platforms for s in p.transcript]  # type: ignore[union-attr]
    assert sorted(users) == [f"u{i:03d}" for i in range(60)]


async def test_a_stopping_dispatcher_claims_nothing_more_and_the_next_process_sends_it(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, database_url: str
) -> None:
    await open_round(core, clock, "ana", "ben")

    core.dispatcher.stop()
    report = await core.dispatcher.dispatch_due()

    assert report.sent == 0 and platform.transcript == []
    assert set((await statuses(core)).values()) == {"pending"}
    async with another_process(database_url, clock) as (next_process, next_platform):
        assert (await next_process.dispatcher.dispatch_due()).sent == 2
    assert recipients(next_platform) == ["ana", "ben"]
