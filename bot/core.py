"""The core's services wired together for one database, clock and set of platforms."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat import ChatPlatform
from bot.checkins.rounds import Checkins
from bot.clock import Clock
from bot.inbound.router import InboundHandler
from bot.leaders.nudging import Nudging
from bot.leaders.recognition import Recognition
from bot.outbox.dispatch import Dispatcher
from bot.programs.questions import seed_bank
from bot.prompts.rounds import Prompting


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

    async def seed(self) -> int:
        """Add the shipped question bank (idempotent)."""
        async with self.sessions.begin() as session:
            return await seed_bank(session, self.clock.now())


def build_core(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    org_zone: str,
    platforms: dict[str, ChatPlatform],
) -> Core:
    return Core(
        sessions=sessions,
        clock=clock,
        org_zone=org_zone,
        platforms=platforms,
        prompting=Prompting(sessions, clock, org_zone),
        checkins=Checkins(sessions, clock, org_zone),
        nudging=Nudging(sessions, clock, org_zone),
        recognition=Recognition(sessions, clock, org_zone),
        dispatcher=Dispatcher(sessions, clock, platforms),
        inbound=InboundHandler(sessions, clock, org_zone),
    )
