"""Hostile requests to POST /slack/events, from Slack's own payloads (../shared/fixtures/slack):
Events API envelopes (JSON), interactivity (`payload=` form fields) and the slash command
(form fields), mutated, re-encoded wrongly, and signed or not."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode

from hypothesis import strategies as st

from bot import actions
from tests.fuzz.mutation import Request, damaged_bytes, huge_text, mutated, text, values
from tests.slack.fake_slack import FIXTURES, fixture
from tests.slack.signing import SECRET

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

EVENT_FIXTURES = (
    "app_home_opened.event_callback.json",
    "app_mention.event_callback.json",
    "app_mention.event_callback.from_socket_mode_envelope.json",
    "member_joined_channel.event_callback.json",
    "message.event_callback.schema_sample.json",
    "team_join.event_callback.schema_sample.json",
    "url_verification.json",
)
INNER_EVENT_FIXTURES = (
    "message_im.inner_event.docs_example.json",
    "member_joined_channel.inner_event.docs_example.json",
)
INTERACTION_FIXTURES = (
    "block_actions.button_click.app_home.json",
    "block_actions.button_click.message.docs_example.json",
    "view_submission.json",
)
SLASH_BODY = (FIXTURES / "slash_command.form_urlencoded.txt").read_text().strip()

KMBOT_ACTIONS = sorted(
    value for name, value in vars(actions).items() if name.isupper() and isinstance(value, str)
)
# The members tests/fuzz enrols, as (team, user): the senders of the fixtures above.
FIXTURE_PEOPLE = (
    ("T12345678", "U12345678"),
    ("T123", "U123"),
    ("T123", "U234"),
    ("T9TK3CUKW", "UA8RXUSPL"),
    ("T111", "W111"),
    ("T1DC2JH3J", "U2CERLKJA"),
    ("T024BE7LD", "U2147483697"),
)
COMMANDS = (
    "help",
    "status",
    "share",
    "pause 2026-04-01",
    "pause yesterday",
    "resume",
    "stop",
    "start",
    "tz Europe/Lisbon",
    "tz ../../etc",
    "nopair U123",
    "sync",
    "program list",
    "member role U123 admin",
    "I learned that fuzzing finds bugs.",
)


def _envelope(inner: dict[str, Any], team: str) -> dict[str, Any]:
    """An inner-event docs example inside the Events API envelope Slack sends it in."""
    envelope = copy.deepcopy(fixture("app_mention.event_callback.json"))
    envelope.update(team_id=team, event=inner, event_id=f"Ev-{inner['type']}")
    return envelope


def _kmbot_flavoured() -> list[dict[str, Any]]:
    """The fixtures with kmbot's own action and form ids, so mutations reach its handlers."""
    found = []
    for name in ("block_actions.button_click.message.docs_example.json",):
        for action_id in KMBOT_ACTIONS:
            body = copy.deepcopy(fixture(name))
            body["actions"][0].update(action_id=action_id, value="1")
            found.append(body)
    for form in (actions.ANSWER_FORM, actions.LESSON_FORM, actions.CHECKIN_LEARNING_FORM):
        body = copy.deepcopy(fixture("view_submission.json"))
        body["view"].update(
            callback_id=form,
            private_metadata="1",
            state={
                "values": {
                    "q0": {"a": {"type": "plain_text_input", "value": "What I learned"}},
                    "visibility": {
                        "a": {"type": "radio_buttons", "selected_option": {"value": "shared"}}
                    },
                }
            },
        )
        found.append(body)
    return found


def event_documents() -> list[dict[str, Any]]:
    documents = [fixture(name) for name in EVENT_FIXTURES]
    documents += [_envelope(fixture(name), "T024BE7LD") for name in INNER_EVENT_FIXTURES]
    for command in COMMANDS:
        inner = {**fixture("message_im.inner_event.docs_example.json"), "text": command}
        documents.append(_envelope(inner, "T024BE7LD"))
    return documents


def interaction_documents() -> list[dict[str, Any]]:
    return [fixture(name) for name in INTERACTION_FIXTURES] + _kmbot_flavoured()


def _content_type(right: str) -> st.SearchStrategy[str | None]:
    wrong = [
        JSON,
        FORM,
        "text/plain",
        "multipart/form-data; boundary=x",
        f"{right}; charset=latin-1",
    ]
    return st.sampled_from([right] * 8 + wrong + [None])


@st.composite
def event_request(draw: st.DrawFn) -> Request:
    """An Events API envelope, mutated and possibly damaged on the wire."""
    document = draw(mutated(draw(st.sampled_from(event_documents()))))
    body = draw(damaged_bytes(document.encode(draw(st.booleans()))))
    return Request(body, draw(_content_type(JSON)), "event: " + "; ".join(document.operations))


