"""Shared lessons for the archive's tests: members post them through chat, as they would."""

from __future__ import annotations

from bot.actions import LESSON_FORM
from bot.chat import FormSubmitted
from bot.core import Core
from tests.conversation import add_people, who

_IDS = iter(range(1, 1_000_000))


async def post_lesson(
    core: Core, user: str, title: str, learned: str, tags: str = "", visibility: str = "shared"
) -> None:
    """`user` posts a lesson with the lesson form (`share` in chat)."""
    fields = {"q0": title, "q1": "It happened.", "q2": learned, "q3": tags}
    reply = await core.inbound.handle(
        FormSubmitted(
            f"lesson-{next(_IDS)}", who(user), LESSON_FORM, "", {**fields, "visibility": visibility}
        )
    )
    assert reply is not None and "saved" in reply.text, reply


async def a_team(core: Core, unit: str, *users: str, lead: str = "") -> None:
    """Members of `unit` (and its lead, a lead of that unit)."""
    await add_people(core, *((user, "Europe/Lisbon") for user in users), unit=unit)
    if lead:
        await add_people(core, (lead, "Europe/Lisbon"), unit=unit, role="lead")
