"""The Bot Connector's error answers: their status, detail and the port's error for them."""

from __future__ import annotations

from botbuilder.schema import ErrorResponseException

from adapters.teams.limits import RETRYABLE, retry_after_seconds
from bot.chat import DeliveryError, PermanentDeliveryError, RateLimited, TransientDeliveryError


def delivery_error(status: int, retry_after: float | None, detail: str) -> DeliveryError:
    """The port's error for a Bot Connector status."""
    reason = f"Teams {status}: {detail}"[:200]
    if status == 429:
        return RateLimited(reason, retry_after=retry_after or 1.0)
    if status == 403:
        return PermanentDeliveryError(f"bot blocked or uninstalled by the member ({reason})"[:200])
    if status == 404:
        return PermanentDeliveryError(f"conversation not found ({reason})"[:200])
    if status in RETRYABLE:
        return TransientDeliveryError(reason, retry_after=retry_after)
    return DeliveryError(reason)


def status_of(exc: ErrorResponseException) -> tuple[int, float | None]:
    """The HTTP status of an error answer, and its Retry-After in seconds (if any)."""
    response = exc.response
    status = int(getattr(response, "status_code", 0) or 0)
    headers = getattr(response, "headers", None) or {}
    return status, retry_after_seconds(headers.get("Retry-After"))


def detail_of(exc: ErrorResponseException) -> str:
    """The error's code and message, as the connector gave them."""
    error = getattr(getattr(exc, "error", None), "error", None)
    code = getattr(error, "code", None)
    message = getattr(error, "message", None)
    return " ".join(str(p) for p in (code, message) if p) or "no detail"
