"""Each share mode does what it says: feed posts each answer, digest posts once, private none."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import ConversationAddress
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Reply
from tests.conversation import FEED, WORKSPACE, add_people, add_program, advance_to, fill_in

OPEN = datetime(2026, 3, 5, 16, tzinfo=UTC)
AFTER_CLOSE = datetime(2026, 3, 9, 1, tzinfo=UTC)

RECORDED = "Thank you, your answer is recorded."
SHARED = "Thank you, your answer is recorded and shared with your colleagues."


async def answer(
    core: Core, platform: InMemoryPlatform, user: str, text: str, visibility: str, told: str
) -> None:
    """`user` answers their prompt through its form and is `told` what became of the answer."""
    [prompt] = platform.sent_to(user)
    reply = await fill_in(core, user, prompt, {"q0": text, "visibility": visibility})
    assert reply.text == told


async def three_answers(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, share_mode: str
) -> None:
    """Ana shares by name, Ben anonymously, Cy privately; Dee does not answer."""
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cy", "UTC"), ("dee", "UTC"))
    await add_program(core, share_mode=share_mode, feed=f"memory:{WORKSPACE}:{FEED}")
    await advance_to(core, clock, OPEN)
    shared_now = SHARED if share_mode == "feed" else RECORDED  # a digest shares at the close
    await answer(core, platform, "ana", "Named lesson.", "shared", shared_now)
    await answer(core, platform, "ben", "Anonymous lesson.", "anonymous", shared_now)
    await answer(core, platform, "cy", "Private lesson.", "private", RECORDED)
    await advance_to(core, clock, AFTER_CLOSE)


async def test_feed_mode_posts_each_shared_answer_as_it_arrives(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, platform, "feed")

    posts = [p.message for p in platform.posted_in(FEED)]
    assert len(posts) == 2
    assert "Ana shared" in posts[0].title and "Named lesson." in posts[0].text
    assert "anonymous" in posts[1].title and "Ben" not in posts[1].title
    assert not any("Private lesson." in p.text for p in posts)


async def test_digest_mode_posts_one_digest_when_the_round_closes(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, platform, "digest")

    [digest] = platform.posted_in(FEED)
    assert digest.at >= datetime(2026, 3, 8, 15, tzinfo=UTC)  # after the 3-day window
    text = digest.message.text
    assert "Named lesson." in text and "Anonymous lesson." in text
    assert "Private lesson." not in text and "Ben" not in text
    assert "2 shared answers from 4 colleagues asked" in text


async def test_private_mode_records_every_answer_and_shares_nothing_even_with_a_feed(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await three_answers(core, clock, platform, "private")

    assert [s for s in platform.transcript if isinstance(s.to, ConversationAddress)] == []
    async with core.sessions() as session:
        stored = list(await session.scalars(select(Reply).order_by(Reply.id)))
    assert [(r.answers[0]["text"], r.visibility) for r in stored] == [
        ("Named lesson.", "private"),
        ("Anonymous lesson.", "private"),
        ("Private lesson.", "private"),
    ]
