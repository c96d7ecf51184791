"""The core's services wired together for one database, clock and set of platforms."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.archive.reuse import ReuseTelling
from bot.chat import ChatPlatform
from bot.checkins.rounds import Checkins
from bot.clock import Clock
from bot.inbound.router import InboundHandler
from bot.leaders.nudging import Nudging
from bot.leaders.recognition import Recognition
from bot.newcomers.service import Newcomers
from bot.newcomers.starters import starter_questions
from bot.outbox.dispatch import DEFAULT_LIMITS, Dispatcher, OutboxLimits
from bot.people.platform_state import MemberChange, NativeChange, PlatformState
from bot.people.sync import DirectorySync
from bot.programs.questions import seed_bank
from bot.prompts.rounds import Prompting
from bot.settings import Settings

__all__ = [  # the services' types adapters may name
    "Core",
    "DirectorySync",
    "MemberChange",
    "NativeChange",
    "PlatformState",
    "PluginResources",
    "build_core",
]


@dataclass(frozen=True)
class Core:
    """Everything jobs and adapters call into."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    org_zone: str
    platforms: dict[str, ChatPlatform]  # filled by the adapters at start-up
    prompting: Prompting
    checkins: Checkins
    nudging: Nudging
    recognition: Recognition
    dispatcher: Dispatcher
    inbound: InboundHandler
    directory_sync: DirectorySync
    platform_state: PlatformState
    reuse: ReuseTelling
    newcomers: Newcomers

    async def seed(self) -> int:
        """Add the shipped question bank (idempotent)."""
        async with self.sessions.begin() as session:
            return await seed_bank(session, self.clock.now())


@dataclass(frozen=True)
class PluginResources:
    """What the composition root owns and lends a platform plugin besides the core.

    `engine` is only for an SDK's own tables (Slack's installation and OAuth state stores);
    kmbot's data is reached through the core's services.
    """

    engine: AsyncEngine
    settings: Settings


def build_core(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    org_zone: str,
    platforms: dict[str, ChatPlatform],
    outbox: OutboxLimits = DEFAULT_LIMITS,
    *,
    privacy_url: str = "",
    public_url: str = "",
) -> Core:
    """Every core service on one sessionmaker, clock and organisation zone; prompts link to
    `privacy_url` when it is given, and `dashboard` links start with `public_url`."""
    return Core(
        sessions=sessions,
        clock=clock,
        org_zone=org_zone,
        platforms=platforms,
        prompting=Prompting(sessions, clock, org_zone, privacy_url, starters=starter_questions),
        checkins=Checkins(sessions, clock, org_zone),
        nudging=Nudging(sessions, clock, org_zone),
        recognition=Recognition(sessions, clock, org_zone),
        dispatcher=Dispatcher(sessions, clock, platforms, outbox),
        inbound=InboundHandler(sessions, clock, org_zone, public_url),
        directory_sync=DirectorySync(sessions, clock),
        platform_state=PlatformState(sessions),
        reuse=ReuseTelling(sessions, clock, org_zone),
        newcomers=Newcomers(sessions, clock, org_zone),
    )
