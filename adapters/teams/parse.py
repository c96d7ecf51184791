"""Teams activities as kmbot's neutral inbound events (pure: nothing here does I/O).

`activity_refusal` says what is wrong with a request body before the Bot Framework SDK reads
it; `parse_activity` refuses (Malformed) what it cannot use. A hostile activity is refused
with one line, never a 500 or a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from botbuilder.schema import Activity, ChannelAccount

from adapters.storable import storable, unstorable
from adapters.teams.render import MARKER
from bot.actions import PROMPT_ANSWER
from bot.chat import (
    ActionClicked,
    AppInstalled,
    FormSubmitted,
    InboundEvent,
    MemberAddress,
    MemberJoined,
    MemberLeft,
    MessageReceived,
)

PLATFORM = "teams"
log = logging.getLogger(__name__)

_MENTION = re.compile(r"<at>.*?</at>", re.DOTALL)
_FORM_FIELD = re.compile(r"^q\d{1,2}$")
FORM_EXTRAS = {PROMPT_ANSWER: {"visibility"}}


MAX_ID = 128  # the columns kmbot keeps tenant and user ids in


class Malformed(ValueError):
    """The activity lacks what every Teams activity has (tenant, sender, conversation)."""


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Parsed:
    """One activity: its neutral events plus what the adapter itself must remember or do."""

    tenant: str
    events: list[InboundEvent] = field(default_factory=list)
    personal: bool = False
    user: str = ""  # the sender as kmbot knows them (AAD object id, else the Teams id)
    teams_ids: dict[str, str] = field(default_factory=dict)  # kmbot user -> Teams 29: id
    team_id: str = ""
    team_name: str = ""
    channel_id: str = ""
    team_added: bool = False
    team_removed: bool = False
    invoke: bool = False
    locale: str = ""  # the sender's Teams language: the activity's, else its clientInfo's


def parse_activity(activity: Activity, is_command: Callable[[str], bool]) -> Parsed:
    """Every event in `activity`; an unknown type yields none (a logged no-op).

    `is_command` tells a command from other text: a command typed in a channel is still
    handled as if typed in the personal chat.
    """
    data = _object(activity.channel_data)
    conversation = activity.conversation
    tenant = _text(_object(data.get("tenant")).get("id")) or _text(
        getattr(conversation, "tenant_id", None)
    )
    if (
        not tenant
        or activity.from_property is None
        or not _text(activity.from_property.id)
        or conversation is None
        or not _text(conversation.id)
        or not _text(activity.id)
    ):
        raise Malformed("activity without tenant, sender, conversation or id")
    sender = activity.from_property
    user = user_of(sender)
    if len(tenant) > MAX_ID or len(user) > MAX_ID:
        raise Malformed("a tenant or sender id longer than any Teams id")
    if not all(map(_plain, (tenant, user, sender.id, conversation.id, activity.id))):
        raise Malformed("an id that is not printable ASCII, as every Teams id is")
    if not storable(activity.text or ""):
        raise Malformed("text with a NUL character or an unpaired surrogate")
    team = _object(data.get("team"))
    selected = _text(_object(_object(data.get("settings")).get("selectedChannel")).get("id"))
    channel = selected or _text(_object(data.get("channel")).get("id")) or _text(team.get("id"))
    base = Parsed(
        tenant=tenant,
        personal=conversation.conversation_type == "personal",
        user=user,
        teams_ids={user: sender.id},
        team_id=_text(team.get("id")),
        team_name=_text(team.get("name")),
        channel_id=channel,
        invoke=activity.type == "invoke",
        locale=locale_of(activity),
    )
    if activity.type == "message":
        return _message(activity, base, is_command)
    if activity.type == "invoke" and activity.name == "adaptiveCard/action":
        action = _object(_object(activity.value).get("action"))
        data_value = action.get("data")
        return _card_value(
            activity,
            base,
            data_value if isinstance(data_value, dict) else {},
            _text(action.get("verb")),
        )
    if activity.type == "installationUpdate":
        return _installation(activity, base)
    if activity.type == "conversationUpdate":
        return _conversation_update(activity, base)
    log.info("Teams activity type %r (%s) ignored", activity.type, activity.name or "")
    return base


def locale_of(activity: Activity) -> str:
    """The sender's locale ("fr-FR"): the activity's `locale`, else its clientInfo entity's."""
    found = _text(activity.locale)
    for entity in activity.entities or []:
        if found:
            break
        extra = entity if isinstance(entity, dict) else getattr(entity, "additional_properties", {})
        if _object(extra).get("type", getattr(entity, "type", "")) == "clientInfo":
            found = _text(_object(extra).get("locale"))
    return found if 2 <= len(found) <= 35 and found.isprintable() else ""


