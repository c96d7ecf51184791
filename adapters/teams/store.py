"""What the Teams adapter keeps in kmbot's database, as JSON in the adapter-owned columns.

`workspaces.native`: {"service_url", "bot_id", "teams": {team id: {"name", "channel"}}}.
`members.conversation_native`: {"teams_id": "29:…", "reference": ConversationReference}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Workspace

PLATFORM = "teams"


def load(text: str | None) -> dict[str, Any]:
    """Adapter JSON from a native column; anything unreadable counts as empty."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def dump(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class MemberTarget:
    """Everything needed to reach one member's personal chat."""

    member_id: int
    teams_id: str
    reference: dict[str, Any]
    service_url: str
    bot_id: str


async def workspace(session: AsyncSession, tenant: str) -> Workspace | None:
    return await session.scalar(
        select(Workspace).where(Workspace.platform == PLATFORM, Workspace.external_id == tenant)
    )


async def remember_tenant(
    session: AsyncSession,
    tenant: str,
    service_url: str,
    bot_id: str,
    team: tuple[str, str, str] | None = None,
) -> None:
    """Keep the tenant's service URL (it can move) and bot id current; add a team if given."""
    row = await workspace(session, tenant)
    if row is None:
        return
    native = load(row.native)
    native["service_url"] = service_url or native.get("service_url", "")
    native["bot_id"] = bot_id or native.get("bot_id", "")
    if team is not None:
        team_id, name, channel = team
        native.setdefault("teams", {})[team_id] = {"name": name, "channel": channel or team_id}
    updated = dump(native)
    if updated != row.native:
        row.native = updated


async def forget_team(session: AsyncSession, tenant: str, team_id: str) -> int:
    """Drop a team the bot was removed from; returns how many teams remain."""
    row = await workspace(session, tenant)
    if row is None:
        return 0
    native = load(row.native)
    native.get("teams", {}).pop(team_id, None)
    row.native = dump(native)
    return len(native.get("teams", {}))


async def tenant_info(session: AsyncSession, tenant: str) -> dict[str, Any]:
    row = await workspace(session, tenant)
    return load(row.native) if row is not None else {}


async def remember_member(
    session: AsyncSession,
    tenant: str,
    user: str,
    *,
    teams_id: str = "",
    reference: dict[str, Any] | None = None,
) -> None:
    """Merge a member's Teams id and/or personal-chat reference into their native JSON."""
    member = await _member(session, tenant, user)
    if member is None:
        return
    native = load(member.conversation_native)
    if teams_id:
        native["teams_id"] = teams_id
    if reference is not None:
        native["reference"] = reference
        member.unreachable_reason = None  # they just wrote to us from that chat
    updated = dump(native)
    if updated != member.conversation_native:
        member.conversation_native = updated


async def member_natives(session: AsyncSession, tenant: str) -> dict[str, dict[str, Any]]:
    """Every member's native JSON in a tenant, by kmbot user id."""
    rows = await session.execute(
        select(Member.external_id, Member.conversation_native)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(Workspace.platform == PLATFORM, Workspace.external_id == tenant)
    )
    return {user: load(native) for user, native in rows}


async def member_target(session: AsyncSession, tenant: str, user: str) -> MemberTarget | None:
    member = await _member(session, tenant, user)
    if member is None:
        return None
    native = load(member.conversation_native)
    info = await tenant_info(session, tenant)
    return MemberTarget(
        member.id,
        native.get("teams_id", ""),
        native.get("reference") or {},
        info.get("service_url", ""),
        info.get("bot_id", ""),
    )


async def unreachable(session: AsyncSession, tenant: str) -> list[tuple[str, str]]:
    """(name, reason) of active members the bot could not reach."""
    rows = await session.execute(
        select(Member.display_name, Member.external_id, Member.unreachable_reason)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(
            Workspace.platform == PLATFORM,
            Workspace.external_id == tenant,
            Member.active.is_(True),
            Member.unreachable_reason.is_not(None),
        )
    )
    return [(name or user, reason or "") for name, user, reason in rows]


async def _member(session: AsyncSession, tenant: str, user: str) -> Member | None:
    return await session.scalar(
        select(Member)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(
            Workspace.platform == PLATFORM,
            Workspace.external_id == tenant,
            Member.external_id == user,
        )
    )
