"""Teams members read their own language: the activity's locale (Teams' client language)
comes through the real Bot Framework adapter, and kmbot answers in it until `lang` says
otherwise."""

from __future__ import annotations

from adapters.memory.platform import InMemoryPlatform
from bot.clock import FakeClock
from bot.core import Core
from tests.teams.harness import teams_harness


async def test_a_teams_member_is_answered_in_their_clients_language(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    async for teams in teams_harness(core, clock, platform):
        await teams.add_member("ana", "Europe/Lisbon")
        spanish = teams._activity("ana", "personal")
        spanish.update(text="help", locale="es-ES")
        shown = await teams._send(spanish)
        assert shown.text.startswith("Esto es lo que puedes decirme:")

        chosen = await teams.say("ana", "lang pt")  # the harness's activities say en-US
        assert chosen.text == "A partir de agora escrevo-lhe em Português."
        again = teams._activity("ana", "personal")
        again.update(text="status", locale="es-ES")
        status = await teams._send(again)
        assert "O seu kmbot" in status.text
