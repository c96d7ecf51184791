"""A signed Slack body checked for the shape bolt and kmbot read, before bolt reads it:
`refusal` says in one line what is wrong, so a malformed body is a 400, never a 500."""

from __future__ import annotations

from typing import Any

from slack_bolt.request.internals import parse_body

from adapters.storable import unstorable

# What bolt and kmbot read of a payload, and the type each must have when it is there (None
# is allowed where they test for it). Slack sends exactly these; a body with anything else
# in these places would crash bolt's middleware or matchers, a 500 Slack would retry.
Shape = Any
_STR = (str, type(None))
_ID_OR_OBJECT: Shape = ("either", _STR, {"id": _STR})
_USER: Shape = ("either", _STR, {"id": _STR, "team_id": _STR, "name": _STR})
_ELEMENT: Shape = {
    "action_id": _STR,
    "block_id": _STR,
    "type": _STR,
    "value": _STR,
    "selected_date": _STR,
    "selected_option": {"value": _STR},
    "action_ts": _STR,
}
_MESSAGE: Shape = {"user": _USER, "thread_ts": _STR, "subtype": _STR, "bot_id": _STR}
_EVENT: Shape = {
    "type": _STR,
    "user": ("either", _STR, {"id": _STR, "team_id": _STR, "tz": _STR, "profile": {}}),
    "user_id": _STR,
    "team": _STR,
    "user_team": _STR,
    "channel": _ID_OR_OBJECT,
    "channel_type": _STR,
    "subtype": _STR,
    "bot_id": _STR,
    "text": _STR,
    "tab": _STR,
    "thread_ts": _STR,
    "callback_id": _STR,
    "message": _MESSAGE,
    "previous_message": _MESSAGE,
    "item": {"channel": _ID_OR_OBJECT},
    "assistant_thread": {"channel_id": _STR, "thread_ts": _STR},
    "function_execution_id": _STR,
    "bot_access_token": _STR,
}
_AUTHORIZATION: Shape = {"team_id": _STR, "enterprise_id": _STR, "user_id": _STR}
_VIEW: Shape = {
    "id": _STR,
    "team_id": _STR,
    "app_installed_team_id": _STR,
    "callback_id": _STR,
    "private_metadata": _STR,
    "hash": _STR,
    "type": _STR,
    "blocks": [{"block_id": _STR}],
    "state": {"values": ("values", ("values", _ELEMENT))},
}
_BODY: Shape = {
    **{key: _STR for key in ("type", "token", "team_id", "enterprise_id", "user_id")},
    **{key: _STR for key in ("channel_id", "api_app_id", "event_id", "trigger_id")},
    **{key: _STR for key in ("response_url", "command", "text", "callback_id", "challenge")},
    **{key: _STR for key in ("thread_ts", "function_execution_id", "bot_access_token")},
    **{key: _STR for key in ("context_team_id", "context_enterprise_id")},
    "team": ("either", _STR, {"id": _STR, "enterprise_id": _STR}),
    "enterprise": _ID_OR_OBJECT,
    "user": _USER,
    "channel": _ID_OR_OBJECT,
    "authorizations": [_AUTHORIZATION],
    "event": ("required", _EVENT),
    "message": _MESSAGE,
    "previous_message": _MESSAGE,
    "item": {"channel": _ID_OR_OBJECT},
    "assistant_thread": {"channel_id": _STR, "thread_ts": _STR},
    "function_data": {"execution_id": _STR},
    "view": _VIEW,
    "actions": [_ELEMENT],
    "container": {"message_ts": _STR, "channel_id": _STR, "type": _STR},
    "response_urls": ("required", [{"response_url": _STR}]),
}
# What each payload type must have to be handled (bolt indexes these without a check).
_NEEDS: dict[str, tuple[str, ...]] = {
    "event_callback": ("event",),
    "block_actions": ("actions",),
    "view_submission": ("view",),
    "view_closed": ("view",),
}


def refusal(body: object) -> str:
    """Why bolt and kmbot cannot handle this parsed body ("" when they can): a field of the
    wrong type, a payload type without what it needs, or text no database can store."""
    if not isinstance(body, dict):
        return f"the body is {type(body).__name__}, not an object"
    problem = _mismatch(body, _BODY, "")
    if problem:
        return problem
    kind = body.get("type")
    for key in _NEEDS.get(kind, ()) if isinstance(kind, str) else ():
        if not body.get(key):
            return f"a {kind} payload without {key}"
    if kind == "block_actions" and "action_id" not in (
        first if isinstance(first := body["actions"][0], dict) else {}
    ):
        return "a block action without an action_id"
    return unstorable(body)


def request_refusal(raw: bytes, content_type: str | None) -> str:
    """`refusal` of a request body, read as bolt reads it (JSON, a form, or a form with a
    JSON `payload`), or why it cannot even be read."""
    media, _, parameters = (content_type or "").partition(";")
    charset = "utf-8"
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"')
    try:
        body = parse_body(raw.decode(charset), media.strip() or None)
    except (UnicodeDecodeError, LookupError):
        return f"the body is not {charset} text"
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return "the body is not JSON, a form, or a form with a JSON payload"
    return refusal(body)


def _mismatch(value: object, shape: Shape, where: str) -> str:
    """The first place `value` does not have `shape` ("" when it has)."""
    if isinstance(shape, tuple) and shape and shape[0] == "required":
        if value is None:
            return f"{where or 'the body'} is null"
        return _mismatch(value, shape[1], where)
    if value is None:
        return ""
    if isinstance(shape, tuple) and shape and shape[0] == "either":
        if any(not _mismatch(value, option, where) for option in shape[1:]):
            return ""
        return f"{where} has the wrong type ({type(value).__name__})"
    if isinstance(shape, tuple) and shape and shape[0] == "values":
        if not isinstance(value, dict):
            return f"{where} is {type(value).__name__}, not an object"
        return next(
            (
                p
                for key, item in value.items()
                if (p := _mismatch(item, shape[1], f"{where}.{key}"))
            ),
            "",
        )
    if isinstance(shape, tuple):
        if isinstance(value, bool) or not isinstance(value, shape):
            return f"{where} is {type(value).__name__}, not text"
        return ""
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where} is {type(value).__name__}, not a list"
        return next(
            (
                p
                for i, item in enumerate(value)
                if (p := _mismatch(item, shape[0], f"{where}[{i}]"))
            ),
            "",
        )
    if not isinstance(value, dict):
        return f"{where or 'the body'} is {type(value).__name__}, not an object"
    return next(
        (
            p
            for key, part in shape.items()
            if key in value and (p := _mismatch(value[key], part, f"{where}.{key}".lstrip(".")))
        ),
        "",
    )
