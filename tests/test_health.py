"""/healthz and /metrics on the real aiohttp app: the database, a platform, the outbox lag,
and the job and inbound metrics moving when jobs run and events arrive."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.platform import InMemoryPlatform
from bot.bootstrap import build_web_app
from bot.chat import (
    ActionClicked,
    ConversationAddress,
    MemberAddress,
    MessageReceived,
    OutgoingMessage,
    RateLimited,
    TransientDeliveryError,
)
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Delivery
from bot.health.metrics import record_delivery, record_rate_limited
from bot.inbox.store import claim_due, give_back, store
from bot.outbox.enqueue import ToChannel, enqueue_message
from bot.people.directory import ensure_workspace
from jobs.registry import JobSpec, job_by_id
from jobs.scheduler import JobRunner
from tests.scrape import healthz, metrics, serve, value

FEED = ConversationAddress("memory", "acme", "C-feed")


@pytest.fixture
async def client(engine: AsyncEngine, core: Core) -> AsyncIterator[TestClient[Any, Any]]:
    async for started in serve(build_web_app(engine, core)):
        yield started


async def enqueue_feed_post(core: Core, key: str) -> None:
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", "acme", core.clock.now())
        await enqueue_message(
            session,
            key,
            "digest",
            ToChannel(workspace.id, "C-feed"),
            OutgoingMessage(text="This week's lessons"),
            core.clock.now(),
        )


async def test_healthz_is_ok_with_the_database_a_working_platform_and_no_lag(
    client: TestClient[Any, Any],
) -> None:
    status, body = await healthz(client)

    assert status == 200
    assert body["status"] == "ok" and body["database"] == "ok" and body["problems"] == []
    assert body["platforms"]["memory"]["status"] == "ok"
    assert body["platforms"]["memory"]["start_check"] == "skipped"
    assert body["outbox"] == {
        "lag_seconds": 0.0,
        "limit_seconds": 900.0,
        "lag_by_platform": {"memory": 0.0},
    }


async def test_healthz_answers_503_when_the_database_is_gone(
    clock: FakeClock, platform: InMemoryPlatform
) -> None:
    engine = make_engine("postgresql+asyncpg://kmbot@127.0.0.1:1/kmbot")  # nothing listens
    core = build_core(make_sessions(engine), clock, "UTC", {"memory": platform})
    try:
        async for client in serve(build_web_app(engine, core)):
            status, body = await healthz(client)
            scraped = await client.get("/metrics")
    finally:
        await engine.dispose()

    assert status == 503 and body["status"] == "unavailable"
    assert body["database"].startswith("cannot reach the database")
    assert body["problems"][0].startswith("database: ")
    assert body["outbox"]["lag_seconds"] is None
    assert scraped.status == 200  # metrics still answer: the process is alive


async def test_the_outbox_lag_is_the_oldest_due_delivery_and_over_the_limit_is_503(
    client: TestClient[Any, Any], core: Core, clock: FakeClock
) -> None:
    await enqueue_feed_post(core, "digest:1")
    clock.advance(timedelta(minutes=4))
    await enqueue_feed_post(core, "digest:2")
    clock.advance(timedelta(minutes=1))

    status, body = await healthz(client)
    assert status == 200 and body["outbox"]["lag_seconds"] == 300.0
    assert value(await metrics(client), "kmbot_outbox_lag_seconds", platform="memory") == 300.0

    clock.advance(timedelta(minutes=11))  # the oldest has waited 16 minutes
    status, body = await healthz(client)
    assert status == 503 and body["outbox"]["lag_seconds"] == 960.0
    assert body["problems"] == ["outbox: memory deliveries are 960 s late (limit 900 s)"]

    await core.dispatcher.dispatch_due()
    status, body = await healthz(client)
    assert status == 200 and body["outbox"]["lag_seconds"] == 0.0


async def test_a_delivery_being_sent_counts_only_once_its_lease_has_run_out(
    client: TestClient[Any, Any], core: Core, clock: FakeClock
) -> None:
    await enqueue_feed_post(core, "digest:1")
    start = clock.now()
    clock.advance(timedelta(minutes=20))
    async with core.sessions.begin() as session:  # a sender holds it until start + 21 min
        await session.execute(
            update(Delivery).values(status="sending", lease_until=start + timedelta(minutes=21))
        )

    status, body = await healthz(client)
    assert status == 200 and body["outbox"]["lag_seconds"] == 0.0

    clock.advance(timedelta(minutes=2))  # the sender crashed: its lease ran out
    status, body = await healthz(client)
    assert status == 503 and body["outbox"]["lag_seconds"] == 22 * 60.0


async def test_a_platform_whose_last_calls_all_failed_is_down_until_one_succeeds(
    client: TestClient[Any, Any], platform: InMemoryPlatform
) -> None:
    down = TransientDeliveryError("network: connection refused")
    platform.fail_next("C-feed", RateLimited("ratelimited", 5.0), down, down, down)
    for _ in range(4):
        with pytest.raises(TransientDeliveryError):
            await platform.send(FEED, OutgoingMessage(text="hi"))

    status, body = await healthz(client)
    assert status == 503
    assert body["problems"] == ["memory: the last 3 calls failed: network: connection refused"]
    assert body["platforms"]["memory"]["status"] == "down"
    assert value(await metrics(client), "kmbot_platform_up", platform="memory") == 0.0

    await platform.send(FEED, OutgoingMessage(text="hi"))
    status, body = await healthz(client)
    assert status == 200 and body["platforms"]["memory"]["consecutive_failures"] == 0
    assert value(await metrics(client), "kmbot_platform_up", platform="memory") == 1.0


async def test_job_runs_failures_and_durations_are_counted(
    client: TestClient[Any, Any], core: Core
) -> None:
    runner = JobRunner(core)
    before = await metrics(client)

    await runner.run_once(job_by_id("outbox.dispatch"))

    async def broken(core: Core) -> object:
        raise RuntimeError("the job's service failed")

    async def never(core: Core, session: object) -> None:
        return None

    await runner.run_once(JobSpec("test.broken", "fails on purpose", 60, broken, never))  # type: ignore[arg-type]
    after = await metrics(client)

    def moved(sample: str, job: str) -> float:
        return value(after, sample, job=job) - value(before, sample, job=job)

    assert moved("kmbot_job_runs_total", "outbox.dispatch") == 1
    assert moved("kmbot_job_failures_total", "outbox.dispatch") == 0
    assert moved("kmbot_job_duration_seconds_count", "outbox.dispatch") == 1
    assert moved("kmbot_job_runs_total", "test.broken") == 1
    assert moved("kmbot_job_failures_total", "test.broken") == 1


async def test_inbound_events_are_counted_by_type_and_duplicates_apart(
    client: TestClient[Any, Any], core: Core
) -> None:
    ana = MemberAddress("memory", "acme", "ana")
    before = await metrics(client)

    await core.inbound.handle(MessageReceived("ev-1", ana, "D-ana", "help"))
    await core.inbound.handle(MessageReceived("ev-1", ana, "D-ana", "help"))  # redelivered
    await core.inbound.handle(MessageReceived("ev-2", ana, "D-ana", "I learned a thing"))
    await core.inbound.handle(ActionClicked("ev-3", ana, "prompt.answer", "1"))
    after = await metrics(client)

    def moved(sample: str, **labels: str) -> float:
        return value(after, sample, **labels) - value(before, sample, **labels)

    assert moved("kmbot_inbound_events_total", platform="memory", type="command") == 2
    assert moved("kmbot_inbound_events_total", platform="memory", type="message") == 1
    assert moved("kmbot_inbound_events_total", platform="memory", type="click") == 1
    assert moved("kmbot_inbound_duplicates_total", platform="memory") == 1


async def test_metrics_expose_every_kmbot_family(client: TestClient[Any, Any]) -> None:
    text = await metrics(client)

    for family in (
        "kmbot_deliveries_total",
        "kmbot_delivery_send_seconds",
        "kmbot_rate_limited_total",
        "kmbot_outbox_lag_seconds",
        "kmbot_platform_up",
        "kmbot_job_runs_total",
        "kmbot_job_failures_total",
        "kmbot_job_duration_seconds",
        "kmbot_inbound_events_total",
        "kmbot_inbound_duplicates_total",
    ):
        assert f"# HELP {family} " in text
    openmetrics = await client.get(
        "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
    )
    assert openmetrics.headers["Content-Type"].startswith("application/openmetrics-text")
    assert (await openmetrics.text()).rstrip().endswith("# EOF")


async def test_the_dispatchers_helpers_count_deliveries_latency_and_429s(
    client: TestClient[Any, Any],
) -> None:
    before = await metrics(client)

    record_delivery("memory", "digest", "sent", 0.2)
    record_delivery("memory", "digest", "cancelled")
    record_rate_limited("memory")
    after = await metrics(client)

    def moved(sample: str, **labels: str) -> float:
        return value(after, sample, **labels) - value(before, sample, **labels)

    assert moved("kmbot_deliveries_total", platform="memory", kind="digest", outcome="sent") == 1
    assert moved("kmbot_deliveries_total", kind="digest", outcome="cancelled") == 1
    assert moved("kmbot_delivery_send_seconds_count", platform="memory") == 1
    assert moved("kmbot_delivery_send_seconds_bucket", platform="memory", le="0.25") == 1
    assert moved("kmbot_rate_limited_total", platform="memory") == 1


async def test_the_inbox_backlog_is_reported_and_an_old_one_is_a_503(
    client: TestClient[Any, Any], core: Core, clock: FakeClock
) -> None:
    async with core.sessions.begin() as session:
        for n in (1, 2):
            await store(session, "slack", f"Ev{n}", "{}", clock.now())
    async with core.sessions.begin() as session:  # Ev1 fails for good
        [item] = await claim_due(session, "slack", clock.now(), 1, "test", timedelta(minutes=1))
        await give_back(session, item, "boom", clock.now(), max_attempts=0)
    clock.advance(timedelta(minutes=5))

    status, body = await healthz(client)
    assert status == 200 and body["inbox"] == {"waiting": 1, "oldest_seconds": 300.0, "failed": 1}
    scraped = await metrics(client)
    assert value(scraped, "kmbot_inbox_waiting") == 1.0
    assert value(scraped, "kmbot_inbox_failed") == 1.0

    clock.advance(timedelta(minutes=11))  # acknowledged 16 minutes ago and still not handled
    status, body = await healthz(client)
    assert status == 503
    assert body["problems"] == ["inbox: 1 received events wait, the oldest 960 s (limit 900 s)"]
