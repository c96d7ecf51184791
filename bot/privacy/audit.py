"""The audit log: every admin action (roles, imports, program changes, exports, deletions),
who did it and when, written in the same transaction as the action itself."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.db.privacy_models import AuditEntry

# The command-line and chat actions that change or reveal data: (command, subcommand).
AUDITED = {
    ("program", "create"),
    ("program", "update"),
    ("program", "pause"),
    ("program", "resume"),
    ("program", "launch"),
    ("program", "end"),
    ("program", "archive"),
    ("program", "delete"),
    ("pilot", "create"),
    ("pilot", "words"),
    ("member", "role"),
    ("member", "export"),
    ("member", "delete"),
    ("members", "import"),
    ("secrets", "rotate"),
    ("inbox", "retry"),
}
TARGETS = ("name", "person", "file")  # the argument that names what was acted on
NOT_DETAIL = {"command", "verbose", *TARGETS}
ERASED_TARGET = "an erased member"


def actor_of(member: Member) -> str:
    """How an admin typing in chat is named in the log: kmbot's member number and name."""
    return f"member:{member.id} {member.display_name or member.external_id}".strip()


def audited_action(args: argparse.Namespace) -> str | None:
    """`program.update`, `member.role`, …; None for what is only read (list, show)."""
    command = str(getattr(args, "command", ""))
    sub = str(getattr(args, f"{command}_action", ""))
    return f"{command}.{sub}" if (command, sub) in AUDITED else None


async def record(
    session: AsyncSession,
    at: datetime,
    actor: str,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add one entry to the log, inside the caller's transaction."""
    session.add(
        AuditEntry(
            at=at, actor=actor[:200], action=action, target=target[:300], detail=detail or {}
        )
    )


async def record_command(
    session: AsyncSession, at: datetime, actor: str, args: argparse.Namespace
) -> None:
    """Log a command that just succeeded, if it is an admin action: its target and options."""
    action = audited_action(args)
    if action is None:
        return
    target = next((str(getattr(args, name)) for name in TARGETS if getattr(args, name, None)), "")
    if action == "member.delete":
        target = ERASED_TARGET  # the log keeps that a deletion happened, not whose
    detail = {
        key: value
        for key, value in sorted(vars(args).items())
        if key not in NOT_DETAIL and not key.endswith("_action") and value not in (None, [], False)
    }
    await record(session, at, actor, action, target, detail)


async def read_log(
    session: AsyncSession, since: date | None = None, actor: str | None = None, limit: int = 200
) -> Sequence[AuditEntry]:
    """Entries from `since` (UTC midnight) on, by actors whose name contains `actor`, newest
    last; at most `limit` of the newest."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(), tzinfo=UTC))
    if actor:
        query = query.where(AuditEntry.actor.icontains(actor, autoescape=True))
    return list(reversed((await session.scalars(query)).all()))


def render_log(entries: Sequence[AuditEntry]) -> str:
    """One line per entry, under a header; a sentence when there are none."""
    if not entries:
        return "no audit entries match"
    lines = ["when (UTC)\tactor\taction\ttarget\tdetail"]
    for entry in entries:
        detail = " ".join(f"{key}={value}" for key, value in entry.detail.items())
        when = entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{when}\t{entry.actor}\t{entry.action}\t{entry.target}\t{detail}")
    return "\n".join(lines)
