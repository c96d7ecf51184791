"""The bugs the Slack fuzzing found, one ordinary example each."""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from adapters.slack.body_check import refusal, request_refusal
from adapters.slack.parse import (
    action_from_block_actions,
    command_message,
    event_from_callback,
    form_from_view_submission,
    person_from_user,
    response_url_of,
)
from tests.fuzz.conftest import SlackTarget
from tests.fuzz.observe import Problems, row_counts
from tests.fuzz.slack_bodies import FORM, JSON, SLASH_BODY, sign
from tests.slack.fake_slack import FIXTURES, fixture

PAYLOADS = sorted(p.name for p in FIXTURES.glob("*.json") if not p.name.startswith("api."))


async def _post_signed(slack: SlackTarget, body: bytes, content_type: str) -> int:
    status = await slack.post(body, content_type, sign(body))
    await slack.settle()
    return status


def _event(**changes: Any) -> bytes:
    envelope = {**fixture("app_home_opened.event_callback.json"), **changes}
    return json.dumps(envelope).encode()


@pytest.mark.parametrize(
    "body",
    [
        _event(event=None),  # bolt: 'NoneType' object has no attribute 'get' (500)
        _event(team_id=[None]),  # bolt's auth.test with team_id=[None]: TypeError (500)
        b'{"type": "event_callback", "event_id": "Ev1", "event": NaN}',  # the same, for NaN
        _event(event={"type": 7, "user": "U12345678"}),  # re.search on an int (500)
        b'\xef\xbb\xbf{"type": "event_callback"}',  # a BOM: JSONDecodeError, with a traceback
        b"not json at all",  # JSONDecodeError, logged with a traceback
    ],
    ids=["event-null", "team-id-list", "event-nan", "event-type-int", "bom", "not-json"],
)
async def test_a_malformed_signed_event_is_a_400_with_one_warning(
    slack: SlackTarget, problems: Problems, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    before = await row_counts(slack.core.sessions, slack.tables)

    assert await _post_signed(slack, body, JSON) == 400
    assert problems.lines() == []
    [line] = [r.getMessage() for r in caplog.records if r.name == "adapters.slack.app"]
    assert line.startswith("malformed Slack request refused: ")
    assert await row_counts(slack.core.sessions, slack.tables) == before


@pytest.mark.parametrize(
    "payload",
    [
        {**fixture("block_actions.button_click.app_home.json"), "actions": [{"action_id": 5}]},
        {**fixture("block_actions.button_click.app_home.json"), "actions": []},
        {**fixture("view_submission.json"), "view": {"callback_id": ["x"]}},
        {**fixture("view_submission.json"), "response_urls": None},
    ],
    ids=["action-id-int", "no-actions", "callback-id-list", "response-urls-null"],
)
async def test_a_malformed_signed_interaction_is_a_400_with_one_warning(
    slack: SlackTarget, problems: Problems, payload: dict[str, Any]
) -> None:
    body = urlencode({"payload": json.dumps(payload)}).encode()

    assert await _post_signed(slack, body, FORM) == 400
    assert problems.lines() == []


async def test_a_click_from_a_user_that_is_not_an_object_is_ignored_quietly(
    slack: SlackTarget, problems: Problems
) -> None:
    """Found: `(body.get("user") or {}).get("id")` raised AttributeError in the background."""
    payload = {**fixture("block_actions.button_click.app_home.json"), "user": ["U123"]}
    body = urlencode({"payload": json.dumps(payload)}).encode()

    assert await _post_signed(slack, body, FORM) in (200, 400)
    assert problems.lines() == []
    assert action_from_block_actions(payload) is None


async def test_a_team_join_whose_user_is_a_string_is_ignored_quietly(
    slack: SlackTarget, problems: Problems
) -> None:
    """Found: on_user called `.get` on the event's user, a str here, inside bolt: a 500."""
    envelope = copy.deepcopy(fixture("team_join.event_callback.schema_sample.json"))
    envelope.update(type="event_callback", team_id="T123", event_id="Ev-join")
    envelope["event"]["user"] = "U123"

    assert await _post_signed(slack, json.dumps(envelope).encode(), JSON) == 200
    assert problems.lines() == []


@pytest.mark.parametrize("name", PAYLOADS)
def test_slacks_own_payloads_are_never_refused(name: str) -> None:
    assert refusal(fixture(name)) == ""


def test_a_request_body_is_read_as_bolt_reads_it() -> None:
    slash = (FIXTURES / "slash_command.form_urlencoded.txt").read_bytes().strip()
    form = urlencode({"payload": json.dumps(fixture("view_submission.json"))}).encode()

    assert request_refusal(slash, FORM) == ""
    assert request_refusal(form, FORM) == ""
    assert request_refusal(b"payload=%7Bnot-json", FORM) != ""
    assert request_refusal(b"[" * 50_000 + b"]" * 50_000, JSON) != ""  # RecursionError
    assert request_refusal(b"\xff{}", JSON).startswith("the body is not utf-8")
    assert request_refusal(b"{}", "application/json; charset=no-such-charset") != ""
    assert "NUL" in request_refusal(b'{"text": "a\\u0000b"}', JSON)
    assert "surrogate" in request_refusal(b'{"text": "\\ud800"}', JSON)


async def test_a_slash_command_with_ids_no_column_holds_is_ignored(
    slack: SlackTarget, problems: Problems
) -> None:
    """Found on PostgreSQL: a 5,000-character trigger id went into processed_events
    (character varying(200)) and the background work failed with a traceback."""
    fields = dict(parse_qsl(SLASH_BODY))
    body = urlencode({**fields, "trigger_id": "x" * 5000, "text": "help"}).encode()
    before = await row_counts(slack.core.sessions, slack.tables)

    assert await _post_signed(slack, body, FORM) == 200
    assert problems.lines() == []
    assert await row_counts(slack.core.sessions, slack.tables) == before
    assert command_message({**fields, "trigger_id": "x" * 5000}, "help") is None
    assert command_message(fields, "help") is not None


def test_ids_and_zones_that_cannot_be_slacks_are_not_used() -> None:
    """Hardening alongside: ids longer than any column, and zones nobody has, are dropped."""
    user = fixture("api.users.info.ok.json")["user"]

    assert person_from_user({**user, "tz": "Mars/Olympus"}).tz is None  # type: ignore[union-attr]
    assert person_from_user({**user, "tz": "x" * 5000}).tz is None  # type: ignore[union-attr]
    assert person_from_user({**user, "id": "U" * 5000}) is None
    assert person_from_user({**user, "id": 12}) is None
    assert person_from_user({**user, "profile": "text", "real_name": 5}) is not None
    long_event = {**fixture("app_home_opened.event_callback.json"), "event_id": "E" * 5000}
    assert event_from_callback(long_event) is None
    assert form_from_view_submission({**fixture("view_submission.json"), "user": "U123"}) is None


async def test_a_channel_join_by_someone_users_info_does_not_know_is_one_warning(
    slack: SlackTarget, problems: Problems, caplog: pytest.LogCaptureFixture
) -> None:
    """Found: users.info answering user_not_found (someone of another workspace, in a Slack
    Connect channel) raised in the background: a traceback."""
    envelope = {**fixture("member_joined_channel.event_callback.json"), "team_id": "T123"}
    envelope["event"] = {**envelope["event"], "user": "W-of-another-workspace"}

    assert await _post_signed(slack, json.dumps(envelope).encode(), JSON) == 200
    assert problems.lines() == []
    assert any(
        "users.info for W-of-another-workspace failed" in r.getMessage() for r in caplog.records
    )


async def test_a_response_url_that_is_not_slacks_is_not_called(
    slack: SlackTarget, problems: Problems
) -> None:
    """Found: a slash command whose response_url was "-1" raised InvalidUrlClientError in the
    background; kmbot now posts to Slack's own hooks only."""
    fields = dict(parse_qsl(SLASH_BODY))
    for url in ("-1", "http://127.0.0.1:1/hook", "https://hooks.slack.com.evil.example/x"):
        body = urlencode({**fields, "response_url": url, "text": "help"}).encode()
        assert await _post_signed(slack, body, FORM) == 200
    assert problems.lines() == [] and slack.fake.hooks == []
    assert response_url_of({"response_url": fields["response_url"]}) == fields["response_url"]
    assert response_url_of({"response_url": "https://hooks.slack.com.evil.example/x"}) == ""
