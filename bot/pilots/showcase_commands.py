"""`pilot words NAME TEXT` (an admin sets the sponsor's words for them) and the showcase's
lines in `pilot show`: the words so far and where the page is."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.pilot_models import Pilot
from bot.pilots.pilots import get_pilot
from bot.pilots.sponsor_words import save_words, sponsor_of, sponsor_words, tidy
from bot.programs.programs import ProgramError


async def set_words_command(session: AsyncSession, clock: Clock, name: str, text: str) -> str:
    pilot, program = await get_pilot(session, name)
    if not tidy(text):
        raise ProgramError("the sponsor's words are empty: give two or three sentences")
    sponsor = await sponsor_of(session, pilot)
    if sponsor is None:
        raise ProgramError(f"pilot {program.name!r} has no sponsor whose words these could be")
    by = sponsor.display_name or sponsor.external_id
    changed = await save_words(session, pilot, program, text, by, clock.now())
    done = "changed" if changed else "set"
    return f"{done} the sponsor's words on the showcase of {program.name!r}: “{tidy(text)}”"


async def showcase_lines(session: AsyncSession, pilot: Pilot) -> list[str]:
    words = await sponsor_words(session, pilot)
    said = f"“{words.text}” ({words.name})" if words else "not written yet"
    return [
        f"{'sponsor words':>17}: {said}",
        f"{'showcase':>17}: /dashboard/pilots/{pilot.id}/showcase",
    ]
