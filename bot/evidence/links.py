"""Signed, expiring chart links under KMBOT_PUBLIC_URL, and the dashboard's address.

A link carries what it shows (programs, units) and until when, signed with HMAC-SHA256 under
a key derived from KMBOT_SECRET_KEY: nothing is stored, any replica with the same secret can
serve it, and a changed or expired link is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# A week's summary shows its chart until the next one arrives, and a day more.
LIFETIME = timedelta(days=8)
PURPOSE = b"kmbot chart links v1"


class InvalidChartLink(ValueError):
    """A chart link that was changed, or whose time is up."""


@dataclass(frozen=True)
class ChartRequest:
    """What a chart link shows: these programs, these units (None: everyone)."""

    program_ids: tuple[int, ...]
    units: tuple[str, ...] | None
    expires: int  # Unix seconds


def chart_key(secret: str) -> bytes:
    """The signing key: derived from KMBOT_SECRET_KEY, or random for this process alone."""
    base = secret.encode() if secret else secrets.token_bytes(32)
    return hmac.new(base, PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, request: ChartRequest) -> str:
    """The token of a chart link: payload and signature, URL-safe."""
    payload = json.dumps(
        {"p": list(request.program_ids), "u": request.units, "e": request.expires},
        separators=(",", ":"),
    ).encode()
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


def verify(key: bytes, token: str, now: datetime) -> ChartRequest:
    """The request a token carries; InvalidChartLink if it was changed or has expired."""
    try:
        payload_text, signature_text = token.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except ValueError:
        raise InvalidChartLink("this chart link is not valid") from None
    if not hmac.compare_digest(hmac.new(key, payload, hashlib.sha256).digest(), signature):
        raise InvalidChartLink("this chart link is not valid")
    values = json.loads(payload)
    request = ChartRequest(
        tuple(int(p) for p in values["p"]),
        None if values["u"] is None else tuple(str(u) for u in values["u"]),
        int(values["e"]),
    )
    if now.timestamp() >= request.expires:
        raise InvalidChartLink("this chart link has expired: the next summary brings a new one")
    return request


@dataclass(frozen=True)
class ChartLinks:
    """Builds the links the Monday summary carries."""

    public_url: str
    key: bytes
    lifetime: timedelta = LIFETIME

    def chart_url(
        self, program_ids: tuple[int, ...], units: tuple[str, ...] | None, now: datetime
    ) -> str:
        expires = int((now + self.lifetime).timestamp())
        token = sign(self.key, ChartRequest(program_ids, units, expires))
        return f"{self.public_url}/charts/{token}.png"

    @property
    def dashboard_url(self) -> str:
        return f"{self.public_url}/dashboard"

    @property
    def images_shown(self) -> bool:
        """Slack and Teams fetch images only from public https addresses."""
        return self.public_url.startswith("https://")


@dataclass
class ChartSlot:
    """Where the weekly messages find the links: filled by `add_chart_routes` when the web
    app serves charts (a process that serves none, such as the demo, links none)."""

    links: ChartLinks | None = field(default=None)
