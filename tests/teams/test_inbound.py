"""Real Teams payloads and bad input posted to /api/messages."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from adapters.teams.settings import TeamsSettings
from bot.core import Core
from bot.db.models import Member, ProcessedEvent, Workspace
from tests.teams.rig import FIXTURES, TeamsRig, fixture, start_rig

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"  # message.personal.json's tenant


async def count(rig: TeamsRig, model: type) -> int:
    async with rig.core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_personal_message_from_a_stranger_is_answered_politely(rig: TeamsRig) -> None:
    status, _ = await rig.post(fixture("message.personal.json"))

    assert status == 201
    [answer] = rig.connector.calls
    assert answer.reply_to == "1485983408511" and "don't know you" in answer.activity["text"]


async def test_adding_the_bot_to_a_personal_chat_enrols_and_keeps_the_reference(
    rig: TeamsRig,
) -> None:
    added = fixture("conversationUpdate.membersAdded.bot_added_personal.placeholders.json")

    status, _ = await rig.post(added)
    helped_status, _ = await rig.post(
        {
            **fixture("message.personal.json"),
            "from": added["from"],
            "id": "m2",
            "channelData": added["channelData"],
            "text": "help",
        }
    )

    assert (status, helped_status) == (201, 201)
    async with rig.core.sessions() as session:
        [member] = await session.scalars(select(Member))
    assert member.external_id == "***" and '"reference"' in (member.conversation_native or "")
    assert rig.connector_url in (member.conversation_native or "")  # service URL kept
    assert "pause" in rig.connector.calls[-1].activity["text"]


async def test_the_same_activity_twice_is_handled_once(rig: TeamsRig) -> None:
    await rig.post(fixture("message.personal.json"))
    await rig.post(fixture("message.personal.json"))

    assert len(rig.connector.calls) == 1


async def test_a_channel_mention_is_answered_in_its_thread_with_a_pointer_to_the_dm(
    rig: TeamsRig,
) -> None:
    mention = fixture("message.channel_mention.json")

    status, _ = await rig.post(mention)

    assert status == 201
    [answer] = rig.connector.calls  # no personal chat to answer in: the thread it came from
    assert answer.conversation == mention["conversation"]["id"]
    assert answer.reply_to == mention["id"] and "direct chat" in answer.activity["text"]


async def test_malformed_bodies_get_a_400_and_nothing_is_recorded(rig: TeamsRig) -> None:
    invalid = (
        FIXTURES / "message.card_messageBack_submit.docs_example.INVALID_JSON_trailing_comma.txt"
    ).read_text()
    responses = [
        await rig.client.post(
            "/api/messages", data=invalid, headers={"Content-Type": "application/json"}
        ),
        await rig.client.post("/api/messages", json={"no": "type"}),
        await rig.client.post("/api/messages", json=["a list"]),
        await rig.client.post("/api/messages", data="hello"),
    ]

    assert [r.status for r in responses] == [400, 400, 400, 415]
    assert await count(rig, ProcessedEvent) == 0


async def test_an_activity_without_a_tenant_is_a_logged_no_op(rig: TeamsRig) -> None:
    broken = copy.deepcopy(fixture("message.personal.json"))
    del broken["channelData"]

    status, _ = await rig.post(broken)

    assert status == 201 and rig.connector.calls == []
    assert await count(rig, ProcessedEvent) == 0


async def test_an_unknown_activity_type_is_a_logged_no_op(rig: TeamsRig) -> None:
    status, _ = await rig.post({**fixture("message.personal.json"), "type": "messageReaction"})

    assert status == 201 and rig.connector.calls == []


async def test_an_action_execute_invoke_gets_an_invoke_response(rig: TeamsRig) -> None:
    status, body = await rig.post(fixture("invoke.adaptiveCard_action.personal.json"))

    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "don't know you" in str(body["value"]["body"])  # not enrolled: a clear answer


async def test_install_then_uninstall_marks_the_tenant_inactive_keeping_history(
    rig: TeamsRig,
) -> None:
    install = fixture("installationUpdate.add.team.json")
    team = install["channelData"]["team"]["id"]
    rig.connector.rosters[team] = fixture_pages()
    await rig.post(install)
    removal = {**copy.deepcopy(install), "action": "remove", "id": "f:removed"}

    status, _ = await rig.post(removal)

    assert status == 201
    async with rig.core.sessions() as session:
        [workspace] = await session.scalars(select(Workspace))
        members = list(await session.scalars(select(Member)))
    assert workspace.active is False
    assert len(members) == 2 and not any(m.active for m in members)


def fixture_pages() -> list[dict[str, object]]:
    page = fixture("api.pagedmembers.response.json")
    return [{**page, "continuationToken": None}]


async def test_with_an_app_id_an_unsigned_request_is_refused(core: Core) -> None:
    settings = TeamsSettings(
        app_id="00000000-0000-0000-0000-000000000001", app_password="not-a-real-secret"
    )
    async for rig in start_rig(core, settings=settings):
        status, _ = await rig.post(fixture("message.personal.json"))
        forged, _ = await rig.post(
            fixture("message.personal.json"), Authorization="Bearer not.a.token"
        )

        assert (status, forged) == (401, 401)
        assert rig.connector.calls == [] and await count(rig, ProcessedEvent) == 0
