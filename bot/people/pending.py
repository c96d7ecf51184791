"""People imported before any sync, matched by email when a platform's directory shows them."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Workspace
from bot.db.people_models import PendingPerson
from bot.people.roles import RoleError, set_role

log = logging.getLogger(__name__)


async def match_pending(session: AsyncSession, members: Iterable[Member]) -> int:
    """Apply pending HR rows to the synced `members` whose email they carry; how many matched.

    A matched member also becomes the manager of everyone whose imported manager was their
    email. A pending row is removed once applied (so one account, the first seen, gets it).
    """
    by_email = {m.email.lower(): m for m in members if m.email}
    if not by_email:
        return 0
    pending = list(
        await session.scalars(select(PendingPerson).where(PendingPerson.email.in_(list(by_email))))
    )
    for row in pending:
        member = by_email[row.email]
        member.unit = row.unit or member.unit
        member.level = row.level
        member.office = row.office or member.office
        member.country = row.country or member.country
        member.title = row.title or member.title
        member.start_date = row.start_date or member.start_date
        await _set_manager(session, member, row.manager)
        try:
            await set_role(session, member, row.role, [row.unit] if row.unit else None)
        except RoleError as exc:  # never fails a sync: the rest of the row still applies
            log.warning("pending role for %s not applied: %s", row.email, exc)
    if pending:
        await session.execute(
            delete(PendingPerson).where(PendingPerson.id.in_([r.id for r in pending]))
        )
    awaited = await session.scalars(
        select(func.lower(Member.pending_manager))
        .where(Member.pending_manager.is_not(None))
        .distinct()
    )
    for email in set(awaited) & set(by_email):
        member = by_email[email]
        await session.execute(
            update(Member)
            .where(func.lower(Member.pending_manager) == email, Member.id != member.id)
            .values(manager_id=member.id, pending_manager=None)
        )
    return len(pending)


async def _set_manager(session: AsyncSession, member: Member, reference: str | None) -> None:
    """The manager a pending row names: a member kmbot knows, else their email, kept."""
    member.manager_id, member.pending_manager = None, None
    if not reference:
        return
    if ":" in reference:
        platform, workspace, user = reference.split(":", 2)
        query = (
            select(Member.id)
            .join(Workspace, Member.workspace_id == Workspace.id)
            .where(
                Workspace.platform == platform,
                Workspace.external_id == workspace,
                Member.external_id == user,
            )
        )
    else:
        query = select(Member.id).where(func.lower(Member.email) == reference)
    found = list(await session.scalars(query.limit(2)))
    if len(found) == 1:
        member.manager_id = found[0]
    else:
        member.pending_manager = reference
