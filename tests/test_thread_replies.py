"""Replies in a post's thread wait in the outbox until the post is sent, then go in its
thread, in order; if the post can never be sent they are posted on their own, not lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import (
    DeliveryError,
    OutgoingMessage,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Delivery
from bot.outbox.enqueue import Outgoing, ToChannel, ToThread, enqueue_messages
from bot.people.directory import ensure_workspace

HEAD = "digest:1:0"


async def a_post_with_two_replies(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, first_send: DeliveryError
) -> None:
    """A post and two replies in its thread are queued and sent; the post's first send fails."""
    platform.fail_next("C-feed", first_send)
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", "T1", clock.now())
        thread = ToThread(workspace.id, "C-feed", HEAD)
        await enqueue_messages(
            session,
            [
                Outgoing(
                    HEAD, "digest", ToChannel(workspace.id, "C-feed"), OutgoingMessage("head")
                ),
                Outgoing(f"{HEAD}:2", "digest", thread, OutgoingMessage("reply 1")),
                Outgoing(f"{HEAD}:3", "digest", thread, OutgoingMessage("reply 2")),
            ],
            clock.now(),
        )
    await core.dispatcher.dispatch_due()


async def statuses(core: Core) -> list[str]:
    async with core.sessions() as session:
        return list(await session.scalars(select(Delivery.status).order_by(Delivery.id)))


async def test_the_replies_wait_for_their_post_then_go_in_its_thread_in_order(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await a_post_with_two_replies(core, clock, platform, TransientDeliveryError("network"))

    assert platform.transcript == [] and await statuses(core) == ["pending", "waiting", "waiting"]
    clock.advance(timedelta(minutes=1))
    await core.dispatcher.dispatch_due()

    [head] = platform.posted_in("C-feed")
    assert head.message.text == "head"
    replies = platform.thread_of(head.ref)
    assert [r.message.text for r in replies] == ["reply 1", "reply 2"]
    assert await statuses(core) == ["sent", "sent", "sent"]


async def test_replies_to_a_post_that_can_never_be_sent_are_posted_on_their_own(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await a_post_with_two_replies(core, clock, platform, PermanentDeliveryError("gone"))

    assert [s.message.text for s in platform.posted_in("C-feed")] == ["reply 1", "reply 2"]
    assert await statuses(core) == ["failed", "sent", "sent"]


async def test_a_thread_reply_must_extend_its_posts_key(core: Core, clock: FakeClock) -> None:
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", "T1", clock.now())
        stray = Outgoing(
            "other:2", "digest", ToThread(workspace.id, "C", HEAD), OutgoingMessage("")
        )
        with pytest.raises(ValueError, match="extends its parent's"):
            await enqueue_messages(session, [stray], clock.now())
