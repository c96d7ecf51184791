"""Each share mode does what it says: feed posts each answer, digest posts once, private none."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import ConversationAddress, FormSubmitted, MemberAddress
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Prompt
from tests.conversation import FEED, WORKSPACE, add_people, add_program, advance_to

OPEN = datetime(2026, 3, 5, 16, tzinfo=UTC)
AFTER_CLOSE = datetime(2026, 3, 9, 1, tzinfo=UTC)


async def answer(core: Core, user: str, text: str, visibility: str) -> None:
    """`user` opens their prompt's form and submits it."""
    async with core.sessions() as session:
        prompt_id = await session.scalar(
            select(Prompt.id)
            .join(Member, Prompt.member_id == Member.id)
            .where(Member.external_id == user)
        )
    await core.inbound.handle(
        FormSubmitted(
            f"{user}-answer",
            MemberAddress("memory", WORKSPACE, user),
            "prompt.answer",
            str(prompt_id),
            {"q0": text, "visibility": visibility},
        )
    )


async def three_answers(core: Core, clock: FakeClock, share_mode: str) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cy", "UTC"), ("dee", "UTC"))
    await add_program(
        core,
        share_mode=share_mode,
        feed=None if share_mode == "private" else f"memory:{WORKSPACE}:{FEED}",
    )
    await advance_to(core, clock, OPEN)
    await answer(core, "ana", "Named lesson.", "shared")
    await answer(core, "ben", "Anonymous lesson.", "anonymous")
    await answer(core, "cy", "Private lesson.", "private")
    await advance_to(core, clock, AFTER_CLOSE)


async def test_feed_mode_posts_each_shared_answer_as_it_arrives(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, "feed")

    posts = [p.message for p in platform.posted_in(FEED)]
    assert len(posts) == 2
    assert "Ana shared" in posts[0].title and "Named lesson." in posts[0].text
    assert "anonymous" in posts[1].title and "Ben" not in posts[1].title
    assert not any("Private lesson." in p.text for p in posts)


async def test_digest_mode_posts_one_digest_when_the_round_closes(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, "digest")

    [digest] = platform.posted_in(FEED)
    assert digest.at >= datetime(2026, 3, 8, 15, tzinfo=UTC)  # after the 3-day window
    text = digest.message.text
    assert "Named lesson." in text and "Anonymous lesson." in text
    assert "Private lesson." not in text and "Ben" not in text
    assert "2 shared answer(s) from 4 colleague(s) asked" in text


async def test_private_mode_shares_nothing(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, "private")

    assert [s for s in platform.transcript if isinstance(s.to, ConversationAddress)] == []
