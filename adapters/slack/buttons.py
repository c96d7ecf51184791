"""Block Kit buttons, and the action ids Slack requires unique within one actions block."""

from __future__ import annotations

from adapters.slack.block_text import Block, plain
from bot.chat import Button

REPEAT = "~"  # joins a repeated action id and its count: `reply.thank~2` (see base_action_id)


def button(spec: Button) -> Block:
    element: Block = {
        "type": "button",
        "action_id": spec.action_id,
        "text": plain(spec.label, 75),
    }
    if spec.value:  # Slack has no empty values: a button without one sends none
        element["value"] = spec.value[:2000]
    if spec.style in ("primary", "danger"):
        element["style"] = spec.style
    return element


def unique_action_ids(elements: list[Block]) -> list[Block]:
    """Slack refuses an actions block with a repeated action id ("action_id … already
    exists"): the second `reply.thank` becomes `reply.thank~2`; parsing drops the suffix."""
    seen: dict[str, int] = {}
    for element in elements:
        action_id = element["action_id"]
        seen[action_id] = seen.get(action_id, 0) + 1
        if seen[action_id] > 1:
            element["action_id"] = f"{action_id}{REPEAT}{seen[action_id]}"
    return elements


def base_action_id(action_id: str) -> str:
    """The kmbot action id a (possibly suffixed) Slack action id stands for."""
    return action_id.split(REPEAT, 1)[0]
