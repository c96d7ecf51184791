"""An HR file keyed by email meets Slack's directory: emails come with users.list (the
users:read.email scope), people imported before any sync are matched when they appear."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from adapters.slack.parse import person_from_user
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member
from bot.people.hr_import import ImportReport, import_people
from tests.slack.fake_slack import fixture
from tests.slack.harness import TEAM, slack_world


async def run_import(core: Core, text: str) -> ImportReport:
    async with core.sessions.begin() as session:
        return await import_people(session, text, core.clock.now())


async def by_user(core: Core) -> dict[str, Member]:
    async with core.sessions() as session:
        return {m.external_id: m for m in await session.scalars(select(Member))}


def test_the_email_of_slacks_own_users_list_payload_is_read() -> None:
    members = fixture("api.users.list.ok_with_next_cursor.json")["members"]
    people = [person_from_user(user) for user in members]
    assert [p.email for p in people if p] == [
        "spengler@ghostbusters.example.com",
        "glenda@south.oz.coven",
    ]
    assert person_from_user({"id": "U1", "profile": {"email": "not an email"}}).email is None  # type: ignore[union-attr]
    assert [p.title for p in people if p] == [None, "Glinda the Good"]  # profile.title


async def test_an_hr_file_keyed_by_email_matches_synced_slack_members(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        world.fake.users = fixture("api.users.list.ok_with_next_cursor.json")["members"]
        await world.adapter.sync(TEAM)

        report = await run_import(
            core,
            "person,unit,manager,level,office\n"
            "Spengler@Ghostbusters.example.com,Research,glenda@south.oz.coven,,New York\n"
            "glenda@south.oz.coven,Research,,2,Oz\n",
        )

        assert report.refused == []
        members = await by_user(core)
        egon, glinda = members["W012A3CDE"], members["W07QCRPA4"]
        assert (egon.unit, egon.office, egon.manager_id, egon.level) == (
            "Research",
            "New York",
            glinda.id,
            3,
        )
        assert (glinda.level, glinda.office) == (2, "Oz")


async def test_people_imported_before_slack_lists_them_are_matched_on_sync_and_on_join(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        report = await run_import(
            core,
            "person,unit,role,manager\n"
            "lena@example.com,Sales,lead,\n"
            "ana@example.com,Sales,member,lena@example.com\n",
        )
        assert report.refused == [] and await by_user(core) == {}

        world.fake.add_user("U-lena", "Lena", email="Lena@Example.com")
        await world.adapter.sync(TEAM)
        lena = (await by_user(core))["U-lena"]
        assert (lena.email, lena.unit, lena.role) == ("Lena@Example.com", "Sales", "lead")

        join = fixture("team_join.event_callback.schema_sample.json")
        join.update(team_id=TEAM, event_id="Ev-join-ana", type="event_callback")
        join["event"]["user"] = world.fake.add_user("U-ana", "Ana", email="ana@example.com")
        assert (await world.sender.event(join))[0] == 200
        await world.settle()

        ana = (await by_user(core))["U-ana"]
        assert (ana.unit, ana.manager_id, ana.level) == ("Sales", lena.id, 2)


async def test_a_workspace_that_lists_no_email_says_which_scope_is_missing(
    core: Core, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async for world in slack_world(core, clock):
        for user in ("U-ana", "U-ben"):
            world.fake.add_user(user)["profile"].pop("email")  # installed without the scope
        with caplog.at_level(logging.WARNING, logger="adapters.slack.sync"):
            await world.adapter.sync(TEAM)

        assert "Slack listed 2 people without an email: reinstall the app to grant " in caplog.text
        assert {m.email for m in (await by_user(core)).values()} == {None}


async def test_a_title_comes_from_the_slack_profile_unless_the_hr_file_gave_one(
    core: Core, clock: FakeClock
) -> None:
    async for world in slack_world(core, clock):
        world.fake.users = fixture("api.users.list.ok_with_next_cursor.json")["members"]
        report = await run_import(core, "person,title\nspengler@ghostbusters.example.com,Lead\n")
        assert report.refused == []
        await world.adapter.sync(TEAM)

        members = await by_user(core)
        assert (members["W012A3CDE"].title, members["W07QCRPA4"].title) == (
            "Lead",
            "Glinda the Good",
        )
