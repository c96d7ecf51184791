"""Fixtures for the Teams adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import Core
from tests.teams.rig import TeamsRig, start_rig


@pytest.fixture
async def rig(core: Core, engine: AsyncEngine) -> AsyncIterator[TeamsRig]:
    async for started in start_rig(core, engine):
        yield started
