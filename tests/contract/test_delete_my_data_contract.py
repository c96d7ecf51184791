"""`delete my data` on every platform: asked first with buttons, then done or not done."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import actions
from bot.db.models import Member, Reply
from tests.contract.harness import ChatHarness
from tests.contract.test_weekly_prompt_contract import prompt_for


async def members(chat: ChatHarness) -> list[str]:
    async with chat.core.sessions() as session:
        return sorted((await session.scalars(select(Member.display_name))).all())


async def test_delete_my_data_asks_then_deletes_on_the_members_click(chat: ChatHarness) -> None:
    await prompt_for(chat)
    await chat.add_member("bo", "Europe/Lisbon")
    [prompt] = chat.dms("ana")
    await chat.submit("ana", prompt, {"q0": "Small batches ship.", "visibility": "shared"})
    before = await members(chat)

    asked = await chat.say("ana", "delete my data")

    assert "cannot be undone" in asked.text and "Weekly learning" in asked.text
    confirm = asked.message_with(actions.PRIVACY_DELETE)
    assert {aid for aid, _ in confirm.actions} == {
        actions.PRIVACY_DELETE,
        actions.PRIVACY_KEEP,
    }
    kept = await chat.click("ana", confirm, actions.PRIVACY_KEEP)
    assert "Nothing was deleted" in kept.text and await members(chat) == before

    done = await chat.click("ana", confirm, actions.PRIVACY_DELETE)

    assert "no longer holds anything about you" in done.text
    assert len(await members(chat)) == len(before) - 1 and "Ana" not in await members(chat)
    async with chat.core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Reply)) == 0
