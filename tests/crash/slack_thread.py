"""The fake Slack Web API on a thread of its own, so it outlives the kmbot processes it serves."""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType

from aiohttp import web

from tests.slack.fake_slack import FakeSlack


class SlackOnAThread:
    """Serves `fake` on 127.0.0.1 (a free port) from its own event loop and thread."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def api_url(self) -> str:
        """What KMBOT_SLACK_API_URL is set to."""
        return f"http://127.0.0.1:{self.port}/api/"

    def __enter__(self) -> SlackOnAThread:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(30)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)
        self._loop.close()

    async def _start(self) -> int:
        # Plenty of backlog: three replicas open a few dozen connections at once.
        self._runner = web.AppRunner(self.fake.app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024).start()
        return int(self._runner.addresses[0][1])
