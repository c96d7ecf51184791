"""A Teams request body checked before the Bot Framework SDK reads it: `activity_refusal`
says in one line what is wrong, so a hostile body is refused, never a 500 or a traceback."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from adapters.storable import unstorable
from adapters.teams.parsed import object_of

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
            value = object_of(account).get(field_name)
            if value is not None and not isinstance(value, str):
                return f"{key}.{field_name} is {type(value).__name__}, not text"
    try:
        Activity().deserialize(body)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:  # msrest's errors
        return "not a Bot Framework activity: " + str(exc).splitlines()[0][:200]
    return unstorable(body)
