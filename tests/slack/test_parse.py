"""Slack's own payloads parse into kmbot's neutral events."""

from __future__ import annotations

from adapters.slack.block_text import chunks, escape
from adapters.slack.parse import (
    action_from_block_actions,
    event_from_callback,
    form_from_view_submission,
    person_from_user,
)
from adapters.slack.render import message_blocks, modal_view
from bot.chat import (
    Form,
    FormField,
    HomeOpened,
    MemberAddress,
    MemberJoined,
    MessageReceived,
    MessageRef,
    OutgoingMessage,
)
from tests.slack.fake_slack import fixture


def test_events_from_slacks_payloads() -> None:
    home = event_from_callback(fixture("app_home_opened.event_callback.json"))
    joined = event_from_callback(fixture("member_joined_channel.event_callback.json"))
    dm = event_from_callback(
        {
            "type": "event_callback",
            "team_id": "T1",
            "event_id": "Ev1",
            "event": fixture("message_im.inner_event.docs_example.json"),
        }
    )

    assert home == HomeOpened("EvQS5ZLDJT", MemberAddress("slack", "T12345678", "U12345678"))
    assert joined == MemberJoined("Ev111", MemberAddress("slack", "T111", "W111"), "C111")
    assert isinstance(dm, MessageReceived) and dm.text == "Hello hello can you hear me?"
    assert dm.conversation == "D024BE91L"


def test_what_kmbot_ignores_parses_to_nothing() -> None:
    assert event_from_callback(fixture("message.event_callback.schema_sample.json")) is None
    assert event_from_callback(fixture("app_mention.event_callback.json")) is None
    assert (
        event_from_callback(fixture("app_mention.event_callback.from_socket_mode_envelope.json"))
        is None
    )
    assert event_from_callback({"type": "event_callback"}) is None


def test_button_clicks_and_a_submitted_modal() -> None:
    click = action_from_block_actions(
        fixture("block_actions.button_click.message.docs_example.json")
    )
    home = action_from_block_actions(fixture("block_actions.button_click.app_home.json"))
    form = form_from_view_submission(fixture("view_submission.json"))

    assert click is not None and (click.action_id, click.value) == ("WaXA", "click_me_123")
    assert click.message == MessageRef("CBR2V3XEX", "1548261231.000200")
    assert click.event_id == "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3"
    assert home is not None and home.message is None and home.value == "create_task"
    assert form is not None and form.form_id == "request-modal"
    assert form.fields == {"request-block": "test test test"}
    assert form.member == MemberAddress("slack", "T123", "U123")


def test_people_from_users_list() -> None:
    [first, _] = fixture("api.users.list.ok_with_next_cursor.json")["members"]
    person = person_from_user(first)
    guest = {**first, "is_restricted": True}

    assert person is not None and person.tz == "America/Los_Angeles"
    assert person_from_user({**first, "is_bot": True}) is None
    assert person_from_user({**first, "deleted": True}) is None
    assert person_from_user(guest) is None and person_from_user(guest, True) is not None


def test_rendering_respects_block_kit_limits() -> None:
    long = "x" * 7000
    blocks = message_blocks(OutgoingMessage(text=long, title="t" * 200))
    modal = modal_view(
        Form(
            "prompt.answer",
            "A title longer than twenty-four",
            (FormField("q0", "Q?", max_length=5000),),
            value="7",
        )
    )

    assert len(blocks[0]["text"]["text"]) == 150
    assert [len(b["text"]["text"]) for b in blocks[1:]] == [3000, 3000, 1000]
    assert len(modal["title"]["text"]) == 24 and modal["private_metadata"] == "7"
    assert modal["blocks"][0]["element"]["max_length"] == 3000
    assert escape("a<b & c>d\n> quoted") == "a&lt;b &amp; c&gt;d\n> quoted"
    assert chunks("a\nb", 1) == ["a", "b"]
