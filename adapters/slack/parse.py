"""Slack payloads turned into neutral inbound events (and directory entries)."""

from __future__ import annotations

from typing import Any

from adapters.slack.render import base_action_id
from bot.chat import (
    ActionClicked,
    AppUninstalled,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MemberAddress,
    MemberJoined,
    MemberLeft,
    MessageReceived,
    MessageRef,
    Person,
)

PLATFORM = "slack"
Payload = dict[str, Any]


def team_of(body: Payload) -> str:
    """The workspace a payload comes from (events, commands and interactivity differ)."""
    team = body.get("team")
    user = body.get("user")
    return str(
        body.get("team_id")
        or (team.get("id") if isinstance(team, dict) else "")
        or (user.get("team_id") if isinstance(user, dict) else "")
        or ""
    )


def member(team: str, user: str) -> MemberAddress:
    return MemberAddress(PLATFORM, team, user)


def event_from_callback(body: Payload) -> InboundEvent | None:
    """An Events API envelope as an inbound event; None for what kmbot ignores."""
    event = body.get("event") or {}
    kind, event_id, team = event.get("type"), str(body.get("event_id", "")), team_of(body)
    user = event.get("user")
    if not event_id or not team:
        return None
    if kind == "message":
        if (
            event.get("channel_type") != "im"
            or event.get("subtype")
            or event.get("bot_id")
            or not isinstance(user, str)
            or not event.get("text")
        ):
            return None
        return MessageReceived(
            event_id, member(team, user), str(event.get("channel", "")), str(event["text"])
        )
    if kind == "app_home_opened" and isinstance(user, str):
        return HomeOpened(event_id, member(team, user)) if event.get("tab") == "home" else None
    if kind == "member_joined_channel" and isinstance(user, str):
        return MemberJoined(event_id, member(team, user), str(event.get("channel", "")))
    if kind == "member_left_channel" and isinstance(user, str):
        return MemberLeft(event_id, member(team, user), str(event.get("channel", "")))
    if kind == "app_uninstalled":
        return AppUninstalled(event_id, PLATFORM, team)
    if kind == "user_change" and isinstance(user, dict) and user.get("deleted"):
        return MemberLeft(event_id, member(team, str(user.get("id"))))
    return None


def action_value(action: Payload) -> str:
    """A button's value, a date picker's date, a select's option or a text input."""
    if "selected_date" in action:
        return str(action["selected_date"] or "")
    option = action.get("selected_option")
    if isinstance(option, dict):
        return str(option.get("value", ""))
    return str(action.get("value") or "")


def action_from_block_actions(body: Payload) -> ActionClicked | None:
    """The first action of a block_actions payload (kmbot's blocks carry one at a time)."""
    actions = body.get("actions") or []
    user = (body.get("user") or {}).get("id")
    if not actions or not user:
        return None
    action = actions[0]
    container = body.get("container") or {}
    ref = None
    if container.get("message_ts") and container.get("channel_id"):
        ref = MessageRef(str(container["channel_id"]), str(container["message_ts"]))
    event_id = str(body.get("trigger_id") or f"{user}:{action.get('action_ts', '')}")
    return ActionClicked(
        event_id,
        member(team_of(body), str(user)),
        base_action_id(str(action.get("action_id", ""))),
        action_value(action),
        ref,
    )


def form_fields(state: Payload) -> dict[str, str]:
    """A modal's state values by block id (our block ids are the form's field ids)."""
    fields: dict[str, str] = {}
    for block_id, inputs in (state.get("values") or {}).items():
        for element in inputs.values():
            fields[block_id] = action_value(element)
    return fields


def form_from_view_submission(body: Payload) -> FormSubmitted | None:
    """A submitted modal; its callback id is the form id, its metadata the form value."""
    view = body.get("view") or {}
    user = (body.get("user") or {}).get("id")
    if not user or not view.get("callback_id"):
        return None
    event_id = str(body.get("trigger_id") or f"{view.get('id')}:{view.get('hash')}")
    return FormSubmitted(
        event_id,
        member(team_of(body), str(user)),
        str(view["callback_id"]),
        str(view.get("private_metadata") or ""),
        form_fields(view.get("state") or {}),
    )


def person_from_user(user: Payload, include_guests: bool = False) -> Person | None:
    """A users.list entry as a directory person; None for bots, deleted users and guests."""
    if (
        user.get("deleted")
        or user.get("is_bot")
        or user.get("is_app_user")
        or user.get("id") == "USLACKBOT"
    ):
        return None
    if not include_guests and (user.get("is_restricted") or user.get("is_ultra_restricted")):
        return None
    profile = user.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or ""
    )
    return Person(user=str(user["id"]), name=str(name)[:200], tz=user.get("tz") or None)
