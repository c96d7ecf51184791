"""Requests signed the way Slack signs them (HMAC-SHA256 over v0:timestamp:body)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the secret of Slack's documented example


def signature(secret: str, timestamp: int | str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(secret, stamp, body),
    }


class SlackSender:
    """Posts to kmbot's /slack/events as Slack would: signed, JSON or form-encoded."""

    def __init__(self, session: aiohttp.ClientSession, url: str, secret: str = SECRET) -> None:
        self.session = session
        self.url = url
        self.secret = secret
        self.ids = itertools.count(1)

    async def post(
        self, body: str, content_type: str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {
            "Content-Type": content_type,
            **signed_headers(self.secret, body),
            **(headers or {}),
        }
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def event(
        self, envelope: dict[str, Any], retry_num: int | None = None
    ) -> tuple[int, str]:
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else {}
        )
        return await self.post(json.dumps(envelope), "application/json", headers=headers)

    async def interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        return await self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    async def command(self, fields: dict[str, str]) -> tuple[int, str]:
        return await self.post(urlencode(fields), "application/x-www-form-urlencoded")
