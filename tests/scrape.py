"""Reading kmbot's /healthz and /metrics as a poller and Prometheus would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families


async def serve(app: web.Application) -> AsyncIterator[TestClient[Any, Any]]:
    """The app on a real local port, its start-up hooks run (and its cleanup at the end)."""
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def healthz(client: TestClient[Any, Any]) -> tuple[int, dict[str, Any]]:
    response = await client.get("/healthz")
    return response.status, await response.json()


async def metrics(client: TestClient[Any, Any]) -> str:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return await response.text()


def value(text: str, sample: str, **labels: str) -> float:
    """The value of one sample (`kmbot_job_runs_total{job="…"}`) in an exposition; 0 if absent."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == sample and all(found.labels.get(k) == v for k, v in labels.items()):
                return float(found.value)
    return 0.0
