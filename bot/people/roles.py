"""Roles (member, lead of units, champion, admin, sponsor); finding a person by email or address."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Workspace
from bot.db.upsert import insert_new
from bot.people.role_names import ROLES


class RoleError(ValueError):
    """A role change cannot be applied; the message says why."""


async def find_person(session: AsyncSession, reference: str) -> Member:
    """A member by email, or by PLATFORM:WORKSPACE:USER."""
    reference = reference.strip()
    if "@" in reference and ":" not in reference:
        query = select(Member).where(func.lower(Member.email) == reference.lower())
    else:
        parts = reference.split(":")
        if len(parts) != 3:
            raise RoleError(f"{reference!r} is neither an email nor PLATFORM:WORKSPACE:USER")
        query = (
            select(Member)
            .join(Workspace, Member.workspace_id == Workspace.id)
            .where(
                Workspace.platform == parts[0],
                Workspace.external_id == parts[1],
                Member.external_id == parts[2],
            )
        )
    found = list(await session.scalars(query.limit(2)))
    if not found:
        raise RoleError(f"unknown person {reference!r} (sync the directory first)")
    if len(found) > 1:
        raise RoleError(f"{reference!r} matches more than one person; use PLATFORM:WORKSPACE:USER")
    return found[0]


async def set_role(
    session: AsyncSession, member: Member, role: str, units: list[str] | None = None
) -> str:
    """Give `member` a role; a lead leads `units` (default: their own unit)."""
    if role not in ROLES:
        raise RoleError(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
    led = [u for u in (units or [member.unit]) if u]
    if role == "lead" and not led:
        raise RoleError(
            f"{member.display_name or member.external_id} has no unit: say which unit they lead"
        )
    member.role = role
    await session.execute(delete(UnitLead).where(UnitLead.member_id == member.id))
    if role == "lead":
        await insert_new(session, UnitLead, [{"member_id": member.id, "unit": u} for u in led])
        return f"{member.display_name or member.external_id} now leads {', '.join(led)}"
    return f"{member.display_name or member.external_id} is now {role}"
