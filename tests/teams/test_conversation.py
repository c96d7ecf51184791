"""Installed in a team → roster from paged members → tick → cards in personal chats →
a member submits the card → answer stored → feed post in the team channel."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.db.models import GroupMembership, Member, Prompt, Reply
from tests.conversation import add_program, run_jobs
from tests.teams.fake_connector import Call
from tests.teams.rig import TeamsRig, fixture

INSTALL = fixture("installationUpdate.add.team.json")
TENANT = INSTALL["channelData"]["tenant"]["id"]
TEAM = INSTALL["channelData"]["team"]["id"]
CHANNEL = INSTALL["channelData"]["settings"]["selectedChannel"]["id"]
MEGAN = fixture("message.personal.json")["from"]
THURSDAY_15 = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def roster_pages() -> list[dict[str, object]]:
    """Page 1 is the docs' pagedmembers response; page 2 adds Megan (of message.personal)."""
    first = fixture("api.pagedmembers.response.json")
    second = {
        "members": [
            {
                "id": MEGAN["id"],
                "objectId": MEGAN["aadObjectId"],
                "name": MEGAN["name"],
                "email": "megan@example.com",
                "userRole": "user",
            }
        ],
        "continuationToken": None,
    }
    return [first, second]


def card_of(call: Call) -> dict[str, Any]:
    [attachment] = call.activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]  # type: ignore[no-any-return]


async def install(rig: TeamsRig) -> None:
    rig.connector.rosters[TEAM] = roster_pages()
    status, _ = await rig.post(INSTALL)
    assert status == 201


async def test_installing_in_a_team_syncs_every_roster_page(rig: TeamsRig) -> None:
    await install(rig)

    assert rig.connector.roster_requests == [(TEAM, ""), (TEAM, "asdfqwerueiqpiewr")]
    async with rig.core.sessions() as session:
        members = {m.display_name: m for m in await session.scalars(select(Member))}
        groups = list(await session.scalars(select(GroupMembership.group_id)))
    assert set(members) == {"John Patterson", "Rick Stevens", "Megan Bowen"}  # guest left out
    assert members["John Patterson"].external_id == "76b0b09f-d410-48fd-993e-84da521a597b"
    assert members["John Patterson"].email == "johnp@fabrikam.com"
    assert groups == [TEAM] * 3


async def test_weekly_prompt_from_install_to_feed(rig: TeamsRig) -> None:
    await install(rig)
    await add_program(rig.core, share_mode="feed", feed=f"teams:{TENANT}:{CHANNEL}")
    rig.core.clock.set(THURSDAY_15)  # type: ignore[attr-defined]

    await run_jobs(rig.core)

    assert len(rig.connector.created) == 3  # one personal chat opened per member
    megan_chat = rig.connector.personal_conversation(MEGAN["id"])
    [prompt_call] = rig.connector.posted_in(megan_chat)
    card = card_of(prompt_call)
    texts = " ".join(b.get("text", "") for b in card["body"])
    assert "We share what we learn." in texts
    inputs = {b["id"]: b["type"] for b in card["body"] if "id" in b}
    assert inputs == {"q0": "Input.Text", "visibility": "Input.ChoiceSet"}
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Submit", "Skip this week"]
    submit_data = card["actions"][0]["data"]

    submit = copy.deepcopy(fixture("message.personal.json"))
    submit.pop("text"), submit.pop("attachments")
    submit["id"] = "1485983408999"
    submit["conversation"]["id"] = megan_chat
    submit["channelData"]["tenant"]["id"] = TENANT  # the docs' sample comes from another tenant
    submit["value"] = {
        **submit_data,
        "q0": "Pairing on incidents halves the time.",
        "visibility": "shared",
    }
    status, _ = await rig.post(submit)
    assert status == 201

    async with rig.core.sessions() as session:
        [reply] = await session.scalars(select(Reply))
        prompt = await session.get(Prompt, reply.prompt_id)
    assert reply.answers[0]["text"] == "Pairing on incidents halves the time."
    assert prompt is not None and prompt.status == "answered"
    [thanks] = [c for c in rig.connector.calls if c.reply_to == "1485983408999"]
    assert "recorded" in thanks.activity["text"]

    await run_jobs(rig.core)

    [post] = rig.connector.posted_in(CHANNEL)
    feed_card = card_of(post)
    assert "Pairing on incidents halves the time." in str(feed_card["body"])
    assert "Megan Bowen" in str(feed_card["body"])
    [helpful] = feed_card["actions"]
    assert helpful["data"]["kmbot"]["action"] == "reply.helpful"
    [update] = [c for c in rig.connector.calls if c.method == "PUT"]
    assert update.conversation == megan_chat and update.activity_id == prompt_call.activity_id
    assert "answer is recorded" in str(card_of(update)["body"])
