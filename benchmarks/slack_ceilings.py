"""A fake Slack Web API that enforces chat.postMessage's published ceilings, as Slack does:
with HTTP 429 and a Retry-After header (whole seconds) when a message is over them.

Slack's published ceilings for chat.postMessage (a "special tier" method):
* docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting": "It will generally
  allow an app to post 1 message per second to a specific channel. There are limits
  governing your app's relationship with the entire workspace above that, limiting posting
  to several hundred messages per minute. Generous burst behavior is also granted."
* docs.slack.dev/apis/web-api/rate-limits: posting messages "1 per second", "Short bursts
  >1 allowed"; over a limit Slack answers "HTTP 429 Too Many Requests" with a "Retry-After
  HTTP header containing the number of seconds until you can retry".

Slack publishes no exact workspace figure or algorithm, so this fake makes them concrete,
and says so: the workspace may post `per_minute` messages (600 by default, the top of
"several hundred") in each clock minute, every one of them at once if it likes (the
generous burst); or, with `burst_seconds`, it has a bucket that refills at `per_minute`
spread evenly and holds `burst_seconds` of it (a stingier reading of "burst"). A channel
refills one message a second up to a burst of `channel_burst` (3). A refused message
consumes nothing. Time is read from `clock` (fast seconds, see
benchmarks.warp), so the ceilings hold in the benchmark's time.

Run as a process: python -m benchmarks.slack_ceilings --port P --origin O --speed S
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from benchmarks.warp import warped_seconds

MINUTE = 60.0
TEAM = "T-bench"
AUTH_TEST = {
    "ok": True,
    "url": "https://bench.slack.com/",
    "team": "Bench",
    "user": "kmbot",
    "team_id": TEAM,
    "user_id": "UBOT",
    "bot_id": "BBOT",
}


@dataclass(frozen=True)
class Ceilings:
    per_minute: int = 600
    channel_rate: float = 1.0  # messages a second into one channel
    channel_burst: int = 3
    burst_seconds: float = 0.0  # 0: per clock minute; else a bucket holding this much rate

    @property
    def burst(self) -> float:
        """How many messages the workspace's bucket holds (when it is a bucket)."""
        return max(1.0, self.per_minute / MINUTE * self.burst_seconds)

    def minimum_seconds(self, messages: int) -> float:
        """The least time `messages` posts to distinct channels take under these ceilings,
        starting at a minute's start with a full bucket: every message sent the moment the
        ceilings allow it."""
        if not self.burst_seconds:
            return MINUTE * (math.ceil(messages / self.per_minute) - 1)
        return max(0.0, messages - math.floor(self.burst)) / (self.per_minute / MINUTE)


@dataclass
class CeilingSlack:
    """chat.postMessage under `ceilings` (the other methods answer ok)."""

    ceilings: Ceilings
    clock: Callable[[], float]  # seconds, in the benchmark's time
    minute: int = -1
    in_minute: int = 0
    bucket: tuple[float, float] | None = None  # tokens, at (a bucket workspace ceiling)
    channels: dict[str, tuple[float, float]] = field(default_factory=dict)  # tokens, at
    accepted: int = 0
    refused_workspace: int = 0
    refused_channel: int = 0
    first_at: float | None = None
    last_at: float | None = None
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    calls: dict[str, int] = field(default_factory=dict)  # method -> calls

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/hooks/{tail:.*}", self._hook)
        app.router.add_get("/stats", self._stats)
        return app

    def post(self, channel: str) -> float | None:
        """Accept one message into `channel` now, or return the seconds to wait."""
        now = self.clock()
        ceilings = self.ceilings
        rate = ceilings.per_minute / MINUTE
        minute = math.floor(now / MINUTE)
        if minute != self.minute:
            self.minute, self.in_minute = minute, 0
        held, since = self.bucket or (ceilings.burst, now)
        held = min(ceilings.burst, held + (now - since) * rate)
        if ceilings.burst_seconds and held < 1:
            self.refused_workspace += 1
            return (1 - held) / rate
        if not ceilings.burst_seconds and self.in_minute >= ceilings.per_minute:
            self.refused_workspace += 1
            return (minute + 1) * MINUTE - now
        tokens, at = self.channels.get(channel, (float(ceilings.channel_burst), now))
        tokens = min(ceilings.channel_burst, tokens + (now - at) * ceilings.channel_rate)
        if tokens < 1:
            self.refused_channel += 1
            return (1 - tokens) / ceilings.channel_rate
        self.channels[channel] = (tokens - 1, now)
        self.bucket = (held - 1, now)
        self.in_minute += 1
        self.accepted += 1
        self.first_at = now if self.first_at is None else self.first_at
        self.last_at = now
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] = self.calls.get(method, 0) + 1
        body = await request.read()
        if method == "auth.test":
            return web.json_response(AUTH_TEST)
        if method == "views.open":
            return web.json_response({"ok": True, "view": {"id": f"V{next(self._ts)}"}})
        if method != "chat.postMessage":
            return web.json_response({"ok": True})
        args: dict[str, Any] = json.loads(body) if body else {}
        channel = str(args.get("channel", ""))
        if channel.startswith("U"):  # a user id: the app's DM with them
            channel = "D" + channel[1:]
        wait = self.post(channel)
        if wait is not None:
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        ts = f"{1700000000 + next(self._ts)}.000100"
        return web.json_response(
            {
                "ok": True,
                "channel": channel,
                "ts": ts,
                "message": {"type": "message", "ts": ts, "text": args.get("text", "")},
            }
        )

    async def _hook(self, request: web.Request) -> web.Response:
        await request.read()
        self.calls["response_url"] = self.calls.get("response_url", 0) + 1
        return web.Response(text="ok")

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "calls": self.calls,
                "accepted": self.accepted,
                "refused_workspace": self.refused_workspace,
                "refused_channel": self.refused_channel,
                "first_at": self.first_at,
                "last_at": self.last_at,
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--origin", type=float, required=True, help="time.monotonic() at 0")
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--start", type=float, default=0.0, help="seconds at the origin")
    parser.add_argument("--per-minute", type=int, default=Ceilings.per_minute)
    parser.add_argument("--burst-seconds", type=float, default=0.0)
    args = parser.parse_args()
    fake = CeilingSlack(
        Ceilings(per_minute=args.per_minute, burst_seconds=args.burst_seconds),
        lambda: args.start + warped_seconds(args.origin, args.speed),
    )
    web.run_app(fake.app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
