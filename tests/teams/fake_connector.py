"""A local fake Bot Connector service: records every call, serves rosters, can answer 429."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    """One request the bot made to the connector."""

    method: str
    conversation: str
    activity: dict[str, Any]
    activity_id: str = ""  # the id the fake gave (POST) or the one updated (PUT)
    reply_to: str = ""

    @property
    def channel(self) -> str:
        """The conversation without a thread's `;messageid=` suffix."""
        return self.conversation.split(";messageid=", 1)[0]

    @property
    def thread(self) -> str:
        """The root activity id of the channel thread it was posted in ("" at top level)."""
        return self.conversation.partition(";messageid=")[2]


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeConnector:
    """State behind the fake service; `app()` is the aiohttp app that serves it."""

    rosters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # team -> pages
    calls: list[Call] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    roster_requests: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    attempts: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, *failures: Failure) -> None:
        """The next sends or updates answer with these statuses, in order."""
        self.failures.extend(failures)

    def personal_conversation(self, teams_id: str) -> str:
        return f"a:dm-{teams_id}"

    def posted_in(self, conversation: str) -> list[Call]:
        return [c for c in self.calls if c.conversation == conversation and c.method == "POST"]

    def in_thread(self, channel: str, activity_id: str) -> list[Call]:
        """The replies posted in the thread of activity `activity_id` in `channel`."""
        return [
            c
            for c in self.calls
            if c.method == "POST" and c.channel == channel and c.thread == activity_id
        ]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_delete("/v3/conversations/{cid}/activities/{aid}", self._delete)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged)
        return app

    def _failure(self) -> web.Response | None:
        self.attempts += 1
        if not self.failures:
            return None
        failure = self.failures.pop(0)
        return web.json_response(
            {
                "error": {"code": f"E{failure.status}", "message": "scripted failure"},
                **failure.body,
            },
            status=failure.status,
            headers=failure.headers,
        )

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.created.append(body)
        failed = self._failure()
        if failed is not None:
            return failed
        member = body["members"][0]["id"]
        return web.json_response(
            {"id": self.personal_conversation(member), "activityId": "", "serviceUrl": ""},
            status=201,
        )

    async def _send(self, request: web.Request) -> web.Response:
        failed = self._failure()
        if failed is not None:
            return failed
        activity_id = f"1{next(self._ids):012d}"
        self.calls.append(
            Call(
                "POST",
                request.match_info["cid"],
                await request.json(),
                activity_id,
                request.match_info.get("aid", ""),
            )
        )
        return web.json_response({"id": activity_id}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        failed = self._failure()
        if failed is not None:
            return failed
        self.calls.append(
            Call("PUT", request.match_info["cid"], await request.json(), request.match_info["aid"])
        )
        return web.json_response({"id": request.match_info["aid"]})

    async def _delete(self, request: web.Request) -> web.Response:
        failed = self._failure()
        if failed is not None:
            return failed
        self.calls.append(Call("DELETE", request.match_info["cid"], {}, request.match_info["aid"]))
        return web.Response(status=200)

    async def _paged(self, request: web.Request) -> web.Response:
        team = request.match_info["cid"]
        token = request.query.get("continuationToken", "")
        self.roster_requests.append((team, token))
        pages = self.rosters.get(team)
        if pages is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        if not token:
            return web.json_response(pages[0])
        for index, page in enumerate(pages[:-1]):
            if page.get("continuationToken") == token:
                return web.json_response(pages[index + 1])
        return web.json_response({"error": {"code": "BadContinuationToken"}}, status=400)


def paged(members: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """A roster as the pages `GET /v3/conversations/{id}/pagedmembers` returns."""
    pages = [members[i : i + size] for i in range(0, len(members), size)] or [[]]
    return [
        {"members": page, "continuationToken": f"page-{n + 1}" if n + 1 < len(pages) else None}
        for n, page in enumerate(pages)
    ]
