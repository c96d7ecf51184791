"""What the Teams adapter keeps as JSON in the core's adapter-owned text (PlatformState).

`workspaces.native`: {"service_url", "bot_id", "teams": {team id: {"name", "channel"}}}.
`members.conversation_native`: {"teams_id": "29:…", "reference": ConversationReference}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.core import MemberChange, NativeChange, PlatformState

PLATFORM = "teams"


def load(text: str | None) -> dict[str, Any]:
    """Adapter JSON from a native column; anything unreadable counts as empty."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def dump(value: dict[str, Any]) -> str:
    """Adapter JSON as stored: compact, keys sorted, so unchanged state compares equal."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class MemberTarget:
    """Everything needed to reach one member's personal chat."""

    member_id: int
    teams_id: str
    reference: dict[str, Any]
    service_url: str
    bot_id: str


async def remember_tenant(
    state: PlatformState,
    tenant: str,
    service_url: str,
    bot_id: str,
    team: tuple[str, str, str] | None = None,
) -> None:
    """Keep the tenant's service URL (it can move) and bot id current; add a team if given."""

    def change(text: str | None) -> str:
        native = load(text)
        native["service_url"] = service_url or native.get("service_url", "")
        native["bot_id"] = bot_id or native.get("bot_id", "")
        if team is not None:
            team_id, name, channel = team
            native.setdefault("teams", {})[team_id] = {"name": name, "channel": channel or team_id}
        return dump(native)

    await state.change_workspace_native(PLATFORM, tenant, change)


async def forget_team(state: PlatformState, tenant: str, team_id: str) -> int:
    """Drop a team the bot was removed from; returns how many teams remain."""

    def change(text: str | None) -> str:
        native = load(text)
        native.get("teams", {}).pop(team_id, None)
        return dump(native)

    updated = await state.change_workspace_native(PLATFORM, tenant, change)
    return len(load(updated).get("teams", {}))


async def tenant_info(state: PlatformState, tenant: str) -> dict[str, Any]:
    """The tenant's JSON (empty when kmbot does not know the tenant)."""
    return load(await state.workspace_native(PLATFORM, tenant))


async def remember_members(
    state: PlatformState,
    tenant: str,
    teams_ids: dict[str, str],
    reference: tuple[str, dict[str, Any]] | None = None,
) -> None:
    """Merge members' Teams ids (and one member's personal-chat reference, as (user,
    reference)) into their native JSON, in one transaction."""
    users = set(teams_ids) | ({reference[0]} if reference else set())
    changes = {}
    for user in users:
        chat = reference[1] if reference and reference[0] == user else None
        # a personal-chat reference means they just wrote to us from that chat (or it opened)
        changes[user] = MemberChange(
            _member_change(teams_ids.get(user, ""), chat), chat is not None
        )
    await state.change_member_natives(PLATFORM, tenant, changes)


async def remember_member(
    state: PlatformState,
    tenant: str,
    user: str,
    *,
    teams_id: str = "",
    reference: dict[str, Any] | None = None,
) -> None:
    """Merge a member's Teams id and/or personal-chat reference into their native JSON."""
    await remember_members(
        state,
        tenant,
        {user: teams_id} if teams_id else {},
        (user, reference) if reference else None,
    )


def _member_change(teams_id: str, reference: dict[str, Any] | None) -> NativeChange:
    def change(text: str | None) -> str:
        native = load(text)
        if teams_id:
            native["teams_id"] = teams_id
        if reference is not None:
            native["reference"] = reference
        return dump(native)

    return change


async def member_natives(state: PlatformState, tenant: str) -> dict[str, dict[str, Any]]:
    """Every member's native JSON in a tenant, by kmbot user id."""
    return {
        user: load(native)
        for user, native in (await state.member_natives(PLATFORM, tenant)).items()
    }


async def member_target(state: PlatformState, tenant: str, user: str) -> MemberTarget | None:
    """What reaching a member's personal chat takes (None for someone kmbot does not know)."""
    found = await state.member_native(PLATFORM, tenant, user)
    if found is None:
        return None
    native = load(found.native)
    info = load(found.workspace_native)
    return MemberTarget(
        found.member_id,
        native.get("teams_id", ""),
        native.get("reference") or {},
        info.get("service_url", ""),
        info.get("bot_id", ""),
    )


async def unreachable(state: PlatformState, tenant: str) -> list[tuple[str, str]]:
    """(name, reason) of active members the bot could not reach."""
    return [(m.name, m.reason) for m in await state.unreachable_members(PLATFORM, tenant)]
