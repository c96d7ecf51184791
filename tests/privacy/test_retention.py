"""A program's --retention-months: older answers and prompts go, by the scheduled job."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Delivery, Prompt, Reply
from bot.privacy.retention import Retention, months_before
from tests.conversation import FEED, WORKSPACE, add_people, add_program, advance_to, fill_in

FIRST_ROUND = datetime(2026, 3, 5, 15, tzinfo=UTC)  # Thursday 15:00 UTC


def test_months_are_calendar_months() -> None:
    assert months_before(datetime(2026, 7, 31, 9, tzinfo=UTC), 3) == datetime(
        2026, 4, 30, 9, tzinfo=UTC
    )
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 2) == datetime(2025, 11, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 5, tzinfo=UTC), -3) == datetime(2026, 6, 5, tzinfo=UTC)


async def answer_everything(core: Core, platform: InMemoryPlatform, done: set[str]) -> None:
    for user in ("ana", "bo"):
        for sent in platform.sent_to(user):
            if sent.ref.message_id not in done and any(
                b.action_id == "prompt.answer" for b in sent.message.buttons
            ):
                done.add(sent.ref.message_id)
                await fill_in(core, user, sent, {"q0": "A lesson.", "visibility": "shared"})


async def test_answers_older_than_the_retention_are_deleted_by_the_job(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("bo", "UTC"))
    await add_program(core, retention_months=2, feed=f"memory:{WORKSPACE}:{FEED}")
    await add_program(core, name="Forever", share_mode="private", feed=None)
    done: set[str] = set()
    for week in range(4):  # four weekly rounds in March, all answered
        await advance_to(core, clock, datetime(2026, 3, 5 + 7 * week, 16, tzinfo=UTC))
        await answer_everything(core, platform, done)
    retention = Retention(core.sessions, core.clock)
    async with core.sessions() as session:
        assert await retention.next_expiry(session) == datetime(2026, 5, 5, 15, tzinfo=UTC)
        replies_before = await session.scalar(select(func.count()).select_from(Reply))
    assert replies_before == 16  # 2 members x 2 programs x 4 rounds

    await advance_to(core, clock, datetime(2026, 5, 20, 12, tzinfo=UTC))  # the job ran

    cutoff = datetime(2026, 3, 20, 12, tzinfo=UTC)
    async with core.sessions() as session:
        weekly = select(Prompt).where(Prompt.program_id == 1)
        opened = [p.opened_at for p in await session.scalars(weekly)]
        assert opened and min(opened) >= cutoff  # the rounds of March 5, 12 and 19 are gone
        written = (
            await session.scalars(select(Reply.created_at).where(Reply.program_id == 1))
        ).all()
        forever = await session.scalar(
            select(func.count()).select_from(Reply).where(Reply.program_id == 2)
        )
        digests = (
            await session.scalars(
                select(Delivery.created_at).where(Delivery.dedupe_key.startswith("digest:1:"))
            )
        ).all()
    assert len(written) == 2 and min(written) >= cutoff  # only the March 26 round is kept
    assert forever == 8  # the program without retention keeps all its March answers
    assert digests and min(digests) >= cutoff
