"""`kmbot program history NAME`: the program's changes from the audit log, renames followed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.privacy_models import AuditEntry
from bot.pilots import messages
from bot.programs.programs import get_program

NOT_SHOWN = {"reason", "name", "new_name"}


def _what(entry: AuditEntry) -> str:
    action = entry.action.split(".", 1)[1] if "." in entry.action else entry.action
    if entry.action.startswith("pilot."):
        action = f"pilot {action}"
    details = [f"{key}={value}" for key, value in entry.detail.items() if key not in NOT_SHOWN]
    if entry.detail.get("new_name"):
        details.insert(0, f"renamed {entry.target!r} to {entry.detail['new_name']!r}")
    return " ".join([action, *details])


async def program_history(session: AsyncSession, name: str) -> str:
    """Every logged change of the program now called `name`: who, when, what, why."""
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
    mine = [e for e in entries if e.target in names]
    if not mine:
        return messages.NO_HISTORY
    lines = [messages.HISTORY_HEADER]
    for entry in mine:
        why = str(entry.detail.get("reason") or "")
        lines.append(messages.history_line(entry.at, entry.actor, _what(entry), why))
    return "\n".join(lines)
