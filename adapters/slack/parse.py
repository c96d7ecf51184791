"""Slack payloads turned into neutral inbound events (and directory entries).

A signed payload can still be malformed (a client bug, a replayed body edited by hand):
`adapters.slack.body_check` says what is wrong before bolt reads it, and the parsers here
return None for what they cannot use, so a bad payload is refused with one line, never a 500.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.buttons import base_action_id
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
MAX_ID = 100  # Slack's ids are a dozen characters, trigger ids about 60; columns hold 128


def slack_id(value: object) -> str:
    """`value` if it can be a Slack id (a short printable string), else ""."""
    if isinstance(value, str) and len(value) <= MAX_ID and value.isprintable():
        return value
    return ""


def _object(value: object) -> Payload:
    return value if isinstance(value, dict) else {}


def team_of(body: Payload) -> str:
    """The workspace a payload comes from (events, commands and interactivity differ)."""
    return (
        slack_id(body.get("team_id"))
        or slack_id(_object(body.get("team")).get("id"))
        or slack_id(_object(body.get("user")).get("team_id"))
    )


def member(team: str, user: str) -> MemberAddress:
    return MemberAddress(PLATFORM, team, user)


def user_of_event(body: Payload) -> Payload:
    """The user object of a team_join or user_change event ({} when there is none)."""
    return _object(_object(body.get("event")).get("user"))


def event_from_callback(body: Payload) -> InboundEvent | None:
    """An Events API envelope as an inbound event; None for what kmbot ignores."""
    event = _object(body.get("event"))
    kind, event_id, team = event.get("type"), slack_id(body.get("event_id")), team_of(body)
    user = slack_id(event.get("user"))
    if not event_id or not team:
        return None
    channel = slack_id(event.get("channel"))
    if kind == "message":
        text = event.get("text")
        if (
            event.get("channel_type") != "im"
            or event.get("subtype")
            or event.get("bot_id")
            or not user
            or not channel
            or not isinstance(text, str)
            or not text
        ):
            return None
        return MessageReceived(event_id, member(team, user), channel, text)
    if kind == "app_home_opened" and user:
        return HomeOpened(event_id, member(team, user)) if event.get("tab") == "home" else None
    if kind == "member_joined_channel" and user and channel:
        return MemberJoined(event_id, member(team, user), channel)
    if kind == "member_left_channel" and user and channel:
        return MemberLeft(event_id, member(team, user), channel)
    if kind == "app_uninstalled":
        return AppUninstalled(event_id, PLATFORM, team)
    joined = slack_id(user_of_event(body).get("id"))
    if kind == "team_join" and joined:
        return MemberJoined(event_id, member(team, joined), organisation=True)
    deleted = user_of_event(body)
    if kind == "user_change" and deleted.get("deleted") is True and slack_id(deleted.get("id")):
        return MemberLeft(event_id, member(team, slack_id(deleted.get("id"))))
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def command_message(body: Payload, text: str) -> MessageReceived | None:
    """The slash command as a message typed to kmbot (`text`, the command kmbot runs), from
    the member who typed it; None when its ids cannot be Slack's."""
    who, team = slack_id(body.get("user_id")), team_of(body)
    trigger, channel = slack_id(body.get("trigger_id")), slack_id(body.get("channel_id"))
    if not who or not team or not trigger:
        return None
    return MessageReceived(trigger, member(team, who), channel, text)


def action_value(action: Payload) -> str:
    """A button's value, a date picker's date, a select's option or a text input."""
    if "selected_date" in action:
        return _text(action["selected_date"])
    option = action.get("selected_option")
    if isinstance(option, dict):
        return _text(option.get("value"))
    return _text(action.get("value"))


