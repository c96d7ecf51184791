"""Workspaces and members: who kmbot knows, and their own settings (pause, opt-out, zone)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import MemberAddress
from bot.db.models import GroupMembership, Member, Workspace
from bot.db.upsert import insert_new
from bot.people.role_names import ROLES
from bot.settings import check_zone


async def ensure_workspace(
    session: AsyncSession, platform: str, external_id: str, now: datetime, name: str = ""
) -> Workspace:
    """The workspace row for (platform, id), created on first sight and re-activated.

    Replicas that see a new workspace at the same moment both insert with ON CONFLICT DO
    NOTHING and then read the one row that won.
    """
    match = select(Workspace).where(
        Workspace.platform == platform, Workspace.external_id == external_id
    )
    workspace = await session.scalar(match)
    if workspace is None:
        row = {"platform": platform, "external_id": external_id, "name": name}
        await insert_new(session, Workspace, [{**row, "created_at": now, "active": True}])
        workspace = await session.scalar(match)
        assert workspace is not None
    workspace.active = True
    workspace.name = name or workspace.name
    return workspace


async def upsert_member(
    session: AsyncSession,
    workspace: Workspace,
    external_id: str,
    now: datetime,
    *,
    display_name: str = "",
    unit: str | None = None,
    tz: str | None = None,
    email: str | None = None,
    role: str | None = None,
) -> Member:
    """Create or refresh a member from directory data, keeping their own settings.

    Created with ON CONFLICT DO NOTHING, so two replicas meeting a new member at once agree.
    """
    match = select(Member).where(
        Member.workspace_id == workspace.id, Member.external_id == external_id
    )
    member = await session.scalar(match)
    if member is None:
        new = {"workspace_id": workspace.id, "external_id": external_id, "created_at": now}
        defaults = {"role": "member", "unit": "", "active": True, "opted_out": False}
        await insert_new(session, Member, [{**new, **defaults, "display_name": ""}])
        member = await session.scalar(match)
        assert member is not None
    member.active = True
    member.display_name = display_name or member.display_name
    if unit is not None:
        member.unit = unit
    if tz is not None:
        member.tz = tz
    if email is not None:
        member.email = email
    if role is not None:
        member.role = _checked_role(role)
    await session.flush()
    return member


async def find_member(session: AsyncSession, address: MemberAddress) -> Member | None:
    return await session.scalar(
        select(Member)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(
            Workspace.platform == address.platform,
            Workspace.external_id == address.workspace,
            Member.external_id == address.user,
        )
    )


def pause(member: Member, until: date) -> None:
    member.paused_until = until


def resume(member: Member) -> None:
    member.paused_until = None


def set_opted_out(member: Member, opted_out: bool) -> None:
    member.opted_out = opted_out


def set_zone(member: Member, zone: str | None) -> None:
    """The member's own zone choice; None goes back to the platform's."""
    member.tz_override = check_zone(zone) if zone else None


async def replace_group(session: AsyncSession, group_id: str, member_ids: list[int]) -> None:
    """Set a platform group's (channel's) members, as synced from the platform."""
    await session.execute(delete(GroupMembership).where(GroupMembership.group_id == group_id))
    await insert_new(
        session, GroupMembership, [{"group_id": group_id, "member_id": m} for m in member_ids]
    )


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
    return role


def member_zone_column() -> Any:
    """The member's effective zone in SQL: their override, else the platform's."""
    return func.coalesce(Member.tz_override, Member.tz).label("tz")