def user_of(account: ChannelAccount) -> str:
    """kmbot's user id for a Teams account: the AAD object id, stable across teams."""
    return account.aad_object_id or account.id


def event_id(activity: Activity, index: int = 0) -> str:
    """Teams activity ids are unique per conversation only, so the conversation is mixed in."""
    conversation = hashlib.sha256(activity.conversation.id.encode()).hexdigest()[:16]
    return f"{activity.id[:150]}@{conversation}" + (f"#{index}" if index else "")


def _member(parsed: Parsed, user: str) -> MemberAddress:
    return MemberAddress(PLATFORM, parsed.tenant, user)


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
            _member(parsed, parsed.user),
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
            ActionClicked(event_id(activity), _member(parsed, parsed.user), "unknown")
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
                _member(parsed, parsed.user),
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
                _member(parsed, parsed.user),
                action_id,
                item,
                locale=parsed.locale,
            )
        )
    return parsed


def _installation(activity: Activity, parsed: Parsed) -> Parsed:
    adding = (activity.action or "").startswith("add")
    if parsed.team_id:
        if adding:
            parsed.events.append(AppInstalled(event_id(activity), PLATFORM, parsed.tenant))
        return _with(parsed, team_added=adding, team_removed=not adding)
    member = _member(parsed, parsed.user)
    parsed.events.append(
        MemberJoined(event_id(activity), member)
        if adding
        else MemberLeft(event_id(activity), member)
    )
    return parsed


def _conversation_update(activity: Activity, parsed: Parsed) -> Parsed:
    bot_id = activity.recipient.id if activity.recipient else ""
    added, removed = activity.members_added or [], activity.members_removed or []
    seen: set[str] = set()
    for index, account in enumerate(added + removed, start=1):
        joining = index <= len(added)
        if account is None or not _text(account.id):
            continue  # no one to add or remove
        if account.id == bot_id or account.id.startswith("28:"):  # 28: ids are bots
            if parsed.team_id:
                if joining:
                    parsed.events.append(
                        AppInstalled(event_id(activity, index), PLATFORM, parsed.tenant)
                    )
                parsed = _with(parsed, team_added=joining, team_removed=not joining)
                continue
            account = activity.from_property  # the bot joined a personal chat: its owner
        user = user_of(account)
        if user in seen or len(user) > MAX_ID or not _plain(user) or not _plain(account.id):
            continue
        seen.add(user)
        parsed.teams_ids[user] = account.id
        member = _member(parsed, user)
        parsed.events.append(
            MemberJoined(event_id(activity, index), member, parsed.team_id, bool(parsed.team_id))
            if joining
            else MemberLeft(event_id(activity, index), member, parsed.team_id)
        )
    if parsed.team_added:  # kmbot itself was added: the others listed are the team as it was
        parsed.events[:] = [
            replace(e, organisation=False) if isinstance(e, MemberJoined) else e
            for e in parsed.events
        ]
    return parsed


def _with(parsed: Parsed, **changes: Any) -> Parsed:
    return replace(parsed, **changes)


def _plain(text: str) -> bool:
    """Printable ASCII: what Teams ids are made of (and what goes into the connector's URLs)."""
    return text.isascii() and text.isprintable()


# The activity's text fields kmbot reads, which the SDK would turn into text whatever they
# are (an id of {} becomes "{}"): each must be text (or null) as sent.
_TEXT_FIELDS = ("type", "id", "name", "text", "serviceUrl", "channelId", "action", "replyToId")
_ACCOUNT_FIELDS = ("id", "aadObjectId", "name", "conversationType", "tenantId")


def activity_refusal(body: dict[str, Any]) -> str:
    """Why the Bot Framework SDK and kmbot cannot handle this request body ("" when they
    can): a field of the wrong type, or text no database stores."""
    for key in _TEXT_FIELDS:
        if body.get(key) is not None and not isinstance(body[key], str):
            return f"{key} is {type(body[key]).__name__}, not text"
    accounts = [(key, body.get(key)) for key in ("from", "recipient", "conversation")]
    for key in ("membersAdded", "membersRemoved"):
        listed = body.get(key)
        accounts += [(key, a) for a in listed] if isinstance(listed, list) else []
    for key, account in accounts:
        if account is not None and not isinstance(account, dict):
            return f"{key} is {type(account).__name__}, not an account"
        for field_name in _ACCOUNT_FIELDS:
            value = _object(account).get(field_name)
            if value is not None and not isinstance(value, str):
                return f"{key}.{field_name} is {type(value).__name__}, not text"
    try:
        Activity().deserialize(body)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:  # msrest's errors
        return "not a Bot Framework activity: " + str(exc).splitlines()[0][:200]
    return unstorable(body)
