"""A check-in intro links the partner in Slack: a mention opens their profile and DM."""

from __future__ import annotations

from adapters.slack.render import message_blocks
from bot.chat import MemberAddress, OutgoingMessage, PersonLink


def test_people_in_a_message_are_mentioned() -> None:
    message = OutgoingMessage(
        text="This round you're matched with Ben.",
        people=(PersonLink(MemberAddress("slack", "T1", "U0BEN"), "Ben"),),
    )

    blocks = message_blocks(message)

    assert {"type": "mrkdwn", "text": "Say hello: <@U0BEN>"} in [
        element for block in blocks if block["type"] == "context" for element in block["elements"]
    ]
