"""Roles: member, lead (of units), champion, admin; set one by one or from a CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.countries import check_country
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Workspace
from bot.db.upsert import insert_new
from bot.people.directory import ROLES

CSV_COLUMNS = ("person", "unit", "role", "manager")
OPTIONAL_COLUMNS = ("country",)  # ISO 3166 code: the member's public holidays and weekend


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


@dataclass(frozen=True)
class RowResult:
    line: int
    applied: bool
    message: str


async def import_csv(session: AsyncSession, text: str) -> list[RowResult]:
    """Apply each row of a CSV (person, unit, role, manager) whole, or refuse it whole."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RoleError(
            f"missing column(s): {', '.join(missing)} (expected: {', '.join(CSV_COLUMNS)})"
        )
    results = []
    for row in reader:
        line = reader.line_num
        try:
            member = await find_person(session, row["person"] or "")
            manager = await find_person(session, row["manager"]) if row["manager"] else None
            role = (row["role"] or "member").strip().lower()
            unit = (row["unit"] or "").strip()
            if role not in ROLES:
                raise RoleError(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
            if role == "lead" and not (unit or member.unit):
                raise RoleError(f"{row['person']} has no unit: say which unit they lead")
            country = _country(row.get("country"))
        except RoleError as exc:  # checked before any change: a row applies whole or not
            results.append(RowResult(line, False, str(exc)))
            continue
        if unit:
            member.unit = unit
        member.manager_id = manager.id if manager else None
        if country:
            member.country = country
        results.append(
            RowResult(line, True, await set_role(session, member, role, [unit] if unit else None))
        )
    return results


def _country(text: str | None) -> str | None:
    """The row's country code ('' or no column: unchanged); RoleError for an unknown one."""
    if not text or not text.strip():
        return None
    try:
        return check_country(text)
    except ValueError as exc:
        raise RoleError(str(exc)) from None


def report(results: list[RowResult]) -> str:
    lines = [
        f"line {r.line}: {'applied' if r.applied else 'refused'}: {r.message}" for r in results
    ]
    applied = sum(r.applied for r in results)
    lines.append(f"{applied} row(s) applied, {len(results) - applied} refused")
    return "\n".join(lines)
