"""Hostile requests to POST /api/messages, from Teams' own activities
(../shared/fixtures/teams), mutated and re-encoded wrongly, and the Authorization headers a
forger would try: none, junk, unsigned JWTs, and JWTs signed with a key Microsoft never had."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import strategies as st

from bot import actions
from tests.fuzz.mutation import Request, damaged_bytes, mutated
from tests.fuzz.slack_bodies import COMMANDS, KMBOT_ACTIONS
from tests.teams.rig import FIXTURES, fixture

JSON = "application/json"
ACTIVITY_FIXTURES = (
    "message.personal.json",
    "message.channel_mention.json",
    "invoke.adaptiveCard_action.personal.json",
    "installationUpdate.add.team.json",
    "conversationUpdate.membersAdded.bot_added_to_team.json",
    "conversationUpdate.membersAdded.bot_added_personal.placeholders.json",
)
INVALID_JSON = (
    FIXTURES / "message.card_messageBack_submit.docs_example.INVALID_JSON_trailing_comma.txt"
).read_bytes()
# The fixtures' senders, as (tenant, AAD object id), enrolled by tests/fuzz/conftest.py.
FIXTURE_PEOPLE = (
    ("72f988bf-86f1-41af-91ab-2d7cd011db47", "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"),
    ("50612dbb-0237-4969-b378-8d42590f9c00", "b15a9416-0ad3-4172-9210-7beb711d3f70"),
    ("56653e9d-2158-46ee-90d7-675c39642038", "c5e99701-2a32-49c1-a660-4629ceeb8c61"),
    ("b28fdbfd-2b78-4f93-b0f8-8881793f0f8f", "eddfa9d4-346e-4cce-a18f-fa6261ad776b"),
)


def activity_documents() -> list[dict[str, Any]]:
    """The fixtures, plus kmbot's own card values and commands on the personal message."""
    documents = [fixture(name) for name in ACTIVITY_FIXTURES]
    personal = fixture("message.personal.json")
    for command in COMMANDS:
        documents.append({**copy.deepcopy(personal), "text": command})
    for action_id in KMBOT_ACTIONS:
        clicked = {
            **copy.deepcopy(personal),
            "value": {"kmbot": {"action": action_id, "value": "1"}},
        }
        clicked.pop("text")
        documents.append(clicked)
    for form in (actions.ANSWER_FORM, actions.LESSON_FORM, actions.CHECKIN_LEARNING_FORM):
        submitted = {
            **copy.deepcopy(personal),
            "value": {
                "kmbot": {"form": form, "value": "1"},
                "q0": "What I learned",
                "visibility": "shared",
            },
        }
        submitted.pop("text")
        documents.append(submitted)
    invoke = fixture("invoke.adaptiveCard_action.personal.json")
    invoke["value"]["action"]["data"] = {"kmbot": {"action": actions.PROMPT_SKIP, "value": "1"}}
    documents.append(invoke)
    return documents


def _content_type() -> st.SearchStrategy[str | None]:
    wrong = ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"]
    return st.sampled_from([JSON] * 8 + wrong + [None])


@st.composite
def activity_request(draw: st.DrawFn, service_url: str) -> Request:
    """An activity, mutated, its serviceUrl kept on the fake connector (kmbot answers there:
    an address on the internet would only test the network), maybe damaged on the wire."""
    if draw(st.integers(min_value=0, max_value=30)) == 0:
        body = draw(damaged_bytes(INVALID_JSON))
        return Request(body, draw(_content_type()), "the docs' invalid JSON")
    document = draw(mutated(draw(st.sampled_from(activity_documents()))))
    if isinstance(document.value, dict):
        document.value["serviceUrl"] = service_url
    body = draw(damaged_bytes(document.encode(draw(st.booleans()))))
    return Request(body, draw(_content_type()), "activity: " + "; ".join(document.operations))


# A key pair Microsoft never had: tokens signed with it claim to be Microsoft's and are not.
FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
TRUSTED_ISSUERS = (
    "https://api.botframework.com",
    "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
    "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
)


def _claims(draw: st.DrawFn, app_id: str, service_url: str) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": draw(st.sampled_from(TRUSTED_ISSUERS)),
        "aud": app_id,
        "appid": app_id,
        "ver": draw(st.sampled_from(["1.0", "2.0"])),
        "serviceurl": service_url,
        "nbf": now - 60,
        "exp": now + draw(st.sampled_from([3600, -3600])),
    }
    for key in draw(st.sets(st.sampled_from(sorted(claims)))):
        del claims[key]  # a claim missing
    return claims


@st.composite
def forged_authorization(draw: st.DrawFn, app_id: str, service_url: str) -> dict[str, str]:
    """An Authorization header no Bot Framework channel issued (or none at all)."""
    kind = draw(
        st.sampled_from(
            ["none", "empty", "junk", "basic", "bearer-junk", "unsigned", "hs256", "rs256", "parts"]
        )
    )
    if kind == "none":
        return {}
    if kind == "empty":
        return {"Authorization": ""}
    if kind == "junk":
        return {
            "Authorization": draw(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
        }
    if kind == "basic":
        return {"Authorization": "Basic a21ib3Q6c2VjcmV0"}
    if kind == "bearer-junk":
        return {
            "Authorization": "Bearer "
            + draw(st.sampled_from(["x", "a.b.c", "..", "e30.e30.", "Bearer"]))
        }
    claims = _claims(draw, app_id, service_url)
    if kind == "unsigned":
        token = jwt.encode(claims, key=None, algorithm="none")
    elif kind == "hs256":
        token = jwt.encode(
            claims, key="a shared secret nobody else has, 32 bytes long", algorithm="HS256"
        )
    elif kind == "rs256":
        kid = draw(st.sampled_from([None, "kmbot-fuzz-unknown-key", ""]))
        headers = {"kid": kid} if kid is not None else {}
        token = jwt.encode(claims, key=FORGER_KEY, algorithm="RS256", headers=headers)
    else:  # a payload that is JSON but not the claims PyJWT expects
        header = jwt.utils.base64url_encode(b'{"alg":"none"}').decode()
        payload = draw(st.sampled_from([b"[]", b'"iss"', b"{}", b'{"iss": 5}', b'{"iss": null}']))
        token = f"{header}.{jwt.utils.base64url_encode(payload).decode()}."
    return {"Authorization": f"Bearer {token}"}


def dumps(activity: dict[str, Any]) -> bytes:
    return json.dumps(activity).encode()
