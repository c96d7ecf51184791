"""Property-based fuzzing of POST /api/messages with mutated real Teams activities.

In emulator mode (no app id: every request is taken as Microsoft's) a hostile activity never
gets a 5xx and never logs an error or a traceback. With an app id, a request without a token
Microsoft signed gets a 401 and changes nothing: no row in any table, no call to the
connector. Afterwards /healthz's database check answers and a member's message is answered.
"""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.conftest import (
    FUZZ,
    TEAMS_APP_ID,
    TeamsTarget,
)
from tests.fuzz.observe import Problems, row_counts
from tests.fuzz.teams_bodies import JSON, activity_request, dumps, forged_authorization
from tests.teams.rig import fixture


@FUZZ
@given(data=st.data())
async def test_activities_never_get_a_5xx_nor_a_traceback(
    teams: TeamsTarget, problems: Problems, data: st.DataObject
) -> None:
    request = data.draw(activity_request(teams.rig.connector_url), label="request")
    problems.clear()

    status = await teams.post(request.body, request.content_type, {})
    event(f"emulator: {status}")

    assert status < 500, f"{status} for {request!r}"
    assert problems.lines() == [], request


@FUZZ
@given(data=st.data())
async def test_a_request_without_microsofts_token_is_refused_and_changes_nothing(
    locked_teams: TeamsTarget, problems: Problems, data: st.DataObject
) -> None:
    teams = locked_teams
    url = teams.rig.connector_url
    real = data.draw(st.booleans(), label="a real activity")
    if real:
        body, content_type = dumps({**fixture("message.personal.json"), "serviceUrl": url}), JSON
    else:
        request = data.draw(activity_request(url), label="request")
        body, content_type = request.body, request.content_type
    headers = data.draw(forged_authorization(TEAMS_APP_ID, url), label="headers")
    problems.clear()
    before = await row_counts(teams.core.sessions, teams.tables)

    status = await teams.post(body, content_type, headers)
    event(f"forged: {status}")

    if real:
        assert status in (401, 403), f"{status} with {headers}"
    else:  # a malformed body may be refused for its form before its token is read
        assert status in (400, 401, 403, 413, 415), f"{status} for {body[:300]!r}"
    assert await row_counts(teams.core.sessions, teams.tables) == before
    assert teams.rig.connector.calls == []
    assert problems.lines() == []
