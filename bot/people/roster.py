"""Directory sync: apply a platform's list of people to a workspace, platform-neutrally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Person
from bot.db.models import Member
from bot.people.directory import ensure_workspace, replace_group, upsert_member
from bot.people.pending import match_pending


@dataclass(frozen=True)
class SyncReport:
    """What applying a directory list changed."""

    added: int
    updated: int
    deactivated: int


async def sync_workspace(
    session: AsyncSession,
    platform: str,
    workspace_id: str,
    people: list[Person],
    now: datetime,
    *,
    complete: bool = True,
) -> SyncReport:
    """Upsert `people`; when the list is `complete`, deactivate members no longer in it.

    A member's own settings (pause, opt-out, zone override) survive a sync.
    """
    workspace = await ensure_workspace(session, platform, workspace_id, now)
    known = {
        m.external_id: m
        for m in await session.scalars(select(Member).where(Member.workspace_id == workspace.id))
    }
    added = updated = 0
    synced = []
    for person in people:
        existing = known.get(person.user)
        member = await upsert_member(
            session,
            workspace,
            person.user,
            now,
            display_name=person.name,
            unit=person.unit,
            email=person.email,
            tz=person.tz,
        )
        if person.native:
            member.conversation_native = person.native
        member.title = member.title or person.title  # an HR file's title is kept
        if person.locale:
            member.locale = person.locale[:35]
        added += existing is None
        updated += existing is not None
        synced.append(member)
    await match_pending(session, synced)
    deactivated = 0
    if complete:
        gone = [external for external in known if external not in {p.user for p in people}]
        if gone:
            result = await session.execute(
                update(Member)
                .where(
                    Member.workspace_id == workspace.id,
                    Member.external_id.in_(gone),
                    Member.active.is_(True),
                )
                .values(active=False)
            )
            deactivated = result.rowcount or 0  # type: ignore[attr-defined]
    return SyncReport(added, updated, deactivated)


async def sync_group(
    session: AsyncSession,
    platform: str,
    workspace_id: str,
    group_id: str,
    users: list[str],
    now: datetime,
) -> int:
    """Set a channel's (or team's) members from the platform; unknown users are added."""
    workspace = await ensure_workspace(session, platform, workspace_id, now)
    ids = [(await upsert_member(session, workspace, user, now)).id for user in users]
    await replace_group(session, group_id, ids)
    return len(ids)
