"""A large prompt tick (chunks of prompts, and PostgreSQL's array INSERT) stores exactly what
a small one stores, row for row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, select

import bot.db.bulk
import bot.prompts.opening
from bot.chat import OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core
from bot.db.leader_models import UnitLead
from bot.db.models import Delivery, Member, Prompt
from bot.outbox.enqueue import Outgoing, ToChannel, enqueue_messages
from bot.people.directory import ensure_workspace
from tests.conversation import add_people, add_program

ZONES = ("Asia/Tokyo", "Europe/Lisbon", "America/Los_Angeles", None)


async def stored(core: Core) -> list[tuple[Any, ...]]:
    """Every prompt with its delivery, by member, with ids replaced by the member's name."""
    async with core.sessions() as session:
        rows = await session.execute(
            select(Member.external_id, Prompt, Delivery)
            .join(Prompt, Prompt.member_id == Member.id)
            .join(Delivery, Delivery.prompt_id == Prompt.id)
            .order_by(Member.external_id)
        )
        result = []
        for user, prompt, delivery in rows.all():
            payload = str(delivery.payload).replace(f"'{prompt.id}'", "'<id>'")
            result.append(
                (
                    user,
                    prompt.cycle,
                    prompt.question_id,
                    prompt.status,
                    prompt.opened_at,
                    prompt.closes_at,
                    prompt.remind_at,
                    delivery.dedupe_key == f"prompt:{prompt.id}",
                    delivery.kind,
                    delivery.workspace_id,
                    delivery.status,
                    delivery.attempts,
                    delivery.not_before,
                    payload,
                )
            )
        return result


async def test_chunked_and_bulk_openings_store_what_one_transaction_stores(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [(f"user{i:02d}", ZONES[i % len(ZONES)]) for i in range(23)]
    await add_people(core, *people, unit="Eng")
    await add_people(core, ("lead", "Europe/Lisbon"), unit="Eng")
    await add_people(core, ("sales", "Europe/Berlin"), unit="Sales")
    async with core.sessions.begin() as session:
        lead = await session.scalar(select(Member.id).where(Member.external_id == "lead"))
        session.add(UnitLead(member_id=lead, unit="Eng"))
    await add_program(core)
    clock.set(datetime(2026, 3, 6, 12, tzinfo=UTC))  # Thursday 15:00 has passed everywhere

    assert await core.prompting.open_due_prompts() == 25
    whole = await stored(core)
    async with core.sessions.begin() as session:
        await session.execute(delete(Delivery))
        await session.execute(delete(Prompt))

    monkeypatch.setattr(bot.prompts.opening, "OPEN_CHUNK", 4)
    monkeypatch.setattr(bot.db.bulk, "UNNEST_FROM", 2)
    assert await core.prompting.open_due_prompts() == 25
    assert await stored(core) == whole
    assert await core.prompting.open_due_prompts() == 0  # the keys hold across chunks


async def test_queueing_in_bulk_counts_only_the_new_deliveries(
    core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.db.bulk, "UNNEST_FROM", 2)  # PostgreSQL: the array INSERT
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", "W1", clock.now())

    def posts(*keys: str) -> list[Outgoing]:
        to = ToChannel(workspace.id, "C-feed")
        return [Outgoing(key, "feed", to, OutgoingMessage(text=key)) for key in keys]

    async with core.sessions.begin() as session:
        assert await enqueue_messages(session, posts("a", "b", "c"), clock.now()) == 3
    async with core.sessions.begin() as session:
        assert await enqueue_messages(session, posts("a", "b", "c", "d"), clock.now()) == 1
