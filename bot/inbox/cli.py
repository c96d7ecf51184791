"""`kmbot inbox [--status S]` and `kmbot inbox retry`: the stored events an operator looks at.

An event whose handler failed waits for its retry (`retrying`: due again after a backoff,
with its last error) and, after the inbox's last attempt, stays `failed` with its error
until someone retries it. Retrying makes it due now, with its attempts counted afresh.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import InboxEvent
from bot.inbox.store import BUSY

STATUSES = ("failed", "retrying", "pending", BUSY)
ABOUT = (
    "Events kmbot stored and answered at once, still to be handled: 'failed' (default) gave "
    "up after the last attempt, 'retrying' wait for their next attempt, 'pending' are due "
    f"(retrying ones included), '{BUSY}' are being handled (by which process, until when)."
)


def add_inbox_parser(commands: Any) -> None:
    inbox = commands.add_parser(
        "inbox", help="stored platform events, e.g. the failed ones and why", description=ABOUT
    )
    inbox.add_argument("--status", default="failed", choices=STATUSES)
    inbox.add_argument("--limit", type=int, default=50)
    actions = inbox.add_subparsers(dest="inbox_action")
    retry = actions.add_parser(
        "retry", help="handle failed or retrying events again now (attempts start again)"
    )
    retry.add_argument("ids", nargs="*", type=int, metavar="ID", help="rows of `kmbot inbox`")
    retry.add_argument("--failed", action="store_true", help="every failed event")


async def inbox_command(session: AsyncSession, now: datetime, args: argparse.Namespace) -> str:
    if args.inbox_action == "retry":
        return await retry(session, now, args.ids, every_failed=args.failed)
    return await listing(session, args.status, args.limit)


def _where(status: str) -> ColumnElement[bool]:
    if status == "retrying":
        return and_(InboxEvent.status == "pending", InboxEvent.attempts > 0)
    return InboxEvent.status == status


async def listing(session: AsyncSession, status: str, limit: int) -> str:
    """One line per event, newest first: row, platform, event id, attempts, and its error
    (or, while handled, who holds it until when)."""
    rows = (
        await session.scalars(
            select(InboxEvent).where(_where(status)).order_by(InboxEvent.id.desc()).limit(limit)
        )
    ).all()
    if not rows:
        return f"no {status} inbox events"
    return "\n".join(_line(row) for row in rows)


def _line(row: InboxEvent) -> str:
    if row.status == BUSY:
        until = row.lease_until.isoformat(timespec="seconds") if row.lease_until else "?"
        state = f"held by {row.lease_holder or 'unknown'} until {until}"
    else:
        due = (
            ""
            if row.status == "failed"
            else f"due {row.not_before.isoformat(timespec='seconds')}\t"
        )
        state = due + one_line(row.last_error or "")
    return (
        f"{row.id}\t{row.platform}\t{row.event_id}\tattempts={row.attempts}\t"
        f"received {row.received_at.isoformat(timespec='seconds')}\t{state}"
    ).rstrip()


def one_line(error: str) -> str:
    """An error as one line: its whitespace (a traceback's newlines) collapsed."""
    return " ".join(error.split())


async def retry(
    session: AsyncSession, now: datetime, ids: Sequence[int], *, every_failed: bool
) -> str:
    """Make failed or retrying events due now; refuses (one line) an id that is neither."""
    if bool(ids) == every_failed:
        raise ValueError("inbox retry: give row ids (from `kmbot inbox`) or --failed, not both")
    waiting = and_(InboxEvent.status.in_(("failed", "pending")), InboxEvent.attempts > 0)
    chosen = InboxEvent.status == "failed" if every_failed else InboxEvent.id.in_(list(ids))
    found = set((await session.scalars(select(InboxEvent.id).where(waiting, chosen))).all())
    if missing := sorted(set(ids) - found):
        shown = ", ".join(str(i) for i in missing)
        raise ValueError(
            f"inbox retry: no failed or retrying event {shown} (see `kmbot inbox --status failed`)"
        )
    if not found:
        return "no failed inbox events to retry"
    await session.execute(
        update(InboxEvent)
        .where(InboxEvent.id.in_(sorted(found)))
        .values(status="pending", attempts=0, not_before=now, lease_until=None, lease_holder=None)
    )
    plural = "s" if len(found) != 1 else ""
    return f"{len(found)} inbox event{plural} due again now; a running kmbot handles them"