@st.composite
def interaction_request(draw: st.DrawFn) -> Request:
    """A `payload=` form with mutated JSON inside, or a broken form or payload."""
    document = draw(mutated(draw(st.sampled_from(interaction_documents()))))
    payload = document.dumps(draw(st.booleans()))
    shape = draw(
        st.sampled_from(["form", "form", "form", "broken-json", "twice", "no-payload", "raw"])
    )
    if shape == "broken-json":
        payload = payload[: draw(st.integers(min_value=0, max_value=max(0, len(payload) - 1)))]
    if shape == "twice":
        form = urlencode([("payload", payload), ("payload", draw(text))], errors="surrogatepass")
    elif shape == "no-payload":
        form = urlencode({draw(text): payload}, errors="surrogatepass")
    elif shape == "raw":  # not url-encoded at all
        form = "payload=" + payload
    else:
        form = urlencode({"payload": payload}, errors="surrogatepass")
    body = draw(damaged_bytes(form.encode("utf-8", "surrogatepass")))
    made_of = f"interaction {shape}: " + "; ".join(document.operations)
    return Request(body, draw(_content_type(FORM)), made_of)


@st.composite
def command_request(draw: st.DrawFn) -> Request:
    """The documented slash command with fields dropped, changed, repeated or huge."""
    fields = parse_qsl(SLASH_BODY, keep_blank_values=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not fields:
            break
        index = draw(st.integers(min_value=0, max_value=len(fields) - 1))
        key, _ = fields[index]
        operation = draw(st.sampled_from(["drop", "text", "huge", "json", "repeat", "command"]))
        if operation == "drop":
            del fields[index]
        elif operation == "text":
            fields[index] = (key, draw(text))
        elif operation == "huge":
            fields[index] = (key, draw(huge_text(20_000)))
        elif operation == "json":
            fields[index] = (key, json.dumps(draw(values)))
        elif operation == "repeat":
            fields.append((key, draw(text)))
        else:
            fields.append(("text", draw(st.sampled_from(COMMANDS))))
    form = urlencode(fields, errors="surrogatepass").encode("utf-8", "surrogatepass")
    return Request(draw(damaged_bytes(form)), draw(_content_type(FORM)), "command")


any_request = st.one_of(event_request(), interaction_request(), command_request())


def sign(body: bytes, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """The headers Slack signs a request with (HMAC-SHA256 over v0:timestamp:body)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


ascii_junk = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=0, max_size=80
)


@st.composite
def bad_signature(draw: st.DrawFn, body: bytes) -> dict[str, str]:
    """Headers that must not pass: missing, forged, stale, for another body or secret."""
    now = int(time.time())
    kind = draw(
        st.sampled_from(
            [
                "missing",
                "no-signature",
                "no-timestamp",
                "zeros",
                "junk",
                "stale",
                "future",
                "other-body",
                "other-secret",
                "odd-timestamp",
                "v1",
                "truncated",
            ]
        )
    )
    good = sign(body)  # Slack accepts 5 minutes either way; stale and future are far past that
    if kind == "missing":
        return {}
    if kind == "no-signature":
        return {"X-Slack-Request-Timestamp": good["X-Slack-Request-Timestamp"]}
    if kind == "no-timestamp":
        return {"X-Slack-Signature": good["X-Slack-Signature"]}
    if kind == "zeros":
        return {**good, "X-Slack-Signature": "v0=" + "0" * 64}
    if kind == "junk":
        return {
            "X-Slack-Request-Timestamp": draw(ascii_junk),
            "X-Slack-Signature": draw(ascii_junk),
        }
    if kind == "stale":
        return sign(body, now - draw(st.integers(min_value=400, max_value=10**9)))
    if kind == "future":
        return sign(body, now + draw(st.integers(min_value=3_600, max_value=10**9)))
    if kind == "other-body":
        return sign(body + b" ")
    if kind == "other-secret":
        return sign(
            body, secret=draw(st.text(min_size=1, max_size=40).filter(lambda s: s != SECRET))
        )
    if kind == "odd-timestamp":
        stamp = draw(st.sampled_from(["", "-1", "1.5", "0x10", "9" * 40, "NaN", "١٢٣", " 1"]))
        digest = hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
        return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}
    if kind == "v1":
        return {**good, "X-Slack-Signature": good["X-Slack-Signature"].replace("v0=", "v1=")}
    return {**good, "X-Slack-Signature": good["X-Slack-Signature"][:-1]}
