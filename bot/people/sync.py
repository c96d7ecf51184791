"""The directory sync service: adapters hand it the people and groups a platform lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import Person
from bot.clock import Clock
from bot.db.models import Program
from bot.people.roster import SyncReport, sync_group, sync_workspace


@dataclass(frozen=True)
class DirectorySync:
    """Applies a platform's directory to kmbot's members and groups, one transaction a call."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock

    async def save_people(
        self, platform: str, workspace: str, people: Sequence[Person], *, complete: bool
    ) -> SyncReport:
        """Upsert `people`; a `complete` list also deactivates the members missing from it."""
        async with self.sessions.begin() as session:
            return await sync_workspace(
                session, platform, workspace, list(people), self.clock.now(), complete=complete
            )

    async def save_group(
        self, platform: str, workspace: str, group: str, users: Sequence[str]
    ) -> int:
        """Set a channel's (or team's) members to `users`; returns how many it now has."""
        async with self.sessions.begin() as session:
            return await sync_group(
                session, platform, workspace, group, list(users), self.clock.now()
            )

    async def save_team(
        self, platform: str, workspace: str, group: str, people: Sequence[Person]
    ) -> SyncReport:
        """Upsert a team's people (deactivating nobody: a workspace holds several teams) and
        set the team's group to them, in one transaction."""
        async with self.sessions.begin() as session:
            now = self.clock.now()
            report = await sync_workspace(
                session, platform, workspace, list(people), now, complete=False
            )
            await sync_group(session, platform, workspace, group, [p.user for p in people], now)
            return report

    async def channel_audiences(self) -> list[str]:
        """The group ids active programs use as their audience (their members must be synced),
        and drafts' and scheduled ones' (so their preview shows whom they will reach)."""
        async with self.sessions() as session:
            return list(
                await session.scalars(
                    select(Program.audience_value).where(
                        Program.audience_kind == "group",
                        Program.active.is_(True) | Program.status.in_(("draft", "scheduled")),
                    )
                )
            )
