"""`kmbot program history NAME`, and the dashboard's timeline: the program's changes from the
audit log (renames followed), each with who, when, what and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.privacy_models import AuditEntry
from bot.pilots import messages
from bot.programs.programs import get_program

NOT_SHOWN = {"reason", "name", "new_name"}


@dataclass(frozen=True)
class Change:
    """One logged change of a program: who, when, what, why."""

    at: datetime
    actor: str
    what: str
    why: str
    action: str  # the log's action, e.g. "program.update" or "pilot.decision"


def _what(entry: AuditEntry) -> str:
    action = entry.action.split(".", 1)[1] if "." in entry.action else entry.action
    if entry.action.startswith("pilot."):
        action = f"pilot {action}"
    details = [f"{key}={value}" for key, value in entry.detail.items() if key not in NOT_SHOWN]
    if entry.detail.get("new_name"):
        details.insert(0, f"renamed {entry.target!r} to {entry.detail['new_name']!r}")
    return " ".join([action, *details])


async def program_changes(session: AsyncSession, name: str) -> list[Change]:
    """Every logged change of the program now called `name`, oldest first."""
    await get_program(session, name)
    entries = list(
        await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.like("program.%") | AuditEntry.action.like("pilot.%"))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
    names = {name}
    changed = True
    while changed:  # the names it had before its renames
        before = len(names)
        names |= {e.target for e in entries if e.detail.get("new_name") in names}
        changed = len(names) != before
    return [
        Change(e.at, e.actor, _what(e), str(e.detail.get("reason") or ""), e.action)
        for e in entries
        if e.target in names
    ]


async def program_history(session: AsyncSession, name: str) -> str:
    """Every logged change of the program now called `name`: who, when, what, why."""
    changes = await program_changes(session, name)
    if not changes:
        return messages.NO_HISTORY
    lines = [messages.HISTORY_HEADER]
    lines += [messages.history_line(c.at, c.actor, c.what, c.why) for c in changes]
    return "\n".join(lines)
