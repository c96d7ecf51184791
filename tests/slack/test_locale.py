"""Slack members read their own language: users.list is asked with include_locale=true and
the locale it gives is kept, so a French Slack user's prompts arrive in French."""

from __future__ import annotations

import copy

from sqlalchemy import select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member
from bot.i18n import speaking
from bot.people.languages import member_language
from bot.prompts.status import member_status, status_message
from tests.slack.fake_slack import fixture
from tests.slack.harness import TEAM, slack_world


async def test_a_sync_keeps_each_slack_users_locale(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        users = copy.deepcopy(fixture("api.users.list.ok_with_next_cursor.json")["members"])
        users[0]["locale"], users[1]["locale"] = "fr-FR", "pt-BR"
        world.fake.users = users
        await world.adapter.sync(TEAM)

        asked = world.fake.called("users.list")
        assert asked and all(str(c.args.get("include_locale")) in ("1", "true") for c in asked)
        async with core.sessions() as session:
            members = {m.external_id: m for m in await session.scalars(select(Member))}
            french = members[users[0]["id"]]
            assert (french.locale, member_language(french)) == ("fr-FR", "fr")
            assert member_language(members[users[1]["id"]]) == "pt"
            with speaking(member_language(french)):
                home = status_message(await member_status(session, french))
        assert home.title == "Votre kmbot" and home.language == "fr"
