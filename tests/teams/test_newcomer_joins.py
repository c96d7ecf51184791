"""A Teams team's membersAdded is a join of the organisation, unless it is kmbot's own
installation (whoever else it lists is the team as it was)."""

from __future__ import annotations

import copy

from botbuilder.schema import Activity

from adapters.teams.parse import parse_activity
from bot.chat import MemberJoined
from tests.teams.rig import fixture

ADDED = fixture("conversationUpdate.membersAdded.bot_added_to_team.json")
BOT = ADDED["membersAdded"][0]
NIA = {"id": "29:nia", "aadObjectId": "aad-nia", "name": "Nia"}


def joins(*added: dict[str, str]) -> list[tuple[str, bool]]:
    body = copy.deepcopy(ADDED)
    body["membersAdded"] = list(added)
    parsed = parse_activity(Activity().deserialize(body), lambda _: False)
    return [(e.member.user, e.organisation) for e in parsed.events if isinstance(e, MemberJoined)]


def test_a_person_added_to_the_team_joins_the_organisation() -> None:
    assert joins(NIA) == [("aad-nia", True)]


def test_the_people_listed_with_kmbots_own_installation_are_not_newcomers() -> None:
    assert joins(BOT, NIA) == [("aad-nia", False)]
    assert joins(NIA, BOT) == [("aad-nia", False)]
