"""What Slack and Teams accept, as checks that name the rule a payload breaks.

Every rule cites where it comes from; the schema files and the rules' sources are listed in
../shared/schemas/platforms/SOURCES.md. Each check returns a list of violations ("" when the
payload is valid), each naming the rule, so one failing test says every rule that broke.
The render_* functions show a neutral message exactly as each adapter sends it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes
from botframework.connector import models as connector_models
from msrest import Serializer
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from adapters.slack import render as slack
from adapters.slack.block_text import text_length
from adapters.teams import render as teams
from adapters.teams.activities import activity_of
from adapters.teams.limits import MESSAGE_BYTES, utf16_size
from bot.chat import Form, OutgoingMessage

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "platforms"
if not SCHEMAS.is_dir():  # the repository may be checked out elsewhere
    SCHEMAS = Path("/work/shared/schemas/platforms")
TEAMS_FIXTURES = SCHEMAS.parent.parent / "fixtures" / "teams"

# docs.slack.dev/reference/block-kit/blocks
SLACK_MESSAGE_BLOCKS = 50
SLACK_VIEW_BLOCKS = 100
# Slack refuses a message whose blocks hold more text than about 12,000 characters in all
# (msg_blocks_too_long; undocumented): slackapi/bolt-js#2509 measured 13,297, #2867 was
# refused at 11,341 counted by text fields. 11,000 is under every refusal reported.
SLACK_MESSAGE_TEXT = 11_000
# msteams-docs cards-reference.md: "Teams platform supports v1.5 or earlier of Adaptive Card
# features for bot sent cards"; the official schema of each version (SOURCES.md).
CARD_SCHEMAS = {"1.4": "adaptive-card-1.4.0.json", "1.5": "adaptive-card-1.5.0.json"}


@dataclass(frozen=True)
class Payload:
    """One platform payload: what it is (`message`, `modal`, `home`, `activity`, `card`)."""

    shape: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Shown:
    """Something kmbot shows a person, named by the builder or flow that made it."""

    kind: str
    message: OutgoingMessage | None = None
    form: Form | None = None
    home: bool = False  # the message is a home view (Slack's App Home)
    intro: str = ""  # the text shown with a form (Teams puts it on the form's card)


# Rendering, the way each adapter does it


def render_slack(shown: Shown) -> list[Payload]:
    """As adapters/slack sends it: chat.postMessage or a response_url; views.open, .publish."""
    payloads = []
    if shown.message is not None and shown.home:
        payloads.append(Payload("home", slack.home_view(shown.message, shown.intro)))
    elif shown.message is not None or shown.form is not None:
        message = slack.with_form_opener(
            shown.message or OutgoingMessage(text=shown.intro), shown.form
        )
        if message.text or message.title or message.buttons:
            blocks = slack.message_blocks(message)
            payloads.append(
                Payload("message", {"text": slack.fallback_text(message), "blocks": blocks})
            )
    if shown.form is not None:
        payloads.append(Payload("modal", slack.modal_view(shown.form)))
    if shown.message is not None and not shown.home and not shown.message.title:
        payloads.append(Payload("modal", slack.notice_view("kmbot", shown.message.text)))
    return payloads


def render_teams(shown: Shown) -> list[Payload]:
    """As adapters/teams sends it: an activity (a proactive send or a turn's reply) and the
    card an Action.Execute invoke answers with."""
    payloads = []
    if shown.message is not None:
        payloads.append(Payload("activity", sent_activity(activity_of(shown.message))))
        payloads.append(Payload("card", teams.card(shown.message)))
    if shown.form is not None:
        card = teams.form_card(shown.form, shown.intro)
        activity = Activity(type=ActivityTypes.message, attachments=[teams.attachment(card)])
        payloads.append(Payload("activity", sent_activity(activity)))
        payloads.append(Payload("card", card))
    return payloads


@cache
def _teams_reference() -> Any:
    """A real personal chat's reference (../shared/fixtures/teams), for a real envelope."""
    incoming = json.loads((TEAMS_FIXTURES / "message.personal.json").read_text())
    return TurnContext.get_conversation_reference(Activity().deserialize(incoming))


@cache
def _serializer() -> Serializer:
    """The Bot Connector client's own serializer (botframework.connector's ConnectorClient)."""
    return Serializer({k: v for k, v in vars(connector_models).items() if isinstance(v, type)})


def sent_activity(activity: Activity) -> dict[str, Any]:
    """The activity as the Bot Connector client sends it (msrest then `json.dumps`),
    addressed to a real personal chat."""
    TurnContext.apply_conversation_reference(activity, _teams_reference())
    body: dict[str, Any] = _serializer().body(activity, "Activity")
    return body


# Slack


def slack_violations(payload: Payload) -> list[str]:
    """Block Kit through slack_sdk.models, plus what Slack enforces that slack_sdk does not."""
    body = payload.body
    if payload.shape == "message":
        found = [] if (body.get("text") or "").strip() else ["no top-level `text` fallback"]
        blocks = body["blocks"]
        if len(blocks) > SLACK_MESSAGE_BLOCKS:
            found.append(f"{len(blocks)} blocks in a message (at most {SLACK_MESSAGE_BLOCKS})")
        text = text_length(blocks)
        if text > SLACK_MESSAGE_TEXT:
            found.append(f"{text} characters of text in its blocks (msg_blocks_too_long)")
        for index, block in enumerate(blocks):
            found += [f"blocks[{index}]: {v}" for v in _block_violations(block)]
    else:
        found = _view_violations(payload.shape, body)
        blocks = body.get("blocks", [])
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    found += [f"block_id {b!r} twice in one message" for b in _repeated(block_ids)]
    return found


def _block_violations(block: dict[str, Any]) -> list[str]:
    found = []
    with _ignored_args() as ignored:
        parsed = Block.parse(block)
    if parsed is None:
        return [f"slack_sdk does not know a {block.get('type')!r} block"]
    try:
        parsed.validate_json()
        if parsed.to_dict() != block:
            found.append(f"slack_sdk reads it otherwise: {parsed.to_dict()} != {block}")
    except SlackObjectFormationError as exc:
        found.append(f"slack_sdk validate_json: {exc}")
    found += [f"slack_sdk ignored: {line}" for line in ignored]
    ids = [e["action_id"] for e in _elements(block) if "action_id" in e]
    found += [f"action_id {a!r} twice in one block (invalid_blocks)" for a in _repeated(ids)]
    for element in _elements(block):
        found += _element_violations(element)
    return found


def _element_violations(element: dict[str, Any]) -> list[str]:
    """@slack/types block-elements.ts: radio buttons and plain_text_input limits."""
    found = []
    if element.get("type") == "radio_buttons":
        options = element.get("options", [])
        if len(options) > 10:
            found.append(f"{len(options)} radio options (at most 10)")
        initial = element.get("initial_option")
        if initial is not None and initial not in options:
            found.append("initial_option is not one of the options")
    if element.get("type") == "plain_text_input":
        for key in ("max_length", "min_length"):
            if element.get(key, 0) > 3000:
                found.append(f"{key} {element[key]} (at most 3000)")
        if len(element.get("initial_value", "")) > element.get("max_length", 3000):
            found.append("initial_value longer than max_length")
    if element.get("type") == "button" and element.get("value") == "":
        found.append("a button with an empty value")
    return found


def _view_violations(shape: str, view: dict[str, Any]) -> list[str]:
    found = []
    with _ignored_args() as ignored:
        parsed = View(**view)
    try:
        parsed.validate_json()
        if parsed.to_dict() != view:
            found.append(f"slack_sdk reads the view otherwise: {parsed.to_dict()} != {view}")
    except SlackObjectFormationError as exc:
        found.append(f"slack_sdk validate_json: {exc}")
    found += [f"slack_sdk ignored: {line}" for line in ignored]
    size = len(json.dumps(view).encode())
    if size > 250_000:  # slack-docs-methods.json: views.publish `view_too_large`
        found.append(f"a view of {size:,} bytes (view_too_large past 250 kB)")
    if view.get("type") != shape:
        found.append(f"a {shape} published as a {view.get('type')!r} view")
    blocks = view.get("blocks", [])
    if len(blocks) > SLACK_VIEW_BLOCKS:
        found.append(f"{len(blocks)} blocks in a view (at most {SLACK_VIEW_BLOCKS})")
    if shape == "modal" and any(b["type"] == "input" for b in blocks) and "submit" not in view:
        found.append("a modal with inputs and no submit (views.ts)")
    if shape == "home" and ("submit" in view or "close" in view):
        found.append("a home view with submit or close")
    for index, block in enumerate(blocks):
        found += [f"blocks[{index}]: {v}" for v in _block_violations(block)]
    return found


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The interactive elements of a block: an actions block's, an accessory, an input's."""
    elements = list(block.get("elements", [])) if block.get("type") == "actions" else []
    elements += [block[key] for key in ("accessory", "element") if key in block]
    return elements


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "were ignored" in record.getMessage():
            self.lines.append(record.getMessage())


class _ignored_args:  # noqa: N801 - used as a context manager
    """Collect slack_sdk's "constructor args (...) were ignored" lines (unknown keys)."""

    def __enter__(self) -> list[str]:
        self._handler = _Lines()
        self._logger = logging.getLogger("slack_sdk.models")
        self._level = self._logger.level
        self._logger.addHandler(self._handler)
        self._logger.setLevel(logging.DEBUG)
        return self._handler.lines

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._handler)
        self._logger.setLevel(self._level)


