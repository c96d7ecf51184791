"""The bugs the Teams fuzzing found, one ordinary example each."""

from __future__ import annotations

import copy
import json
from typing import Any

import jwt
import pytest

from adapters.teams.body_check import activity_refusal
from tests.fuzz.conftest import (
    TEAMS_APP_ID,
    TeamsTarget,
)
from tests.fuzz.observe import Problems, row_counts
from tests.fuzz.teams_bodies import FORGER_KEY, JSON, dumps
from tests.teams.rig import FIXTURES, fixture

ACTIVITIES = sorted(p.name for p in FIXTURES.glob("*.json") if "type" in json.loads(p.read_text()))


def _personal(teams: TeamsTarget, **changes: Any) -> dict[str, Any]:
    return {**fixture("message.personal.json"), "serviceUrl": teams.rig.connector_url, **changes}


async def _refused_quietly(teams: TeamsTarget, problems: Problems, body: bytes) -> int:
    before = await row_counts(teams.core.sessions, teams.tables)
    status = await teams.post(body, JSON, {})
    assert problems.lines() == []
    assert await row_counts(teams.core.sessions, teams.tables) == before
    assert teams.rig.connector.calls == []
    return status


@pytest.mark.parametrize(
    "changes",
    [
        {"timestamp": []},  # msrest's DeserializationError out of CloudAdapter.process: 500
        {"from": "Megan"},
        {"conversation": ["a:1"]},
        {"entities": {}},
        {"id": {}},  # msrest made it "{}", and the reply went to /activities/{}: a traceback
        {"text": 5},
    ],
    ids=[
        "timestamp-list",
        "from-text",
        "conversation-list",
        "entities-object",
        "id-object",
        "text-int",
    ],
)
async def test_an_activity_of_the_wrong_shape_is_a_400_with_one_warning(
    teams: TeamsTarget,
    problems: Problems,
    changes: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await _refused_quietly(teams, problems, dumps(_personal(teams, **changes))) == 400
    [line] = [r.getMessage() for r in caplog.records if r.name == "adapters.teams.app"]
    assert line.startswith("malformed Teams activity refused: ")


@pytest.mark.parametrize(
    "body",
    [
        b"\xef\xbb\xbf" + json.dumps(fixture("message.personal.json")).encode(),  # 500: the SDK
        b'{"type": "message", "value": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",  # RecursionError
    ],
    ids=["utf-8-bom", "nested-past-the-stack"],
)
async def test_a_body_the_sdk_cannot_read_is_a_400(
    teams: TeamsTarget, problems: Problems, body: bytes
) -> None:
    assert await _refused_quietly(teams, problems, body) == 400


def _token(claims: dict[str, Any], algorithm: str = "none", **headers: str) -> str:
    key: Any = {"none": None, "HS256": "a shared secret nobody else has, 32 bytes long"}.get(
        algorithm, FORGER_KEY
    )
    return "Bearer " + jwt.encode(claims, key=key, algorithm=algorithm, headers=headers or None)


BOT_FRAMEWORK = {"iss": "https://api.botframework.com", "aud": TEAMS_APP_ID}


@pytest.mark.parametrize(
    "authorization",
    [
        _token(BOT_FRAMEWORK),  # "Token signing algorithm not in allowed list": a bare Exception
        _token(BOT_FRAMEWORK, "HS256"),
        _token(BOT_FRAMEWORK, "RS256", kid="no-such-key"),  # IndexError in the SDK's key lookup
        _token({"aud": TEAMS_APP_ID}),  # KeyError: 'iss' in EmulatorValidation
    ],
    ids=["alg-none", "hs256", "unknown-kid", "no-issuer"],
)
async def test_a_forged_token_is_a_401_not_a_500(
    locked_teams: TeamsTarget, problems: Problems, authorization: str
) -> None:
    teams = locked_teams
    before = await row_counts(teams.core.sessions, teams.tables)

    status = await teams.post(dumps(_personal(teams)), JSON, {"Authorization": authorization})

    assert status == 401
    assert problems.lines() == []
    assert await row_counts(teams.core.sessions, teams.tables) == before


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        (lambda a: a["channelData"].update(tenant="72f988bf"), True),  # .get on a str
        (lambda a: a["channelData"].update(team="T", settings=["x"]), False),  # the same
        (lambda a: a.update(type="invoke", name="adaptiveCard/action", value="x"), False),
        (lambda a: a["conversation"].update(id="a:\U00085490"), True),  # UnicodeEncodeError
    ],
    ids=[
        "tenant-text",
        "team-text",
        "invoke-value-text",
        "conversation-not-ascii",
    ],
)
async def test_an_activity_kmbot_cannot_use_is_refused_or_read_without_a_traceback(
    teams: TeamsTarget,
    problems: Problems,
    change: Any,
    refused: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Found: parse_activity called .get on channelData parts and invoke values that were
    not objects, and kept a conversation id the connector's URLs cannot carry."""
    activity = copy.deepcopy(_personal(teams))
    change(activity)

    status = await teams.post(dumps(activity), JSON, {})

    assert status < 500 and problems.lines() == []
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert bool(refusals) == refused, refusals


async def test_a_member_without_an_id_in_a_conversation_update_is_skipped(
    teams: TeamsTarget, problems: Problems
) -> None:
    """Found: `account.id.startswith("28:")` on None raised inside the turn (a traceback)."""
    added = fixture("conversationUpdate.membersAdded.bot_added_personal.placeholders.json")
    added = {**added, "serviceUrl": teams.rig.connector_url, "membersAdded": [{"name": "nobody"}]}

    assert await teams.post(dumps(added), JSON, {}) == 201
    assert problems.lines() == []


@pytest.mark.parametrize("name", ACTIVITIES)
def test_teams_own_activities_are_never_refused(name: str) -> None:
    assert activity_refusal(fixture(name)) == ""


@pytest.mark.parametrize("aad", ["7" * 5000, "a\x00b"], ids=["5000-characters", "nul"])
async def test_a_joining_member_whose_id_no_column_holds_is_skipped(
    teams: TeamsTarget, problems: Problems, aad: str
) -> None:
    """Found on PostgreSQL: the member was inserted (value too long for character varying(128),
    or a NUL), and the turn failed with a traceback."""
    added = copy.deepcopy(fixture("conversationUpdate.membersAdded.bot_added_to_team.json"))
    added.update(
        serviceUrl=teams.rig.connector_url, membersAdded=[{"id": "29:x", "aadObjectId": aad}]
    )
    before = await row_counts(teams.core.sessions, ["members"])

    status = await teams.post(dumps(added), JSON, {})

    assert status in (201, 400)  # 400 once app.py refuses a NUL before the SDK reads it
    assert problems.lines() == []
    assert await row_counts(teams.core.sessions, ["members"]) == before
