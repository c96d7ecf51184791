"""Adapter-owned state kept with workspaces and members: opaque text only the adapter reads.

The core stores it (`workspaces.native`, `members.conversation_native`) and never looks
inside; an adapter changes it through a pure function of the old text, applied in one
transaction, so its format stays in the adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import MemberAddress
from bot.db.models import Member, Workspace
from bot.people.directory import find_member

NativeChange = Callable[[str | None], str]  # the stored text (None: nothing yet) -> the new text


@dataclass(frozen=True)
class MemberNative:
    """A member's adapter-owned text with their workspace's: what reaching them takes."""

    member_id: int
    native: str | None
    workspace_native: str | None


@dataclass(frozen=True)
class MemberChange:
    """What to do to one member's text; `reached`: they now have a personal chat with us."""

    change: NativeChange
    reached: bool = False


@dataclass(frozen=True)
class UnreachableMember:
    """An active member the platform could not deliver to, and why."""

    name: str  # the display name, else the platform's user id
    reason: str


@dataclass(frozen=True)
class PlatformState:
    """Reads and changes the adapter-owned text of one platform's workspaces and members."""

    sessions: async_sessionmaker[AsyncSession]

    async def workspace_native(self, platform: str, workspace: str) -> str | None:
        """The workspace's text (None when kmbot does not know the workspace or it has none)."""
        async with self.sessions() as session:
            row = await _workspace(session, platform, workspace)
            return row.native if row is not None else None

    async def change_workspace_native(
        self, platform: str, workspace: str, change: NativeChange
    ) -> str | None:
        """Apply `change` to a known workspace's text; the new text, or None if unknown."""
        async with self.sessions.begin() as session:
            row = await _workspace(session, platform, workspace)
            if row is None:
                return None
            updated = change(row.native)
            if updated != row.native:
                row.native = updated
            return updated

    async def member_native(self, platform: str, workspace: str, user: str) -> MemberNative | None:
        """A known member's text and their workspace's, read together (None if unknown)."""
        async with self.sessions() as session:
            member = await find_member(session, MemberAddress(platform, workspace, user))
            if member is None:
                return None
            row = await session.get(Workspace, member.workspace_id)
            return MemberNative(
                member.id, member.conversation_native, row.native if row is not None else None
            )

    async def change_member_native(
        self,
        platform: str,
        workspace: str,
        user: str,
        change: NativeChange,
        *,
        reached: bool = False,
    ) -> bool:
        """Apply `change` to a known member's text; False when kmbot does not know them.

        `reached`: the adapter now has a personal chat with them (they wrote from it, or it
        was just opened), so an earlier unreachable reason no longer holds.
        """
        changed = await self.change_member_natives(
            platform, workspace, {user: MemberChange(change, reached)}
        )
        return user in changed

    async def change_member_natives(
        self, platform: str, workspace: str, changes: Mapping[str, MemberChange]
    ) -> set[str]:
        """Apply each user's change in one transaction; returns the users kmbot knows."""
        if not changes:
            return set()
        async with self.sessions.begin() as session:
            members = await session.scalars(
                select(Member)
                .join(Workspace, Member.workspace_id == Workspace.id)
                .where(
                    Workspace.platform == platform,
                    Workspace.external_id == workspace,
                    Member.external_id.in_(list(changes)),
                )
            )
            known = set()
            for member in members:
                wanted = changes[member.external_id]
                if wanted.reached:
                    member.unreachable_reason = None
                updated = wanted.change(member.conversation_native)
                if updated != member.conversation_native:
                    member.conversation_native = updated
                known.add(member.external_id)
            return known

    async def member_natives(self, platform: str, workspace: str) -> dict[str, str | None]:
        """Every member's text in a workspace, by the platform's user id."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Member.external_id, Member.conversation_native)
                .join(Workspace, Member.workspace_id == Workspace.id)
                .where(Workspace.platform == platform, Workspace.external_id == workspace)
            )
            return {user: native for user, native in rows}

    async def unreachable_members(self, platform: str, workspace: str) -> list[UnreachableMember]:
        """Active members of a workspace whose deliveries failed for good, with the reason."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Member.display_name, Member.external_id, Member.unreachable_reason)
                .join(Workspace, Member.workspace_id == Workspace.id)
                .where(
                    Workspace.platform == platform,
                    Workspace.external_id == workspace,
                    Member.active.is_(True),
                    Member.unreachable_reason.is_not(None),
                )
            )
            return [UnreachableMember(name or user, reason or "") for name, user, reason in rows]


async def _workspace(session: AsyncSession, platform: str, workspace: str) -> Workspace | None:
    return await session.scalar(
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == workspace)
    )
