"""The outbox: exactly once, retries with backoff, permanent failures, 429 pauses, restarts."""

from __future__ import annotations

import asyncio
from argparse import Namespace
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.chat import (
    Address,
    MemberAddress,
    MessageRef,
    OutgoingMessage,
    PermanentDeliveryError,
    RateLimited,
    TransientDeliveryError,
)
from bot.cli.admin import outbox_command
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Delivery, Member, Workspace
from bot.outbox.dispatch import OutboxLimits
from bot.outbox.enqueue import Outgoing, ToChannel, enqueue_messages
from bot.outbox.record import pause_workspace
from bot.people.directory import ensure_workspace, upsert_member
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


class GatedPlatform(InMemoryPlatform):
    """A platform whose sends wait at a gate, so a test can look at sends in flight."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.gate = asyncio.Event()
        self.waiting = 0
        self._arrived = asyncio.Condition()

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        async with self._arrived:
            self.waiting += 1
            self._arrived.notify_all()
        await self.gate.wait()
        return await super().send(to, message)

    async def until_waiting(self, count: int) -> None:
        async with self._arrived:
            await self._arrived.wait_for(lambda: self.waiting >= count)


async def held_rows(core: Core) -> list[tuple[str, str | None]]:
    async with core.sessions() as session:
        rows = await session.execute(
            select(Delivery.status, Delivery.lease_holder).order_by(Delivery.id)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]


def replica(
    engine: AsyncEngine, clock: FakeClock, platform: InMemoryPlatform, **limits: Any
) -> Core:
    outbox = OutboxLimits(**limits)
    return build_core(make_sessions(engine), clock, "UTC", {"memory": platform}, outbox)


async def test_a_process_holds_no_more_rows_than_it_is_sending_so_a_crash_repeats_few(
    core: Core, clock: FakeClock, engine: AsyncEngine
) -> None:
    await open_round(core, clock, *(f"u{i}" for i in range(10)))
    gated = GatedPlatform(clock)
    sender = replica(engine, clock, gated, concurrency=3)

    fan_out = asyncio.create_task(sender.dispatcher.dispatch_due())
    await gated.until_waiting(3)
    rows = await held_rows(core)

    assert sorted(status for status, _ in rows) == ["pending"] * 7 + ["sending"] * 3
    assert {holder for status, holder in rows if status == "sending"} == {sender.dispatcher.holder}
    async with core.sessions() as session:
        listing = await outbox_command(session, Namespace(status="sending", limit=50))
    assert listing.count(f"held by {sender.dispatcher.holder} until 2026-03-05T15:01:00") == 3
    gated.gate.set()
    assert (await fan_out).sent == 10
    assert recipients(gated) == sorted(f"u{i}" for i in range(10))


async def test_a_live_sender_keeps_its_rows_and_a_dead_ones_go_out_after_one_lease(
    core: Core, clock: FakeClock, engine: AsyncEngine
) -> None:
    await open_round(core, clock, "ana", "ben", "cy")
    stuck = GatedPlatform(clock)  # its sends never return: the process dies mid-send
    dying = replica(engine, clock, stuck, concurrency=2, lease=timedelta(seconds=60))
    survivor_platform = InMemoryPlatform(clock)
    survivor = replica(engine, clock, survivor_platform, lease=timedelta(seconds=60))

    crashed = asyncio.create_task(dying.dispatcher.dispatch_due())
    await stuck.until_waiting(2)
    clock.advance(timedelta(seconds=40))
    assert await dying.dispatcher.renew_leases() == 2  # the heartbeat, while sends are slow
    clock.advance(timedelta(seconds=40))  # past the first lease, inside the renewed one
    assert (await survivor.dispatcher.dispatch_due()).sent == 1
    crashed.cancel()  # kill -9: nothing recorded, nothing renewed any more
    async with core.sessions() as session:
        due = await survivor.dispatcher.next_dispatch(session)

    assert due is not None and due <= clock.now() + timedelta(seconds=20, microseconds=1)
    clock.set(due)
    assert (await survivor.dispatcher.dispatch_due()).sent == 2
    assert recipients(survivor_platform) == ["ana", "ben", "cy"]
    assert stuck.transcript == []


async def test_a_short_429_recorded_after_a_long_one_keeps_the_long_pause(
    core: Core, clock: FakeClock
) -> None:
    await open_round(core, clock, "ana")
    async with core.sessions() as session:
        workspace = await session.scalar(select(Workspace.id))
    assert workspace is not None
    for seconds in (30, 1):  # two sends' 429s, recorded in the other order
        async with core.sessions.begin() as session:
            await pause_workspace(session, workspace, clock.now() + timedelta(seconds=seconds))

    clock.advance(timedelta(seconds=5))
    assert (await core.dispatcher.dispatch_due()).sent == 0
    clock.advance(timedelta(seconds=25))
    assert (await core.dispatcher.dispatch_due()).sent == 1


async def test_replicas_meeting_a_new_workspace_and_member_at_once_agree_on_one_row(
    engine: AsyncEngine, database_url: str, clock: FakeClock
) -> None:
    engines = [make_engine(database_url) for _ in range(3)]

    async def first_sight(engine: AsyncEngine) -> tuple[int, int]:
        async with make_sessions(engine).begin() as session:
            workspace = await ensure_workspace(session, "slack", "T-NEW", clock.now(), "New")
            member = await upsert_member(session, workspace, "U-NEW", clock.now())
            return workspace.id, member.id

    try:
        for warm in engines:  # connected first, so the three transactions really overlap
            async with warm.connect() as connection:
                await connection.execute(select(1))
        seen = await asyncio.gather(*(first_sight(e) for e in engines))
        async with make_sessions(engines[0])() as session:
            workspaces = (await session.scalars(select(Workspace.external_id))).all()
            members = (await session.scalars(select(Member.external_id))).all()
    finally:
        for engine in engines:
            await engine.dispose()

    assert len(set(seen)) == 1
    assert list(workspaces) == ["T-NEW"] and list(members) == ["U-NEW"]


def delivered(outcome: str) -> float:
    labels = {"platform": "memory", "kind": "prompt", "outcome": outcome}
    return REGISTRY.get_sample_value("kmbot_deliveries_total", labels) or 0.0


async def test_each_delivery_outcome_is_counted_for_the_metrics_endpoint(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await open_round(core, clock, "ana", "ben", "cy")
    platform.fail_next("ben", PermanentDeliveryError("user_not_found"))
    platform.fail_next("cy", TransientDeliveryError("timeout"))
    before = {outcome: delivered(outcome) for outcome in ("sent", "failed", "retry")}

    await core.dispatcher.dispatch_due()

    assert {outcome: delivered(outcome) - before[outcome] for outcome in before} == {
        "sent": 1,
        "failed": 1,
        "retry": 1,
    }


class UnevenPlatform(InMemoryPlatform):
    """Earlier posts take longer: posts sent side by side would land last part first."""

    async def send(self, to: Address, message: OutgoingMessage) -> MessageRef:
        for _ in range(10 - int(message.title[-1])):
            await asyncio.sleep(0)  # yield to the other sends, as a slow HTTP call would
        return await super().send(to, message)


async def test_the_parts_of_a_digest_reach_the_channel_in_order(
    core: Core, clock: FakeClock, engine: AsyncEngine
) -> None:
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", "T1", clock.now())
        feed = ToChannel(workspace.id, "C-feed")
        parts = [
            Outgoing(f"digest:1:0:{n}", "digest", feed, OutgoingMessage("…", title=f"part {n}"))
            for n in range(1, 4)
        ]
        await enqueue_messages(session, parts, clock.now())
    uneven = UnevenPlatform(clock)

    await replica(engine, clock, uneven).dispatcher.dispatch_due()

    assert [s.message.title for s in uneven.posted_in("C-feed")] == ["part 1", "part 2", "part 3"]
