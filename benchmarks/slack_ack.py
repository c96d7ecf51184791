"""What Slack waits for before its 200 for an event: the inbox's one insert, against the
handling the request used to wait for (bolt, the core's transaction), on the same machine
at the same moment.

Run on demand:
    python -m benchmarks.slack_ack [--events 400] [--postgres postgresql+asyncpg://…]
The PostgreSQL database given is wiped; without --postgres a temporary SQLite file is used.

One process: the real Slack adapter (bolt, kmbot's aiohttp app) on a local port, its Web
API pointed at a stub that answers `ok` (the DM replies), and a client sending signed
`message.im` answers (benchmarks.slack_events builds them) one at a time, so each figure
is the service time of one event with nothing queued before it. Alternately, in blocks of
20, an event goes to `/slack/events` with the inbox's workers stopped (what Slack waits for
now: verify, store, answer) or straight to the inbox's handler (what it waited for before:
bolt and the core's transaction). Counted per event: SQL statements (an SQLAlchemy
`before_cursor_execute` listener) and milliseconds (median and 90th percentile).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import event
from sqlalchemy.engine import Engine

from adapters.slack.app import build_adapter
from adapters.slack.inbox import BoltReplay
from adapters.slack.settings import SlackSettings
from benchmarks.common import fresh, options
from benchmarks.scale import percentile
from benchmarks.slack_events import SECRET, message_event, prepare, signed
from bot.clock import SystemClock
from bot.core import build_core
from bot.db.engine import make_engine, make_sessions
from bot.inbox.store import InboxItem

BLOCK = 20


async def stub_slack() -> TestServer:
    async def ok(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "channel": "D1", "ts": "1.1"})

    app = web.Application()
    app.router.add_post("/api/{method}", ok)
    server = TestServer(app)
    await server.start_server()
    return server


async def measure(url: str, events: int) -> dict[str, list[tuple[float, int]]]:
    pairs = await prepare(url, events, 0)
    engine = make_engine(url)
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    event.listen(Engine, "before_cursor_execute", count)  # every engine: the inbox's own too

    core = build_core(make_sessions(engine), SystemClock(), "UTC", {})
    api = await stub_slack()
    settings = SlackSettings(
        signing_secret=SECRET,
        bot_token="xoxb-bench",
        api_url=str(api.make_url("/api/")),
        sync_on_start=False,
    )
    adapter = build_adapter(settings, core)
    app = web.Application()
    adapter.mount(app)
    server = TestServer(app)
    await server.start_server()
    await adapter.inbox.stop()  # stored events wait: the request path alone is measured
    replay = BoltReplay(adapter.bolt)
    samples: dict[str, list[tuple[float, int]]] = {"stored": [], "handled": []}
    endpoint = str(server.make_url("/slack/events"))
    async with aiohttp.ClientSession() as http:
        for number, (user, _) in enumerate(pairs):
            body, ctype = message_event(user, number)
            before, started = statements[0], time.perf_counter()
            if (number // BLOCK) % 2 == 0:
                async with http.post(endpoint, data=body, headers=signed(body, ctype)) as answer:
                    assert answer.status == 200, answer.status
                kind = "stored"
            else:
                await replay(InboxItem(0, f"Ev{number:08d}", body, 1))
                kind = "handled"
            took = time.perf_counter() - started
            samples[kind].append((took * 1000, statements[0] - before))
            await adapter.listeners.idle()  # the reply, outside the figure
    await server.close()
    await api.close()
    await adapter.http.close()
    await engine.dispose()
    event.remove(Engine, "before_cursor_execute", count)
    return samples


def report(name: str, samples: dict[str, list[tuple[float, int]]]) -> None:
    for kind, rows in samples.items():
        ms = [m for m, _ in rows]
        counts = [c for _, c in rows]
        print(
            f"{name:<11} {kind:<8} {len(rows):>6} {median(counts):>10.0f} "
            f"{median(ms):>8.1f} {percentile(ms, 90):>8.1f}",
            flush=True,
        )


def main() -> None:
    args = options(__doc__, events=400)
    print(
        f"{'database':<11} {'path':<8} {'events':>6} {'statements':>10} {'p50 ms':>8} {'p90 ms':>8}"
    )
    if args.postgres:
        report("postgresql", asyncio.run(measure(fresh(args.postgres), args.events)))
    else:
        with tempfile.TemporaryDirectory() as folder:
            url = fresh(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
            report("sqlite", asyncio.run(measure(url, args.events)))


if __name__ == "__main__":
    main()
