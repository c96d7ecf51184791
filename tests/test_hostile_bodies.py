"""Bodies no database can store are refused by both adapters before the SDKs read them."""

from __future__ import annotations

import json

from adapters.slack.body_check import request_refusal
from adapters.teams.body_check import activity_refusal

NUL = "a\x00b"
SURROGATE = "a\ud800b"


def test_slack_refuses_text_with_a_nul_or_an_unpaired_surrogate_and_unreadable_bodies() -> None:
    for text in (NUL, SURROGATE):
        body = json.dumps({"type": "event_callback", "event": {"type": "message", "text": text}})
        assert "NUL character or an unpaired surrogate" in request_refusal(
            body.encode(), "application/json"
        )
    assert "not JSON" in request_refusal(b"{not json", "application/json")
    assert "not utf-8" in request_refusal(b"\xff\xfe", "application/json; charset=utf-8")


def test_teams_refuses_text_with_a_nul_and_accounts_of_the_wrong_shape() -> None:
    message = {"type": "message", "id": "1", "text": NUL, "from": {"id": "u"}}
    assert "NUL character" in activity_refusal(message)
    assert "not an account" in activity_refusal({**message, "text": "hi", "from": "u"})
