"""A local fake of the Slack Web API: records every call, pages users.list, answers 429s."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

FIXTURES = Path("/work/shared/fixtures/slack")
RATELIMITED_BODY = (FIXTURES / "api.ratelimited.error.json").read_text()


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str
    at: datetime | None


@dataclass
class Posted:
    """A message as it stands in a channel (after any chat.update)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    at: datetime | None
    updates: int = 0
    token: str = ""  # the bot token it was posted with (which replica sent it)
    thread_ts: str = ""  # a reply: the ts of the message whose thread it is in


@dataclass(frozen=True)
class SharedFile:
    """A file shared into a channel by files.completeUploadExternal."""

    channel: str
    file_id: str
    filename: str
    title: str
    content: bytes


@dataclass
class FakeSlack:
    """State of one fake workspace; `now` is the test's clock (for 429 windows)."""

    team: str = "T-acme"
    now: Callable[[], datetime] | None = None
    page_size: int = 2
    users: list[dict[str, Any]] = field(default_factory=list)
    channels: dict[str, list[str]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    messages: list[Posted] = field(default_factory=list)
    hooks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    views_opened: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    home: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_channels: dict[str, str] = field(default_factory=dict)
    no_dm_by_user_id: bool = False
    limit_per_minute: int | None = None
    rate_limited: list[tuple[datetime, int]] = field(default_factory=list)
    valid_tokens: set[str] | None = None
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    install_expires_in: int = 43200  # seconds an installed token lasts (oauth.v2.access)
    origin: str = ""  # this fake's own address, for upload URLs
    uploads: dict[str, bytes] = field(default_factory=dict)
    files: list[SharedFile] = field(default_factory=list)
    pending_names: dict[str, str] = field(default_factory=dict)
    # A real process's fan-out (tests/crash): how long each chat.postMessage takes to answer
    # (posted on arrival, answered after the delay), what to call once a message is posted
    # (before it is answered), and a 429 storm: until `storm_until` (time.monotonic()),
    # every chat.postMessage is refused with Retry-After `storm_retry_after`.
    post_delay: float = 0.0
    on_post: Callable[[Posted], None] | None = None
    storm_until: float = 0.0
    storm_retry_after: int = 1
    storm_refusals: int = 0
    refuse_posts: int = 0  # the next N chat.postMessage calls get a 429 with Retry-After:
    refuse_retry_after: int = 0
    posts_open: Counter[str] = field(default_factory=Counter)  # by token: not yet answered
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add_user(
        self,
        user: str,
        name: str = "",
        tz: str | None = "Europe/Lisbon",
        email: str = "",
        **flags: Any,
    ) -> dict[str, Any]:
        entry = {
            "id": user,
            "team_id": self.team,
            "name": user,
            "deleted": False,
            "real_name": name or user.title(),
            "tz": tz,
            "is_bot": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "profile": {
                "display_name": name or user.title(),
                "real_name": name or user.title(),
                "email": email or f"{user.lower()}@example.com",
            },
            **flags,
        }
        self.users = [u for u in self.users if u["id"] != user] + [entry]
        return entry

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def in_channel(self, channel: str) -> list[Posted]:
        """The channel's own messages, as its history lists them (no thread replies)."""
        return [m for m in self.messages if m.channel == channel and not m.thread_ts]

    def in_thread(self, channel: str, ts: str) -> list[Posted]:
        """The replies in the thread of message `ts` (what conversations.replies lists)."""
        return [m for m in self.messages if m.channel == channel and m.thread_ts == ts]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{tail:.*}", self._hook)
        app.router.add_post("/upload/{file_id}", self._upload)
        return app

    async def _upload(self, request: web.Request) -> web.Response:
        """files_upload_v2's step 2: the bytes, posted to the URL getUploadURLExternal gave."""
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK - uploaded")

    def shared_in(self, channel: str) -> list[SharedFile]:
        return [f for f in self.files if f.channel == channel]

    async def _hook(self, request: web.Request) -> web.Response:
        self.hooks.append((str(request.url.path), await request.json()))
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.origin = f"{request.scheme}://{request.host}"
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.text()
            if request.content_type == "application/json":
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        at = self.now() if self.now else None
        self.calls.append(Call(method, args, token, at))
        if (
            method != "oauth.v2.access"
            and self.valid_tokens is not None
            and token not in self.valid_tokens
        ):
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "chat.postMessage" and self.refuse_posts > 0:
            self.refuse_posts -= 1
            return web.Response(
                status=429,
                text=RATELIMITED_BODY,
                headers={"Retry-After": str(self.refuse_retry_after)},
                content_type="application/json",
            )
        if method == "chat.postMessage" and time.monotonic() < self.storm_until:
            self.storm_refusals += 1
            return web.Response(
                status=429,
                text=RATELIMITED_BODY,
                headers={"Retry-After": str(self.storm_retry_after)},
                content_type="application/json",
            )
        if method == "chat.postMessage" and self._over_limit(at):
            wait = 60 - at.second if at else 1  # type: ignore[union-attr]
            self.rate_limited.append((at, wait))  # type: ignore[arg-type]
            return web.Response(
                status=429,
                text=RATELIMITED_BODY,
                headers={"Retry-After": str(wait)},
                content_type="application/json",
            )
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        if method == "chat.postMessage":
            return await self._answer_post(handler, args, at, token)
        return web.json_response(handler(args, at))

    async def _answer_post(
        self, handler: Callable[..., dict[str, Any]], args: dict[str, Any], at: Any, token: str
    ) -> web.Response:
        """Post now, answer after `post_delay`: a sender killed meanwhile never learns of it."""
        before = len(self.messages)
        body = handler(args, at)
        self.posts_open[token] += 1
        try:
            if len(self.messages) > before:
                self.messages[-1].token = token
                if self.on_post is not None:
                    self.on_post(self.messages[-1])
            if self.post_delay:
                await asyncio.sleep(self.post_delay)
        finally:
            self.posts_open[token] -= 1
        return web.json_response(body)

    def _over_limit(self, at: datetime | None) -> bool:
        if self.limit_per_minute is None or at is None:
            return False
        minute = at.replace(second=0, microsecond=0)
        sent = sum(
            1
            for m in self.messages
            if m.at is not None and m.at.replace(second=0, microsecond=0) == minute
        )
        return sent >= self.limit_per_minute

    def _auth_test(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://acme.slack.com/",
            "team": "Acme",
            "user": "kmbot",
            "team_id": self.team,
            "user_id": "UBOT",
            "bot_id": "BBOT",
        }

    def _users_list(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        start = int(str(args.get("cursor") or "0").removeprefix("page:") or 0)
        page = self.users[start : start + self.page_size]
        after = start + self.page_size
        cursor = f"page:{after}" if after < len(self.users) else ""
        return {
            "ok": True,
            "members": page,
            "cache_ts": 1498777272,
            "response_metadata": {"next_cursor": cursor},
        }

    def _users_info(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        user = next((u for u in self.users if u["id"] == args.get("user")), None)
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _conversations_members(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        channel = str(args.get("channel"))
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        return {
            "ok": True,
            "members": self.channels[channel],
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_open(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        body = fixture("api.conversations.open.ok.json")
        body["channel"]["id"] = f"D-{args['users']}"
        return body

    def _channel_for(self, channel: str) -> str:
        if any(u["id"] == channel for u in self.users):
            return f"D-{channel}"
        return channel

    def _chat_postMessage(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        channel = str(args["channel"])
        error = self.fail_channels.get(channel)
        if error or (self.no_dm_by_user_id and not channel.startswith(("C", "D"))):
            return {"ok": False, "error": error or "channel_not_found"}
        body = fixture("api.chat.postMessage.ok.json")
        channel = self._channel_for(channel)
        ts = f"{1503435956 + next(self._ts)}.000247"
        blocks = _blocks(args.get("blocks"))
        thread = str(args.get("thread_ts") or "")
        text = str(args.get("text", ""))
        self.messages.append(Posted(channel, ts, text, blocks, at, thread_ts=thread))
        body.update(channel=channel, ts=ts)
        body["message"].update(ts=ts, text=args.get("text", ""), blocks=blocks)
        return dict(body)

    def _chat_update(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        for message in self.messages:
            if message.channel == args["channel"] and message.ts == args["ts"]:
                message.text = str(args.get("text", ""))
                message.blocks = _blocks(args.get("blocks"))
                message.updates += 1
                return {"ok": True, "channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def _chat_delete(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        for message in self.messages:
            if message.channel == args["channel"] and message.ts == args["ts"]:
                self.messages.remove(message)
                return {"ok": True, "channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def _chat_postEphemeral(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        self.hooks.append(("ephemeral", args))
        return {"ok": True, "message_ts": "1.2"}

    def _views_open(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        view = _blocks(args["view"])
        self.views_opened.append((str(args["trigger_id"]), view))  # type: ignore[arg-type]
        return {"ok": True, "view": {"id": f"V{len(self.views_opened)}", **view}}  # type: ignore[dict-item]

    def _views_publish(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        self.home[str(args["user_id"])] = _blocks(args["view"])  # type: ignore[assignment]
        return {"ok": True, "view": {"id": "VHOME"}}

    def _oauth_v2_access(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        if args.get("code"):
            return self._install(str(args["code"]))
        old = str(args.get("refresh_token", ""))
        if args.get("grant_type") != "refresh_token" or old not in self.refresh_tokens:
            return {"ok": False, "error": "invalid_refresh_token"}
        number = len(self.refresh_tokens)
        new_token = f"xoxe.xoxb-rotated-{number}"
        self.refresh_tokens.pop(old)
        self.refresh_tokens[f"xoxe-refresh-{number}"] = new_token
        if self.valid_tokens is not None:
            self.valid_tokens.add(new_token)
        return {
            "ok": True,
            "access_token": new_token,
            "token_type": "bot",
            "refresh_token": f"xoxe-refresh-{number}",
            "expires_in": 43200,
            "team": {"id": self.team, "name": "Acme"},
            "bot_user_id": "UBOT",
            "app_id": "A-kmbot",
            "scope": "chat:write",
        }

    def _files_getUploadURLExternal(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{len(self.uploads) + len(self.pending_names) + 1}"
        self.pending_names[file_id] = str(args["filename"])
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any], at: Any) -> dict[str, Any]:
        files = _blocks(args.get("files"))
        channel = str(args.get("channel_id", ""))
        done = []
        for entry in files:
            file_id = entry["id"]
            if file_id not in self.uploads:
                return {"ok": False, "error": "file_not_found"}
            name = self.pending_names.pop(file_id)
            title = entry.get("title") or name
            self.files.append(SharedFile(channel, file_id, name, title, self.uploads[file_id]))
            done.append({"id": file_id, "name": name, "title": title})
        return {"ok": True, "files": done}

    def _install(self, code: str) -> dict[str, Any]:
        """The code grant of an install: a rotating bot token and the installer's user token
        (shaped as Slack documents oauth.v2.access), valid for `install_expires_in` seconds."""
        number = len(self.called("oauth.v2.access"))
        bot, user = f"xoxe.xoxb-1-installed-{number}", f"xoxe.xoxp-1-installer-{number}"
        self.refresh_tokens[f"xoxe-1-bot-refresh-{number}"] = bot
        if self.valid_tokens is not None:
            self.valid_tokens.update({bot, user})
        return {
            "ok": True,
            "app_id": "A-kmbot",
            "authed_user": {
                "id": "U-installer",
                "scope": "chat:write",
                "access_token": user,
                "token_type": "user",
                "refresh_token": f"xoxe-1-user-refresh-{number}",
                "expires_in": self.install_expires_in,
            },
            "scope": "chat:write,im:write,users:read",
            "token_type": "bot",
            "access_token": bot,
            "refresh_token": f"xoxe-1-bot-refresh-{number}",
            "expires_in": self.install_expires_in,
            "bot_user_id": "UBOT",
            "team": {"id": self.team, "name": "Acme"},
            "enterprise": None,
            "is_enterprise_install": False,
            "incoming_webhook": {
                "channel": "#feed",
                "channel_id": "C-feed",
                "configuration_url": f"https://acme.slack.com/services/B{number}",
                "url": f"https://hooks.slack.com/services/{self.team}/B{number}/webhook-secret",
            },
        }


def _blocks(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value)
    return value or []


def block_text(blocks: list[dict[str, Any]]) -> str:
    """What a member reads in some blocks: headers, sections and context, unescaped."""
    lines: list[str] = []
    for block in blocks:
        if block.get("type") in ("header", "section") and block.get("text"):
            lines.append(block["text"]["text"])
        elif block.get("type") == "context":
            lines += [e.get("text", "") for e in block.get("elements", [])]
    text = "\n".join(lines)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def block_labels(blocks: list[dict[str, Any]]) -> tuple[str, ...]:
    """The labels of the buttons (and placeholders of other elements) in some blocks."""
    return tuple(
        (e.get("text") or e.get("placeholder") or {}).get("text", "")
        for b in blocks
        if b.get("type") == "actions"
        for e in b["elements"]
    )


def block_actions(blocks: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (e["action_id"], e.get("value", ""))
        for b in blocks
        if b.get("type") == "actions"
        for e in b["elements"]
    )
