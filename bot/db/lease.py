"""Claiming rows with a lease, for queues that several processes drain: the outbox's
deliveries and the inbox's events.

A row is due when it is `pending` and its `not_before` has come, or when the process that
claimed it (status `busy`) let its lease run out, which is how a crashed process's rows come
back. The claim is one UPDATE over a `FOR UPDATE SKIP LOCKED` query in a CTE: it writes
first, so on SQLite it waits for the write lock instead of failing on a stale read, and on
PostgreSQL replicas never claim the same row.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Update, and_, or_, select, update


def process_name() -> str:
    """Who holds a claimed row: host, process id and a random tag (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:100]


def claimable(model: Any, busy: str, now: datetime) -> ColumnElement[bool]:
    """Rows of `model` that may be claimed at `now`: due, or left behind by a dead holder."""
    return or_(
        and_(model.status == "pending", model.not_before <= now),
        and_(model.status == busy, model.lease_until < now),
    )


def claim(model: Any, candidates: Select[Any], due: ColumnElement[bool], **values: Any) -> Update:
    """The UPDATE that claims the rows `candidates` selects (ids of `model`, ordered and
    limited by the caller), setting `values` on each; add `.returning(...)` to read them."""
    free = candidates.with_for_update(skip_locked=True, of=model).cte("free")
    # a locking CTE runs once; an IN (subquery) may run per row
    return update(model).where(model.id.in_(select(free.c.id)), due).values(**values)
