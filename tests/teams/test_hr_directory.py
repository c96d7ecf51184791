"""An HR file keyed by email meets a Teams roster: the roster's email (else its
userPrincipalName) is stored, and people imported before the bot is installed are matched
when the roster lists them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.db.models import Member
from bot.people.hr_import import ImportReport, import_people
from tests.teams.rig import TeamsRig, fixture

INSTALL = fixture("installationUpdate.add.team.json")
TEAM = INSTALL["channelData"]["team"]["id"]
JOHN = "76b0b09f-d410-48fd-993e-84da521a597b"
RICK = "6b7b3b2a-2c4b-4175-8582-41c9e685c1b5"


async def run_import(rig: TeamsRig, text: str) -> ImportReport:
    async with rig.core.sessions.begin() as session:
        return await import_people(session, text, rig.core.clock.now())


async def by_user(rig: TeamsRig) -> dict[str, Member]:
    async with rig.core.sessions() as session:
        return {m.external_id: m for m in await session.scalars(select(Member))}


async def install(rig: TeamsRig, roster: dict[str, object]) -> None:
    rig.connector.rosters[TEAM] = [{**roster, "continuationToken": None}]
    status, _ = await rig.post(INSTALL)
    assert status == 201


async def test_people_imported_before_the_install_are_matched_from_the_roster(
    rig: TeamsRig,
) -> None:
    report = await run_import(
        rig,
        "person,unit,role,manager,office\n"
        "rick.stevens@fabrikam.com,Field operations,lead,,Nairobi\n"  # the roster: Rick.Stevens@
        "johnp@fabrikam.com,Field operations,member,rick.stevens@fabrikam.com,Kisumu\n",
    )
    assert report.refused == [] and await by_user(rig) == {}

    await install(rig, fixture("api.pagedmembers.response.json"))

    members = await by_user(rig)
    rick, john = members[RICK], members[JOHN]
    assert (rick.email, rick.role, rick.unit, rick.level) == (
        "Rick.Stevens@fabrikam.com",
        "lead",
        "Field operations",
        1,
    )
    assert (john.manager_id, john.level, john.office) == (rick.id, 2, "Kisumu")


async def test_a_member_without_an_email_is_found_by_user_principal_name(rig: TeamsRig) -> None:
    roster = fixture("api.pagedmembers.response.json")
    for entry in roster["members"]:
        entry.pop("email", None)
    await install(rig, roster)

    report = await run_import(rig, "person,unit\nrstevens@fabrikam.com,Finance\n")

    assert report.refused == [] and (await by_user(rig))[RICK].unit == "Finance"


async def test_kmbot_members_import_matches_the_teams_roster_by_email(
    rig: TeamsRig,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await install(rig, fixture("api.pagedmembers.response.json"))
    people = tmp_path / "people.csv"
    people.write_text(
        "person,unit,role,title\n"
        "RICK.STEVENS@fabrikam.com,Field operations,sponsor,Country Director\n"  # any case
        "johnp@fabrikam.com,Field operations,member,Field officer\n"
        "amina@fabrikam.com,Field operations,member,\n"  # not on the roster yet: kept
        "nobody,Field operations,member,\n"
    )
    monkeypatch.setenv("KMBOT_DATABASE_URL", database_url)

    code = await asyncio.to_thread(main, ["members", "import", str(people)])

    out, err = capsys.readouterr()
    assert code == 2  # one row was refused
    assert "line 5: refused" in err and err.count("\n") == 1
    assert "kept until amina@fabrikam.com appears on Slack or Teams" in out
    members = await by_user(rig)
    rick, john = members[RICK], members[JOHN]
    assert (rick.role, rick.unit, rick.title) == ("sponsor", "Field operations", "Country Director")
    assert (john.unit, john.title) == ("Field operations", "Field officer")
