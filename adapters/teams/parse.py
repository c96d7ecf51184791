"""Teams activities as kmbot's neutral inbound events (pure: nothing here does I/O).

`parse_activity` refuses (Malformed) what it cannot use: a hostile activity is refused with
one line, never a 500 or a traceback (`body_check` refuses a body before the SDK reads it).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from botbuilder.schema import Activity

from adapters.storable import storable
from adapters.teams.membership_activities import conversation_update, installation
from adapters.teams.parsed import (
    MAX_ID,
    Malformed,
    Parsed,
    event_id,
    is_plain,
    member_of,
    object_of,
    text_of,
    user_of,
)
from adapters.teams.render import MARKER
from bot.actions import PROMPT_ANSWER
from bot.chat import ActionClicked, FormSubmitted, MessageReceived

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<at>.*?</at>", re.DOTALL)
_FORM_FIELD = re.compile(r"^q\d{1,2}$")
FORM_EXTRAS = {PROMPT_ANSWER: {"visibility"}}


def parse_activity(activity: Activity, is_command: Callable[[str], bool]) -> Parsed:
    """Every event in `activity`; an unknown type yields none (a logged no-op).

    `is_command` tells a command from other text: a command typed in a channel is still
    handled as if typed in the personal chat.
    """
    data = object_of(activity.channel_data)
    conversation = activity.conversation
    tenant = text_of(object_of(data.get("tenant")).get("id")) or text_of(
        getattr(conversation, "tenant_id", None)
    )
    if (
        not tenant
        or activity.from_property is None
        or not text_of(activity.from_property.id)
        or conversation is None
        or not text_of(conversation.id)
        or not text_of(activity.id)
    ):
        raise Malformed("activity without tenant, sender, conversation or id")
    sender = activity.from_property
    user = user_of(sender)
    if len(tenant) > MAX_ID or len(user) > MAX_ID:
        raise Malformed("a tenant or sender id longer than any Teams id")
    if not all(map(is_plain, (tenant, user, sender.id, conversation.id, activity.id))):
        raise Malformed("an id that is not printable ASCII, as every Teams id is")
    if not storable(activity.text or ""):
        raise Malformed("text with a NUL character or an unpaired surrogate")
    team = object_of(data.get("team"))
    selected = text_of(object_of(object_of(data.get("settings")).get("selectedChannel")).get("id"))
    channel = (
        selected or text_of(object_of(data.get("channel")).get("id")) or text_of(team.get("id"))
    )
    base = Parsed(
        tenant=tenant,
        personal=conversation.conversation_type == "personal",
        user=user,
        teams_ids={user: sender.id},
        team_id=text_of(team.get("id")),
        team_name=text_of(team.get("name")),
        channel_id=channel,
        invoke=activity.type == "invoke",
        locale=locale_of(activity),
    )
    if activity.type == "message":
        return _message(activity, base, is_command)
    if activity.type == "invoke" and activity.name == "adaptiveCard/action":
        action = object_of(object_of(activity.value).get("action"))
        data_value = action.get("data")
        return _card_value(
            activity,
            base,
            data_value if isinstance(data_value, dict) else {},
            text_of(action.get("verb")),
        )
    if activity.type == "installationUpdate":
        return installation(activity, base)
    if activity.type == "conversationUpdate":
        return conversation_update(activity, base)
    log.info("Teams activity type %r (%s) ignored", activity.type, activity.name or "")
    return base


def locale_of(activity: Activity) -> str:
    """The sender's locale ("fr-FR"): the activity's `locale`, else its clientInfo entity's."""
    found = text_of(activity.locale)
    for entity in activity.entities or []:
        if found:
            break
        extra = entity if isinstance(entity, dict) else getattr(entity, "additional_properties", {})
        if object_of(extra).get("type", getattr(entity, "type", "")) == "clientInfo":
            found = text_of(object_of(extra).get("locale"))
    return found if 2 <= len(found) <= 35 and found.isprintable() else ""


def _message(activity: Activity, parsed: Parsed, is_command: Callable[[str], bool]) -> Parsed:
    if isinstance(activity.value, dict) and MARKER in activity.value:
        return _card_value(activity, parsed, activity.value, "")
    text = _MENTION.sub("", activity.text or "").strip()
    if not text:
        log.info("Teams message without text or card value ignored")
        return parsed
    direct = parsed.personal or is_command(text)
    parsed.events.append(
        MessageReceived(
            event_id(activity),
            member_of(parsed, parsed.user),
            activity.conversation.id,
            text,
            is_direct=direct,
            locale=parsed.locale,
        )
    )
    return parsed


def _card_value(activity: Activity, parsed: Parsed, value: dict[str, Any], verb: str) -> Parsed:
    found = value.get(MARKER)
    marker: dict[str, Any] = found if isinstance(found, dict) else {}
    action_id = str(marker.get("form") or marker.get("action") or verb)
    if not action_id:
        log.warning("Teams card action without a kmbot action id ignored: %s", sorted(value))
        parsed.events.append(
            ActionClicked(event_id(activity), member_of(parsed, parsed.user), "unknown")
        )
        return parsed
    item = str(marker.get("value", ""))
    inputs = {k: v for k, v in value.items() if k != MARKER}
    if not all(map(storable, (action_id, item, *map(str, inputs), *map(str, inputs.values())))):
        raise Malformed("a card value with a NUL character or an unpaired surrogate")
    if "form" in marker and inputs:
        allowed = FORM_EXTRAS.get(action_id, set())
        fields = {
            k: str(v)
            for k, v in inputs.items()
            if _FORM_FIELD.match(k) or k in allowed or action_id != PROMPT_ANSWER
        }
        extra = sorted(set(inputs) - set(fields))
        if extra:
            log.warning("Teams card submit %s: unexpected fields %s dropped", action_id, extra)
        parsed.events.append(
            FormSubmitted(
                event_id(activity),
                member_of(parsed, parsed.user),
                action_id,
                item,
                fields,
                locale=parsed.locale,
            )
        )
    else:
        parsed.events.append(
            ActionClicked(
                event_id(activity),
                member_of(parsed, parsed.user),
                action_id,
                item,
                locale=parsed.locale,
            )
        )
    return parsed