# Teams


def teams_violations(payload: Payload) -> list[str]:
    """A Teams activity (size, text format, its cards) or a card on its own."""
    if payload.shape == "card":
        return card_violations(payload.body)
    activity = payload.body
    found = []
    size = utf16_size(activity)
    if size >= MESSAGE_BYTES:
        found.append(f"{size:,} bytes as UTF-16 (Teams refuses 100 KB: MessageSizeTooBig)")
    if activity.get("textFormat", "plain") not in ("plain", "markdown", "xml"):
        found.append(f"textFormat {activity['textFormat']!r}")
    if not activity.get("text") and not activity.get("attachments"):
        found.append("an activity with neither text nor an attachment")
    for index, attachment in enumerate(activity.get("attachments") or []):
        if attachment.get("contentType") != teams.CARD_CONTENT_TYPE:
            found.append(f"attachments[{index}]: not an Adaptive Card")
            continue
        found += [f"attachments[{index}]: {v}" for v in card_violations(attachment["content"])]
    return found


def card_violations(card: dict[str, Any]) -> list[str]:
    """The official schema of the card's declared version, and what Teams does not support."""
    version = str(card.get("version", ""))
    if version not in CARD_SCHEMAS:
        return [f"card version {version!r}: Teams bots send 1.5 or earlier (schemas: 1.4, 1.5)"]
    found = [
        f"schema {version}: {_where(error)}: {error.message[:300]}"
        for error in sorted(_card_validator(version).iter_errors(card), key=str)
    ]
    for path, node in _walk(card):
        kind = node.get("type", "")
        if kind.startswith("Action.") and node.get("style") in ("positive", "destructive"):
            found.append(f"{path}: style {node['style']!r} (Teams does not support it)")
        if kind == "Media":
            found.append(f"{path}: Media elements are not supported in Teams")
        if kind == "Image" and not str(node.get("url", "")).startswith("https://"):
            found.append(f"{path}: image URL is not HTTPS")
        if kind == "Action.Execute" and version < "1.5":
            found.append(f"{path}: Action.Execute needs card version 1.5")
    if "refresh" in card and version < "1.5":
        found.append("refresh needs card version 1.5")
    inputs = [node["id"] for _, node in _walk(card) if node.get("type", "").startswith("Input.")]
    found += [f"input id {i!r} twice in one card" for i in _repeated(inputs)]
    return found


@cache
def _card_validator(version: str) -> Any:
    schema = json.loads((SCHEMAS / CARD_SCHEMAS[version]).read_text())
    return jsonschema.Draft6Validator(schema)


def _where(error: jsonschema.ValidationError) -> str:
    """The deepest place a schema error points at (an anyOf's best branch)."""
    best = jsonschema.exceptions.best_match([error])
    return "/".join(str(p) for p in best.absolute_path) or "card"


def _walk(node: Any, path: str = "card") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def _repeated(values: list[str]) -> list[str]:
    return sorted({v for v in values if values.count(v) > 1})


# Both


def violations(shown: Shown) -> list[str]:
    """Every rule `shown` breaks on either platform, each naming the kind and the payload."""
    found = []
    for platform, payloads, check in (
        ("Slack", render_slack(shown), slack_violations),
        ("Teams", render_teams(shown), teams_violations),
    ):
        if not payloads:
            found.append(f"{shown.kind}: nothing rendered on {platform}")
        for payload in payloads:
            found += [f"{shown.kind} on {platform} ({payload.shape}): {v}" for v in check(payload)]
    return found
