"""The archive's search and the dashboard's overview with 10,000 members, 52 weeks and
1,000,000 replies (two weekly programs: every member answers all 52 rounds of one and 48
of the other), each reply some 25 words from a Zipf-distributed 3,000-word vocabulary.

Run on demand (the PostgreSQL database given is wiped and seeded, unless an earlier run
seeded it; --sqlite FILE keeps the SQLite database in FILE, else a temporary one is used):
    python -m benchmarks.search [--members 10000] [--weeks 52] [--queries 200]
        [--sqlite bench.db] [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/kmbot_bench]
        [--postgres-only] [--search-only] [--slowest N]
Search: `--queries` searches as members type them (one to three topic words, some with a
tag, unit or date filter), timed one by one through bot.archive.search; p50, p95, max.
Dashboard: GET /dashboard/ of the real aiohttp app, signed in as a champion (every
program, every unit) and as a lead (one unit), 5 times each after one warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, insert, select, text

from benchmarks.common import add_members, fresh, on_each_database
from bot.archive.query import Filters, Search
from bot.archive.search import search_archive
from bot.bootstrap import build_web_app
from bot.clock import FakeClock
from bot.core import build_core
from bot.dashboard.access import issue_link
from bot.dashboard.chat_command import sign_in_url
from bot.db.engine import make_engine, make_sessions
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Question, Reply
from bot.programs.programs import ProgramSpec, create_program
from bot.programs.questions import seed_bank

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
START = NOW - timedelta(weeks=53)
VOCABULARY = 3_000
WORDS_PER_REPLY = 25
CHUNK = 50_000
TAGS = ("onboarding", "pricing", "incident", "tooling", "customers", "hiring")


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))))
    return sorted(words)


def zipf_weights() -> list[float]:
    return [1 / (rank + 1) for rank in range(VOCABULARY)]


def reply_text(rng: random.Random, words: list[str], weights: list[float]) -> str:
    return " ".join(rng.choices(words, weights, k=WORDS_PER_REPLY)).capitalize() + "."


async def seed(url: str, members: int, weeks: int) -> dict[str, Any]:
    """Members, two programs, their prompts and 1,000,000 replies; returns the vocabulary."""
    rng = random.Random(1)
    words, weights = vocabulary(rng), zipf_weights()
    engine = make_engine(url)
    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        await seed_bank(session, START)
        await add_members(session, members, ("UTC", "Europe/Lisbon"), START)
        member_ids = list(await session.scalars(select(Member.id).order_by(Member.id)))
        leads = member_ids[:10]  # member i is in unit-(i % 10): these lead units 0..9
        await session.execute(
            insert(UnitLead), [{"member_id": m, "unit": f"unit-{i}"} for i, m in enumerate(leads)]
        )
        await session.execute(
            text("UPDATE members SET role = 'lead' WHERE id <= :last"), {"last": leads[-1]}
        )
        champion = member_ids[10]
        await session.execute(
            text("UPDATE members SET role = 'champion' WHERE id = :id"), {"id": champion}
        )
        programs = [
            await create_program(
                session,
                ProgramSpec(
                    name=name, purpose="We share.", share_mode="feed", feed="memory:bench:C-feed"
                ),
                START,
            )
            for name in ("Weekly learning", "After-action reviews")
        ]
        question = await session.scalar(select(func.min(Question.id)))
    started = time.perf_counter()
    replies = 0
    for index, program in enumerate(programs):
        for week in range(weeks):
            opened = START + timedelta(weeks=week)
            answered = index == 0 or week % 13 != 0  # 48 of 52 rounds in the second program
            replies += await _round(
                sessions,
                program.id,
                week,
                member_ids,
                question,
                opened,
                answered,
                rng,
                words,
                weights,
            )
    seconds = time.perf_counter() - started
    await engine.dispose()
    return {
        "words": words,
        "replies": replies,
        "seed_seconds": seconds,
        "champion": champion,
        "lead": leads[3],
    }


async def _round(
    sessions: Any,
    program_id: int,
    week: int,
    member_ids: list[int],
    question: int,
    opened: datetime,
    answered: bool,
    rng: random.Random,
    words: list[str],
    weights: list[float],
) -> int:
    async with sessions.begin() as session:
        prompt_ids = list(
            await session.scalars(
                insert(Prompt).returning(Prompt.id, sort_by_parameter_order=True),
                [
                    {
                        "program_id": program_id,
                        "cycle": week,
                        "member_id": m,
                        "question_id": question,
                        "status": "answered" if answered else "missed",
                        "opened_at": opened,
                        "closes_at": opened + timedelta(days=3),
                        "answered_at": opened + timedelta(hours=5) if answered else None,
                    }
                    for m in member_ids
                ],
            )
        )
        if not answered:
            return 0
        rows = []
        for prompt_id, member_id in zip(prompt_ids, member_ids, strict=True):
            roll = rng.random()
            answers = [{"label": "What did you learn?", "text": reply_text(rng, words, weights)}]
            if roll < 0.1:
                answers.append({"label": "Tags (comma-separated)", "text": rng.choice(TAGS)})
            rows.append(
                {
                    "prompt_id": prompt_id,
                    "program_id": program_id,
                    "member_id": member_id,
                    "answers": answers,
                    "visibility": "shared"
                    if roll < 0.7
                    else "anonymous"
                    if roll < 0.9
                    else "private",
                    "late": False,
                    "helpful_count": 0,
                    "created_at": opened + timedelta(hours=5),
                }
            )
        for start in range(0, len(rows), CHUNK):
            await session.execute(insert(Reply), rows[start : start + CHUNK])
        return len(rows)


def queries(words: list[str], count: int) -> list[Search]:
    """What members type: topic words (not the commonest, not the rarest), some filtered."""
    rng = random.Random(2)
    topical = words[50:1500]
    searches = []
    for n in range(count):
        typed = " ".join(rng.sample(topical, rng.choice((1, 1, 2, 2, 3))))
        kind = n % 5
        filters = Filters()
        if kind == 1:
            filters = Filters(tag=rng.choice(TAGS))
        elif kind == 2:
            filters = Filters(unit=f"unit-{rng.randrange(10)}")
        elif kind == 3:
            filters = Filters(since=(NOW - timedelta(weeks=8)).date())
        searches.append(Search(typed, filters))
    return searches


async def time_searches(url: str, searches: list[Search], slowest: int = 0) -> dict[str, float]:
    engine = make_engine(url)
    sessions = make_sessions(engine)
    timings, found = [], []
    async with sessions() as session:
        await search_archive(session, searches[0])  # warm the connection and the cache
        for search in searches:
            started = time.perf_counter()
            hits = await search_archive(session, search)
            timings.append((time.perf_counter() - started) * 1000)
            found.append(len(hits))
    await engine.dispose()
    for ms, search in sorted(zip(timings, searches, strict=True), key=lambda t: -t[0])[:slowest]:
        print(f"  {ms:7.1f} ms  {search.words!r} {search.filters}")
    ordered = sorted(timings)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "max_ms": ordered[-1],
        "with_results": sum(1 for n in found if n) / len(found),
    }


async def time_dashboard(url: str, member_id: int) -> tuple[float, list[float]]:
    """GET /dashboard/ through the real aiohttp app, signed in as `member_id`: the first
    (the figures summed) and five more (kept: nothing changed in between)."""
    engine = make_engine(url)
    core = build_core(make_sessions(engine), FakeClock(NOW), "UTC", {})
    runner = web.AppRunner(build_web_app(engine, core))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    base = f"http://127.0.0.1:{port}"
    async with core.sessions.begin() as session:
        member = await session.get_one(Member, member_id)
        token = await issue_link(session, member, NOW)
        assert token is not None
    timings = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        link = sign_in_url(base, token)
        async with client.get(link) as page:
            csrf = (await page.text()).split('name="csrf" value="', 1)[1].split('"', 1)[0]
        # not following the redirect, so that the first timed GET sums the figures
        async with client.post(link, data={"csrf": csrf}, allow_redirects=False) as signed:
            assert signed.status == 303, signed.status
        for _ in range(6):
            started = time.perf_counter()
            async with client.get(f"{base}/dashboard/") as response:
                body = await response.text()
                assert response.status == 200 and "Participation by round" in body
            timings.append((time.perf_counter() - started) * 1000)
    await runner.cleanup()
    await engine.dispose()
    return timings[0], timings[1:]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sqlite", help="a SQLite file to seed once and keep")
    parser.add_argument("--postgres", help="a PostgreSQL URL to wipe and seed (once)")
    parser.add_argument("--postgres-only", action="store_true", help="no SQLite run")
    parser.add_argument("--search-only", action="store_true", help="no dashboard timings")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest searches")
    return parser.parse_args()


def main() -> None:
    args = arguments()

    def measure(name: str, url: str) -> None:
        expected = args.members * sum(1 + (week % 13 != 0) for week in range(args.weeks))
        seeded = asyncio.run(seeded_already(url))
        if seeded is not None and seeded["replies"] != expected:
            seeded = None  # seeded for other options: seed again
        if seeded is None:
            fresh(url)
            seeded = asyncio.run(seed(url, args.members, args.weeks))
            print(f"{name}: {seeded['replies']:,} replies seeded in {seeded['seed_seconds']:.0f} s")
        else:
            print(f"{name}: {seeded['replies']:,} replies already there (from an earlier run)")
        searches = queries(seeded["words"], args.queries)
        searched = asyncio.run(time_searches(url, searches, args.slowest))
        print(
            f"{name}: search over {args.queries} queries: p50 {searched['p50_ms']:.1f} ms, "
            f"p95 {searched['p95_ms']:.1f} ms, max {searched['max_ms']:.1f} ms "
            f"({searched['with_results']:.0%} found something)",
            flush=True,
        )
        for who in () if args.search_only else ("champion", "lead"):
            cold, warm = asyncio.run(time_dashboard(url, seeded[who]))
            print(
                f"{name}: GET /dashboard/ as a {who}: first (summed) {cold:.0f} ms; then "
                f"(kept) median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms",
                flush=True,
            )

    if args.postgres_only or args.sqlite:
        if args.postgres:
            measure("postgresql", args.postgres)
        if args.sqlite:
            measure("sqlite", f"sqlite+aiosqlite:///{args.sqlite}")
    else:
        on_each_database(args, measure)


async def seeded_already(url: str) -> dict[str, Any] | None:
    """What an earlier run seeded at `url` (kept with --sqlite FILE, or --postgres), if any."""
    engine = make_engine(url)
    try:
        async with make_sessions(engine)() as session:
            replies = await session.scalar(select(func.count()).select_from(Reply))
            champion = await session.scalar(select(Member.id).where(Member.role == "champion"))
            lead = await session.scalar(select(UnitLead.member_id).where(UnitLead.unit == "unit-3"))
    except Exception:  # not migrated yet: nothing seeded
        return None
    finally:
        await engine.dispose()
    if not replies or champion is None or lead is None:
        return None
    words = vocabulary(random.Random(1))  # the same seed, so the same words
    return {"words": words, "replies": replies, "champion": champion, "lead": lead}


if __name__ == "__main__":
    main()
