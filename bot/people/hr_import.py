"""`kmbot members import`: an HR file applied to the directory, row by row, or only checked.

People kmbot already knows are changed at once; people no platform has shown yet are kept
as pending, by email, and applied when a directory sync meets them (bot/people/pending.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.leader_models import UnitLead
from bot.db.models import Member, Workspace
from bot.db.people_models import PendingPerson
from bot.db.upsert import insert_new
from bot.people.hr_rows import read_rows
from bot.people.import_plan import DirectorySnapshot, KnownPerson, PlannedRow, plan_import
from bot.people.roles import set_role
from bot.people.units import KnownUnits, units_in_directory


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do): one line a row."""

    applied: list[str]
    refused: list[str]
    notes: list[str]
    dry_run: bool

    def text(self) -> str:
        """The applied rows and the count; the refused rows are `refused`, one line each."""
        verb = "would apply" if self.dry_run else "applied"
        summary = f"{len(self.applied)} row(s) {verb}, {len(self.refused)} refused"
        if self.dry_run:
            summary += " (dry run: nothing was changed)"
        return "\n".join([*self.notes, *self.applied, summary])


async def import_people(
    session: AsyncSession,
    text: str,
    now: datetime,
    *,
    units: KnownUnits | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row of an HR file, then apply the rows that pass (unless `dry_run`)."""
    file = read_rows(text)
    directory = await snapshot(session, units)
    planned = plan_import(file.rows, directory)
    notes = [f"note: ignored column(s): {', '.join(file.ignored_columns)}"] * bool(
        file.ignored_columns
    )
    if not directory.units.names:
        notes.append("note: no units known yet, so units were not checked (see --units FILE)")
    applied, refused = [], []
    verb = "would apply" if dry_run else "applied"
    for row in planned:
        if row.refused:
            refused.append(f"line {row.line}: refused: {row.refused}")
            continue
        said = describe(row) if dry_run else await apply_row(session, row, now)
        applied.append(f"line {row.line}: {verb}: {said}")
    return ImportReport(applied, refused, notes, dry_run)


async def snapshot(session: AsyncSession, units: KnownUnits | None) -> DirectorySnapshot:
    """Every member and pending person, as the planner reads them."""
    people: dict[str, KnownPerson] = {}
    by_address: dict[str, str] = {}
    by_email: dict[str, list[str]] = {}
    rows = await session.execute(
        select(Member, Workspace.platform, Workspace.external_id).join(
            Workspace, Member.workspace_id == Workspace.id
        )
    )
    for member, platform, workspace in rows:
        node = f"#{member.id}"
        manager = f"#{member.manager_id}" if member.manager_id else member.pending_manager
        name = member.display_name or member.external_id
        people[node] = KnownPerson(node, name, member.unit, manager, member.level)
        by_address[f"{platform}:{workspace}:{member.external_id}"] = node
        if member.email:
            by_email.setdefault(member.email.lower(), []).append(node)
    for pending in await session.scalars(select(PendingPerson)):
        if pending.email in by_email:
            continue  # met since; the next sync applies it
        manager = pending.manager
        if manager and manager in by_address:
            manager = by_address[manager]
        elif manager and len(by_email.get(manager, [])) == 1:
            manager = by_email[manager][0]
        people[pending.email] = KnownPerson(
            pending.email, pending.email, pending.unit, manager, pending.level
        )
    if units is None:
        led = await session.scalars(select(UnitLead.unit))
        units = units_in_directory({*(p.unit for p in people.values()), *led})
    return DirectorySnapshot(people, by_address, by_email, units)


async def apply_row(session: AsyncSession, row: PlannedRow, now: datetime) -> str:
    """Change the member now, or keep the row as pending until their platform shows them."""
    if row.node.startswith("#"):
        member = await session.get(Member, int(row.node[1:]))
        assert member is not None
        return await apply_to_member(session, member, row)
    pending = await session.scalar(select(PendingPerson).where(PendingPerson.email == row.node))
    if pending is None:
        await insert_new(session, PendingPerson, [{"email": row.node, "imported_at": now}])
        pending = await session.scalar(select(PendingPerson).where(PendingPerson.email == row.node))
        assert pending is not None
    pending.unit = row.unit if row.unit is not None else pending.unit or ""
    pending.role = row.role or pending.role or "member"
    pending.level = row.level
    pending.office = row.office if row.office is not None else pending.office
    pending.country = row.country if row.country is not None else pending.country
    pending.title = row.title if row.title is not None else pending.title
    pending.start_date = row.start_date or pending.start_date
    if row.manager is not None:
        pending.manager = await manager_reference(session, row.manager) or None
    pending.imported_at = now
    return f"{describe(row)}; kept until {row.node} appears on Slack or Teams"


async def apply_to_member(session: AsyncSession, member: Member, row: PlannedRow) -> str:
    """Apply a planned row to a member kmbot knows; what changed, in words."""
    if row.unit is not None:
        member.unit = row.unit
    if row.office is not None:
        member.office = row.office
    if row.country is not None:
        member.country = row.country
    if row.title is not None:
        member.title = row.title
    if row.start_date is not None:
        member.start_date = row.start_date
    member.level = row.level
    if row.manager is not None:  # "#id": a member kmbot knows; an email: someone pending
        known = row.manager.startswith("#")
        member.manager_id = int(row.manager[1:]) if known else None
        member.pending_manager = None if known else (row.manager or None)
    said = describe(row)
    if row.role is not None or (row.unit is not None and member.role == "lead"):
        units = [row.unit] if row.unit else None
        said = await set_role(session, member, row.role or member.role, units) + "; " + said
    return said


async def manager_reference(session: AsyncSession, node: str) -> str:
    """A manager node as a pending row stores it: an email, or the member's address."""
    if not node.startswith("#"):
        return node
    found = await session.execute(
        select(Member.external_id, Workspace.platform, Workspace.external_id)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(Member.id == int(node[1:]))
    )
    user, platform, workspace = found.one()
    return f"{platform}:{workspace}:{user}"


def describe(row: PlannedRow) -> str:
    parts = [row.name]
    if row.unit is not None:
        parts.append(f"unit {row.unit}")
    if row.role is not None:
        parts.append(f"role {row.role}")
    parts.append(f"level {row.level}")
    if row.office is not None:
        parts.append(f"office {row.office}")
    if row.country is not None:
        parts.append(f"country {row.country}")
    if row.title is not None:
        parts.append(f"title {row.title}")
    if row.start_date is not None:
        parts.append(f"start date {row.start_date.isoformat()}")
    return ", ".join(parts)
