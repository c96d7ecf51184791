"""`my data` on every platform: the member receives a JSON file of what kmbot holds on them."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.db.models import Member, Reply
from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import prompt_for


async def test_my_data_sends_the_member_their_own_file(chat: ChatHarness) -> None:
    await prompt_for(chat)
    await chat.add_member("bo", "Europe/Lisbon")
    [prompt] = chat.dms("ana")
    await chat.submit(
        "ana", prompt, {"q0": "Pairing on reviews halves the waiting.", "visibility": "shared"}
    )

    answer = await chat.say("ana", "my data")

    assert "everything kmbot holds about you" in answer.text
    [(name, content)] = answer.files
    assert name.endswith(".json")
    document = json.loads(content)
    async with chat.core.sessions() as session:
        ana = await session.scalar(select(Member).where(Member.external_id.like("%ana")))
        replies = await session.scalar(select(func.count()).select_from(Reply))
    assert ana is not None and replies == 1
    tables = document["tables"]
    assert [row["id"] for row in tables["members"]] == [ana.id]  # Ana's row, not Bo's
    [reply] = tables["replies"]
    assert reply["answers"][0]["text"] == "Pairing on reviews halves the waiting."
    assert len(tables["prompts"]) == 1 and tables["deliveries"]
    assert [row["display_name"] for row in tables["members"]] == ["Ana"]
