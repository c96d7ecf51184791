"""A lead's Monday digest with several Thank buttons reaches Slack, and each button thanks
its own author (Slack refuses a repeated action_id in one actions block)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.core import Core
from bot.people.roles import find_person, set_role
from tests.contract.harness import type_answer
from tests.conversation import add_program
from tests.platform_rules import Payload, slack_violations
from tests.slack.harness import TEAM, SlackHarness, slack_world

THURSDAY_16 = datetime(2026, 3, 5, 16, tzinfo=UTC)
MONDAY_9 = datetime(2026, 3, 9, 9, tzinfo=UTC)


async def test_each_thank_button_of_a_leads_digest_thanks_its_own_author(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        for user in ("U-lena", "U-ana", "U-ben"):
            await chat.add_member(user, "UTC", unit="Sales")
        async with core.sessions.begin() as session:
            await set_role(session, await find_person(session, f"slack:{TEAM}:U-lena"), "lead")
        await add_program(core, feed=chat.feed_address())
        clock.set(THURSDAY_16)
        await chat.deliver()
        await type_answer(chat, "U-ana", "Templates save an hour a week.")
        await type_answer(chat, "U-ben", "Ask support first: they had a script.")
        clock.set(MONDAY_9)
        await chat.deliver()
        await chat.deliver()

        [digest] = [m for m in world.fake.in_channel("D-U-lena") if "your team's answers" in m.text]
        payload = Payload("message", {"text": digest.text, "blocks": digest.blocks})
        assert slack_violations(payload) == []
        [seen] = [s for s in chat.dms("U-lena") if "your team's answers" in s.text]
        assert [a for a, _ in seen.actions] == ["reply.thank", "reply.thank~2"]

        thanked = await chat.click("U-lena", seen, "reply.thank~2")
        await chat.deliver()

        assert "Thank-you sent" in thanked.text
        [note] = [s for s in chat.dms("U-ben") if "noticed your answer" in s.text]
        assert "Ask support first" in note.text
        assert not [s for s in chat.dms("U-ana") if "noticed your answer" in s.text]
