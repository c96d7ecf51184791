"""Property-based fuzzing of POST /slack/events with mutated real Slack payloads.

Signed, a hostile body never gets a 5xx and never logs an error or a traceback (kmbot refuses
it with one WARNING line or ignores it). Unsigned or badly signed, it gets a 401 and changes
nothing: no row in any table, no call to Slack. After the run the server is healthy: its
database check answers and an ordinary signed event is handled as before.
"""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.conftest import FUZZ, SlackTarget
from tests.fuzz.observe import Problems, row_counts
from tests.fuzz.slack_bodies import (
    JSON,
    Request,
    any_request,
    bad_signature,
    command_request,
    event_request,
    interaction_request,
    sign,
)

MAX_BODY = 1024**2  # aiohttp's client_max_size: a longer body is refused (413) before anything


async def _signed_is_never_a_server_error(
    slack: SlackTarget, problems: Problems, request: Request
) -> None:
    problems.clear()
    status = await slack.post(request.body, request.content_type, sign(request.body))
    await slack.settle()
    event(f"signed: {status}")

    assert status < 500, f"{status} for {request!r}"
    assert problems.lines() == [], request


@FUZZ
@given(request=event_request())
async def test_signed_events_never_get_a_5xx_nor_a_traceback(
    slack: SlackTarget, problems: Problems, request: Request
) -> None:
    await _signed_is_never_a_server_error(slack, problems, request)


@FUZZ
@given(request=interaction_request())
async def test_signed_interactions_never_get_a_5xx_nor_a_traceback(
    slack: SlackTarget, problems: Problems, request: Request
) -> None:
    await _signed_is_never_a_server_error(slack, problems, request)


@FUZZ
@given(request=command_request())
async def test_signed_slash_commands_never_get_a_5xx_nor_a_traceback(
    slack: SlackTarget, problems: Problems, request: Request
) -> None:
    await _signed_is_never_a_server_error(slack, problems, request)


@FUZZ
@given(data=st.data(), request=any_request)
async def test_a_request_failing_its_signature_is_refused_and_changes_nothing(
    slack: SlackTarget, problems: Problems, data: st.DataObject, request: Request
) -> None:
    headers = data.draw(bad_signature(request.body), label="headers")
    problems.clear()
    before = await row_counts(slack.core.sessions, slack.tables)
    calls = len(slack.fake.calls) + len(slack.fake.hooks)

    status = await slack.post(request.body, request.content_type, headers)
    await slack.settle()
    event(f"unsigned: {status}")

    refused = (401, 403, 413) if len(request.body) > MAX_BODY else (401, 403)
    assert status in refused, f"{status} for {request!r} with {headers}"
    assert await row_counts(slack.core.sessions, slack.tables) == before
    assert len(slack.fake.calls) + len(slack.fake.hooks) == calls
    assert problems.lines() == []


NASTY = (
    (b"[" * 100_000 + b"]" * 100_000, JSON),
    (b'{"type": "event_callback", "event": ' + b"[" * 5000 + b"]" * 5000 + b"}", JSON),
    (b"payload=" + b"%5B" * 5000, "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00", JSON),
    (b"payload=%7B%22type%22%3A%22block_actions%22", "application/x-www-form-urlencoded"),
    (b"", None),
)


async def test_after_hostile_input_the_server_is_healthy_and_handles_a_normal_event(
    slack: SlackTarget, problems: Problems
) -> None:
    for body, content_type in NASTY:
        assert await slack.post(body, content_type, sign(body)) < 500
        assert await slack.post(body, content_type, {}) == 401
    await slack.settle()

    await slack.assert_still_serving()  # the fixture checks this after every property too
