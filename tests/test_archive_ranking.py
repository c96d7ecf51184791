"""The archive ranks only the newest matches of a search (so a common word stays fast): a
common word still finds the newest lessons, filters still reach older ones, and among
equally good matches the newer comes first, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from bot.archive.query import Filters, Search
from bot.archive.search import search_archive
from bot.clock import FakeClock
from bot.core import Core
from tests.archive_helpers import a_team, post_lesson
from tests.conversation import told

BEST = "Checklist rules: a checklist, checked against the checklist, beats no checklist."


async def lessons(core: Core, clock: FakeClock) -> None:
    """Ana's oldest lesson is the best match for "checklist"; five newer ones mention it once
    (the last by Bo, of Ops)."""
    await a_team(core, "Sales", "ana")
    await a_team(core, "Ops", "bo")
    await post_lesson(core, "ana", "The checklist lesson", BEST)
    for week in range(1, 6):
        clock.advance(timedelta(weeks=1))
        author = "bo" if week == 5 else "ana"
        await post_lesson(core, author, f"Week {week}", f"In week {week} a checklist helped.")


async def titles(core: Core, words: str, ranked: int, **filters: str) -> list[str]:
    async with core.sessions() as session:
        hits = await search_archive(session, Search(words, Filters(**filters)), 3, ranked)
    return [hit.title for hit in hits]


async def test_a_common_word_finds_the_newest_lessons(core: Core, clock: FakeClock) -> None:
    await lessons(core, clock)

    assert (await titles(core, "checklist", ranked=10))[0] == "The checklist lesson"
    newest = await titles(core, "checklist", ranked=4)
    assert "The checklist lesson" not in newest  # older than the 4 newest matches
    assert set(newest) <= {"Week 2", "Week 3", "Week 4", "Week 5"} and len(newest) == 3


async def test_a_filter_still_reaches_an_older_match(core: Core, clock: FakeClock) -> None:
    await lessons(core, clock)

    assert await titles(core, "checklist", ranked=3, unit="Sales") == [
        "Week 4",
        "Week 3",
        "Week 2",
    ]
    assert await titles(core, "beats", ranked=3) == ["The checklist lesson"]  # the oldest


async def test_a_newer_match_comes_first_among_equals(core: Core, clock: FakeClock) -> None:
    await a_team(core, "Sales", "ana", "bo")
    await post_lesson(core, "ana", "Retro notes", "Write the retro notes the same day.")
    clock.advance(timedelta(days=1))
    await post_lesson(core, "bo", "Retro notes", "Write the retro notes the same day.")

    found = await told(core, "ana", "search retro notes")

    assert found.index("Bo (Sales)") < found.index("Ana (Sales)")  # Bo's is a day newer
