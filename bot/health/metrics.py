"""kmbot's Prometheus metrics (prometheus-client's default registry) and their record helpers.

Callers use the helpers, never the metric objects, so names and labels stay in one place.
Label values are small, fixed sets: platform names, delivery kinds, job ids, event types.
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.exposition import choose_encoder

DELIVERIES = Counter(
    "kmbot_deliveries",
    "Outbox deliveries by platform, kind and outcome (sent, retry, failed, rate_limited, "
    "cancelled)",
    ["platform", "kind", "outcome"],
)
SEND_SECONDS = Histogram(
    "kmbot_delivery_send_seconds",
    "Time one send (or update) took on the platform, retries inside the adapter included",
    ["platform"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
RATE_LIMITED = Counter(
    "kmbot_rate_limited",
    "429 answers from a platform, including those retried inside the adapter",
    ["platform"],
)
OUTBOX_LAG = Gauge(
    "kmbot_outbox_lag_seconds",
    "Age of the oldest due delivery per platform (0 when none is waiting); set on each scrape",
    ["platform"],
)
INBOX_WAITING = Gauge(
    "kmbot_inbox_waiting", "Stored (acknowledged) events not handled yet; set on each scrape"
)
INBOX_OLDEST = Gauge(
    "kmbot_inbox_oldest_seconds", "Age of the oldest stored event not handled yet (0: none)"
)
INBOX_FAILED = Gauge("kmbot_inbox_failed", "Stored events given up after their retries")
PLATFORM_UP = Gauge(
    "kmbot_platform_up",
    "1 while the platform's credentials work and its calls succeed, 0 when it is down",
    ["platform"],
)
JOB_RUNS = Counter("kmbot_job_runs", "Scheduled job runs, by job", ["job"])
JOB_FAILURES = Counter("kmbot_job_failures", "Scheduled job runs that raised, by job", ["job"])
JOB_SECONDS = Histogram(
    "kmbot_job_duration_seconds",
    "How long one run of a scheduled job took, by job",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0),
)
INBOUND = Counter(
    "kmbot_inbound_events",
    "Inbound platform events by platform and type (message, command, click, form, ...)",
    ["platform", "type"],
)
INBOUND_DUPLICATES = Counter(
    "kmbot_inbound_duplicates",
    "Inbound events ignored because their id was already handled (platform redeliveries)",
    ["platform"],
)


def record_delivery(platform: str, kind: str, outcome: str, seconds: float | None = None) -> None:
    """One delivery's outcome; `seconds` is how long the platform call took, if one was made."""
    DELIVERIES.labels(platform, kind, outcome).inc()
    if seconds is not None:
        SEND_SECONDS.labels(platform).observe(seconds)


def record_rate_limited(platform: str) -> None:
    """The platform answered 429 (called by the adapters, once per 429 response)."""
    RATE_LIMITED.labels(platform).inc()


def record_job(job: str, seconds: float, *, failed: bool) -> None:
    """One run of a scheduled job."""
    JOB_RUNS.labels(job).inc()
    JOB_SECONDS.labels(job).observe(seconds)
    if failed:
        JOB_FAILURES.labels(job).inc()


def record_inbound(platform: str, event_type: str, *, duplicate: bool = False) -> None:
    """One inbound event handed to the core (`duplicate`: already handled, ignored)."""
    INBOUND.labels(platform, event_type).inc()
    if duplicate:
        INBOUND_DUPLICATES.labels(platform).inc()


def set_outbox_lag(lag_by_platform: Mapping[str, float]) -> None:
    for platform, seconds in lag_by_platform.items():
        OUTBOX_LAG.labels(platform).set(seconds)


def set_inbox_backlog(waiting: int, oldest_seconds: float, failed: int) -> None:
    INBOX_WAITING.set(waiting)
    INBOX_OLDEST.set(oldest_seconds)
    INBOX_FAILED.set(failed)


def set_platform_up(platform: str, up: bool) -> None:
    PLATFORM_UP.labels(platform).set(1 if up else 0)


def exposition(accept: str) -> tuple[bytes, str]:
    """Every metric in the format the scraper's Accept header asks for, and its content type."""
    encode, content_type = choose_encoder(accept)
    return encode(REGISTRY), content_type
