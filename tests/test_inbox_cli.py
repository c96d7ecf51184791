"""`kmbot inbox`: an operator sees the stored events that failed or wait for a retry, with
their error on one line, and retries them; bad input is one line and changes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import InboxEvent
from bot.db.privacy_models import AuditEntry
from bot.inbox.store import InboxItem
from bot.inbox.workers import Inbox, InboxLimits
from tests.test_cli import isolated, one_line, run

__all__ = ["isolated"]  # test_cli's autouse fixture: a fresh database in KMBOT_DATABASE_URL
START = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)  # after now: a retried event is due


async def handle(url: str, events: list[str], fail: bool, passes: int) -> list[str]:
    """Store `events` (first time only) and drain the inbox `passes` times, the clock moving
    past each backoff; the handler fails when `fail`. Returns the event ids it ran."""
    engine = make_engine(url)
    clock = FakeClock(START)
    ran: list[str] = []

    async def handler(item: InboxItem) -> None:
        ran.append(item.event_id)
        if fail:
            raise RuntimeError(f"listener broke on {item.event_id}\n  at line 12")

    inbox = Inbox(make_sessions(engine), clock, "slack", handler, InboxLimits(max_attempts=2))
    for event in events:
        await inbox.accept(event, '{"type": "event_callback"}')
    for _ in range(passes):
        await inbox.drain()
        clock.advance(timedelta(minutes=10))
    await inbox.stop()
    await engine.dispose()
    return ran


async def rows(url: str) -> dict[str, tuple[str, int]]:
    engine = make_engine(url)
    async with make_sessions(engine)() as session:
        found = (await session.scalars(select(InboxEvent))).all()
        result = {row.event_id: (row.status, row.attempts) for row in found}
    await engine.dispose()
    return result


async def audited(url: str) -> int:
    engine = make_engine(url)
    async with make_sessions(engine)() as session:
        count = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "inbox.retry")
        )
    await engine.dispose()
    return int(count or 0)


def test_failed_and_retrying_events_are_listed_with_their_error_on_one_line(
    isolated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(isolated)
    asyncio.run(handle(isolated, ["EvGone"], fail=True, passes=2))  # both attempts fail
    asyncio.run(handle(isolated, ["EvLater"], fail=True, passes=1))  # one of two

    code, out, _ = run(capsys, "inbox")  # failed, by default
    assert code == 0
    [line] = out.splitlines()
    assert "\tslack\tEvGone\tattempts=2\t" in line
    assert line.endswith("RuntimeError: listener broke on EvGone at line 12")

    code, out, _ = run(capsys, "inbox", "--status", "retrying")
    [line] = out.splitlines()
    assert "\tEvLater\tattempts=1\t" in line
    assert "\tdue 2030-03-04T09:00:02+00:00\t" in line  # after its 2 s backoff
    assert line.endswith("RuntimeError: listener broke on EvLater at line 12")

    assert run(capsys, "inbox", "--status", "working")[1] == "no working inbox events\n"


def test_a_retried_event_is_handled_again_and_leaves_the_inbox(
    isolated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(isolated)
    asyncio.run(handle(isolated, ["EvA", "EvB"], fail=True, passes=2))
    assert asyncio.run(rows(isolated)) == {"EvA": ("failed", 2), "EvB": ("failed", 2)}
    [row_a] = [line for line in run(capsys, "inbox")[1].splitlines() if "\tEvA\t" in line]

    code, out, _ = run(capsys, "inbox", "retry", row_a.split("\t")[0])
    assert (code, out) == (0, "1 inbox event due again now; a running kmbot handles them\n")
    assert asyncio.run(rows(isolated)) == {"EvA": ("pending", 0), "EvB": ("failed", 2)}
    assert asyncio.run(handle(isolated, [], fail=False, passes=1)) == ["EvA"]
    assert asyncio.run(rows(isolated)) == {"EvB": ("failed", 2)}

    code, out, _ = run(capsys, "inbox", "retry", "--failed")
    assert (code, out) == (0, "1 inbox event due again now; a running kmbot handles them\n")
    assert asyncio.run(handle(isolated, [], fail=False, passes=1)) == ["EvB"]
    assert asyncio.run(rows(isolated)) == {}
    assert asyncio.run(audited(isolated)) == 2  # each retry is in the audit log
    assert run(capsys, "inbox", "retry", "--failed")[1] == "no failed inbox events to retry\n"


def test_retrying_what_is_not_waiting_is_one_line_and_changes_nothing(
    isolated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(isolated)
    asyncio.run(handle(isolated, ["EvA"], fail=True, passes=2))
    [row] = run(capsys, "inbox")[1].splitlines()
    known = row.split("\t")[0]

    code, out, err = run(capsys, "inbox", "retry", known, "999")
    assert (code, out) == (2, "")
    assert one_line(err) == (
        "inbox retry: no failed or retrying event 999 (see `kmbot inbox --status failed`)"
    )
    code, _, err = run(capsys, "inbox", "retry")
    assert code == 2
    assert one_line(err) == "inbox retry: give row ids (from `kmbot inbox`) or --failed, not both"
    assert asyncio.run(rows(isolated)) == {"EvA": ("failed", 2)}
    assert asyncio.run(audited(isolated)) == 0
