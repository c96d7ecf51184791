"""Slack's App Home offers "Propose a question"; its click opens the proposal modal."""

from __future__ import annotations

import json

from bot.clock import FakeClock
from bot.core import Core
from tests.conversation import add_program
from tests.slack.fake_slack import FIXTURES
from tests.slack.harness import TEAM, SlackHarness, slack_world
from tests.slack.test_conversation import home_opened


async def test_app_home_button_opens_the_proposal_form(core: Core, clock: FakeClock) -> None:
    async for world in slack_world(core, clock):
        chat = SlackHarness(world, clock)
        await chat.add_member("U-ana", "Europe/Lisbon")
        await add_program(core, feed=chat.feed_address())
        assert (await world.sender.event(home_opened("U-ana", "Ev-home")))[0] == 200
        await world.settle()
        assert "question.propose" in json.dumps(world.fake.home["U-ana"])

        action = json.loads((FIXTURES / "block_actions.button_click.app_home.json").read_text())
        action["team"]["id"] = TEAM
        action["user"] = {"id": "U-ana", "team_id": TEAM}
        action["actions"] = [
            {
                "type": "button",
                "action_id": "question.propose",
                "block_id": "home",
                "value": "",
                "action_ts": "1583635577.758298",
            }
        ]
        assert (await world.sender.interaction(action))[0] == 200
        await world.settle()

        [(_, view)] = world.fake.views_opened
        assert view["type"] == "modal" and "Your question" in json.dumps(view)