def action_from_block_actions(body: Payload) -> ActionClicked | None:
    """The first action of a block_actions payload (kmbot's blocks carry one at a time)."""
    actions = body.get("actions")
    user, team = slack_id(_object(body.get("user")).get("id")), team_of(body)
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return None
    action = actions[0]
    action_id = slack_id(action.get("action_id"))
    if not user or not team or not action_id:
        return None
    container = _object(body.get("container"))
    channel, ts = slack_id(container.get("channel_id")), slack_id(container.get("message_ts"))
    ref = MessageRef(channel, ts) if channel and ts else None
    event_id = slack_id(body.get("trigger_id")) or slack_id(
        f"{user}:{slack_id(action.get('action_ts'))}"
    )
    return ActionClicked(
        event_id, member(team, user), base_action_id(action_id), action_value(action), ref
    )


# Where Slack's response_urls point (GovSlack's too): kmbot posts to no other address.
RESPONSE_URL_HOSTS = ("https://hooks.slack.com/", "https://hooks.slack-gov.com/")


def response_url_of(body: Payload) -> str:
    """The payload's response_url if it is one of Slack's, else ""."""
    url = body.get("response_url")
    if isinstance(url, str) and url.startswith(RESPONSE_URL_HOSTS) and url.isprintable():
        return url
    return ""


def channel_of_click(body: Payload) -> str:
    """The conversation a click came from ("" for a home tab or modal)."""
    return slack_id(_object(body.get("channel")).get("id")) or slack_id(
        _object(body.get("container")).get("channel_id")
    )


def form_fields(state: Payload) -> dict[str, str]:
    """A modal's state values by block id (our block ids are the form's field ids)."""
    fields: dict[str, str] = {}
    for block_id, inputs in _object(state.get("values")).items():
        for element in _object(inputs).values():
            if isinstance(element, dict):
                fields[block_id] = action_value(element)
    return fields


def form_from_view_submission(body: Payload) -> FormSubmitted | None:
    """A submitted modal; its callback id is the form id, its metadata the form value."""
    view = _object(body.get("view"))
    user, team = slack_id(_object(body.get("user")).get("id")), team_of(body)
    form = slack_id(view.get("callback_id"))
    event_id = slack_id(body.get("trigger_id")) or slack_id(
        f"{slack_id(view.get('id'))}:{slack_id(view.get('hash'))}"
    )
    if not user or not team or not form or not event_id:
        return None
    return FormSubmitted(
        event_id,
        member(team, user),
        form,
        _text(view.get("private_metadata")),
        form_fields(_object(view.get("state"))),
    )


def person_from_user(user: Payload, include_guests: bool = False) -> Person | None:
    """A users.list entry as a directory person; None for bots, deleted users and guests."""
    user_id = slack_id(user.get("id"))
    if (
        not user_id
        or user.get("deleted")
        or user.get("is_bot")
        or user.get("is_app_user")
        or user_id == "USLACKBOT"
    ):
        return None
    if not include_guests and (user.get("is_restricted") or user.get("is_ultra_restricted")):
        return None
    profile = _object(user.get("profile"))
    name = next(
        (
            text
            for text in (
                profile.get("display_name"),
                profile.get("real_name"),
                user.get("real_name"),
                user.get("name"),
            )
            if isinstance(text, str) and text
        ),
        "",
    )
    email = profile.get("email")  # present with the users:read.email scope
    title = profile.get("title")
    return Person(
        user=user_id,
        name=name[:200],
        tz=zone_or_none(user.get("tz")),
        email=email.strip()[:320] if isinstance(email, str) and "@" in email else None,
        title=title.strip()[:120] or None if isinstance(title, str) else None,
        locale=_locale(user.get("locale")),  # present when asked with include_locale=true
    )


def _locale(value: object) -> str | None:
    """A locale as Slack gives it ("fr-FR"), or None for anything else."""
    if not isinstance(value, str) or not 2 <= len(value) <= 35 or not value.isprintable():
        return None
    return value


def zone_or_none(value: object) -> str | None:
    """An IANA zone name as Slack gives it, or None for anything else."""
    if not isinstance(value, str) or not value or len(value) > 64 or not value.isprintable():
        return None
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
    return value
