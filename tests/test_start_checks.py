"""What `kmbot serve` tells the operator at start, and the log levels of the noisy libraries."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.bootstrap import start_warnings
from bot.clock import FakeClock
from bot.core import Core
from bot.settings import configure_logging, load_settings
from tests.conversation import add_people, add_program

SEND_TIME = datetime(2026, 3, 5, 15, tzinfo=UTC)  # the default program's first Thursday


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.WARNING, logger="kmbot")
    yield caplog


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_deliveries_for_an_unconfigured_platform_are_counted_at_start(
    core: Core, clock: FakeClock, logs: pytest.LogCaptureFixture
) -> None:
    await add_people(core, ("ana", "UTC"), ("bo", "UTC"), platform="slack")
    await add_people(core, ("cy", "UTC"))  # on the in-memory platform, which is configured
    await add_program(core)
    clock.set(SEND_TIME)
    assert await core.prompting.open_due_prompts() == 3

    await start_warnings(core, load_settings(env="development"))

    assert warnings(logs) == [
        "2 pending deliveries for slack, which is not configured here: they wait until slack "
        "is configured (kmbot outbox --status pending lists them)"
    ]


async def test_production_on_sqlite_and_no_platform_are_warned(
    core: Core, logs: pytest.LogCaptureFixture
) -> None:
    sqlite = "sqlite+aiosqlite:///./kmbot.db"
    await start_warnings(core, load_settings(env="production", database_url=sqlite))
    assert warnings(logs) == [
        "KMBOT_ENV=production on SQLite: run one process only (no replicas) and back it up "
        "(kmbot db backup FILE); PostgreSQL is the production database"
    ]
    logs.clear()
    core.platforms.clear()
    postgres = "postgresql+asyncpg://kmbot@db/kmbot"
    await start_warnings(core, load_settings(env="production", database_url=postgres))
    assert warnings(logs) == [
        "no chat platform is configured, so nothing is sent: set Slack's or Teams' "
        "credentials (docs/slack.md, docs/teams.md)"
    ]


@pytest.fixture
def restored_levels() -> Iterator[None]:
    names = ("", "apscheduler", "alembic.runtime.migration")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    configure_logging("WARNING")  # the Alembic filter back as a quiet process has it


@pytest.mark.usefixtures("restored_levels")
def test_the_scheduler_and_alembic_routine_is_heard_only_at_debug() -> None:
    migration = logging.getLogger("alembic.runtime.migration")

    configure_logging("INFO")
    assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.WARNING
    assert not migration.filter(logging.makeLogRecord({"msg": "Context impl SQLiteImpl."}))
    assert migration.filter(logging.makeLogRecord({"msg": "Running upgrade 0004 -> 0005"}))

    configure_logging("DEBUG")
    assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.DEBUG
    assert migration.filter(logging.makeLogRecord({"msg": "Context impl SQLiteImpl."}))
