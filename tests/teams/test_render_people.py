"""A check-in intro in Teams carries a button that opens a chat with the partner."""

from __future__ import annotations

from adapters.teams.render import card
from bot.chat import MemberAddress, OutgoingMessage, PersonLink


def test_people_with_an_email_get_a_chat_deep_link() -> None:
    ben = PersonLink(MemberAddress("teams", "tenant", "aad-ben"), "Ben", "ben@contoso.com")
    no_email = PersonLink(MemberAddress("teams", "tenant", "aad-cy"), "Cy")

    content = card(OutgoingMessage(text="Meet Ben and Cy.", people=(ben, no_email)))

    links = [a for a in content["actions"] if a["type"] == "Action.OpenUrl"]
    assert links == [
        {
            "type": "Action.OpenUrl",
            "title": "Chat with Ben",
            "url": "https://teams.microsoft.com/l/chat/0/0?users=ben%40contoso.com",
        }
    ]
