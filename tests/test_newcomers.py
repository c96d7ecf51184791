"""Newcomers from an HR file's start_date: welcomed once at their local working hours (also
when they appear only later on a platform), never when the first month is over; the partner
rule; colleagues' advice ranked by help, never private, anonymous only over the floor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from adapters.memory.platform import InMemoryPlatform
from bot.calendar.working_days import EVERY_DAY
from bot.chat import MemberJoined, Person
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Member, Prompt, Question, Reply
from bot.newcomers.advice import ADVICE_QUESTION, best_advice
from bot.newcomers.dates import welcome_moment
from bot.newcomers.partners import Colleague, choose_partner
from bot.people.hr_import import import_people
from tests.conversation import WORKSPACE, add_people, add_program, advance_to, titled, who

NIA = f"memory:{WORKSPACE}:nia"


async def run_import(core: Core, text: str) -> list[str]:
    async with core.sessions.begin() as session:
        report = await import_people(session, text, core.clock.now())
    return report.refused or report.applied


async def test_a_start_date_makes_a_newcomer_welcomed_once_in_their_working_hours(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("nia", "Asia/Tokyo"), ("old", "Asia/Tokyo"))
    await add_program(core)
    applied = await run_import(
        core, f"person,start_date\n{NIA},2026-03-04\nmemory:{WORKSPACE}:old,2025-06-01\n"
    )
    assert applied[0] == "line 2: applied: Nia, level 1, start date 2026-03-04"

    await advance_to(core, clock, datetime(2026, 3, 9, tzinfo=UTC))

    [welcome] = titled(platform, "nia", "Welcome")
    local = welcome.at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (local.date(), local.hour) == (date(2026, 3, 4), 8)  # Wednesday 08:00 in Tokyo
    assert titled(platform, "old", "Welcome") == []  # started last year: not a newcomer


async def test_a_person_imported_before_any_sync_is_welcomed_when_they_appear(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_program(core)
    await run_import(core, "person,unit,start_date\nnia@example.org,Eng,2026-03-02\n")
    await advance_to(core, clock, datetime(2026, 3, 3, tzinfo=UTC))
    assert platform.sent_to("nia") == []  # nobody to write to yet

    await core.directory_sync.save_people(
        "memory", WORKSPACE, [Person("nia", "Nia", "UTC", "nia@example.org")], complete=False
    )
    await advance_to(core, clock, datetime(2026, 3, 4, tzinfo=UTC))

    [welcome] = titled(platform, "nia", "Welcome")
    assert welcome.at == datetime(2026, 3, 3, 8, tzinfo=UTC)  # the next working hours


async def test_a_bad_start_date_refuses_its_row_with_the_reason(core: Core) -> None:
    await add_people(core, ("nia", "UTC"))

    refused = await run_import(core, f"person,start_date\n{NIA},04/03/2026\n")

    assert refused == [
        "line 2: refused: start_date '04/03/2026' is not a date like 2026-03-02 (YYYY-MM-DD)"
    ]


async def test_no_welcome_once_the_first_month_is_over_and_none_twice(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("nia", "UTC"), ("lea", "UTC"))
    await add_program(core)
    await run_import(
        core,
        f"person,start_date\n{NIA},2026-01-20\nmemory:{WORKSPACE}:lea,2026-03-02\n",
    )
    await advance_to(core, clock, datetime(2026, 3, 3, tzinfo=UTC))
    await run_import(core, f"person,start_date\nmemory:{WORKSPACE}:lea,2026-03-03\n")
    await core.inbound.handle(MemberJoined("again", who("lea"), organisation=True))
    await advance_to(core, clock, datetime(2026, 3, 10, tzinfo=UTC))

    assert titled(platform, "nia", "Welcome") == []  # 41 days in: too late for a welcome
    assert len(titled(platform, "lea", "Welcome")) == 1


def test_the_welcome_waits_for_a_working_day_in_the_members_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    joined = datetime(2026, 3, 7, 3, 0, tzinfo=tokyo)  # Saturday night, 03:00

    moment = welcome_moment(date(2026, 3, 7), joined, tokyo, EVERY_DAY)

    assert moment == datetime(2026, 3, 9, 8, 0, tzinfo=tokyo)  # Monday 08:00
    assert welcome_moment(date(2026, 1, 1), joined, tokyo, EVERY_DAY) is None  # month over


def test_the_partner_is_from_another_unit_settled_and_least_asked() -> None:
    at = datetime(2026, 3, 9, 12, tzinfo=UTC)
    nia = Colleague(1, "Eng", "Europe/Lisbon", newcomer=True, partnered=0)
    same_unit = Colleague(2, "Eng", "Europe/Lisbon", newcomer=False, partnered=0)
    busy = Colleague(3, "Sales", "Europe/Lisbon", newcomer=False, partnered=2)
    far = Colleague(4, "Sales", "Asia/Tokyo", newcomer=False, partnered=1)
    near = Colleague(5, "Finance", "Europe/London", newcomer=False, partnered=1)
    fresh = Colleague(6, "Sales", "Europe/Lisbon", newcomer=True, partnered=0)
    everyone = [nia, same_unit, busy, far, near, fresh]

    assert choose_partner(nia, everyone, set(), at) == near  # fewest asked, then hours
    assert choose_partner(nia, everyone, {5}, at) == far  # the do-not-pair list holds
    assert choose_partner(nia, [nia, same_unit, fresh], set(), at) == fresh
    assert choose_partner(nia, [nia, same_unit], set(), at) is None


async def test_advice_is_the_most_helped_never_private_and_anonymous_only_over_the_floor(
    core: Core, clock: FakeClock
) -> None:
    team = ("ana", "ben", "cy", "dee", "eva")
    await add_people(core, *((u, "UTC") for u in (*team, "nia")))
    await add_program(core)
    async with core.sessions.begin() as session:
        await session.execute(
            update(Question).where(Question.key != ADVICE_QUESTION).values(active=False)
        )
    await advance_to(core, clock, datetime(2026, 3, 5, 16, tzinfo=UTC))
    async with core.sessions.begin() as session:
        ids = {m.external_id: m.id for m in await session.scalars(select(Member))}
        prompts = {p.member_id: p for p in await session.scalars(select(Prompt))}
        for user, visibility, helpful in (
            ("ana", "shared", 1),
            ("ben", "anonymous", 4),
            ("cy", "private", 9),
            ("dee", "shared", 0),
            ("eva", "shared", 2),
        ):
            prompt = prompts[ids[user]]
            prompt.status = "answered"
            session.add(
                Reply(
                    prompt_id=prompt.id,
                    program_id=prompt.program_id,
                    member_id=ids[user],
                    answers=[{"label": "", "text": f"{user} says"}],
                    visibility=visibility,
                    helpful_count=helpful,
                    created_at=clock.now(),
                )
            )
        program_id = prompt.program_id
    async with core.sessions() as session:
        five = await best_advice(session, ids["nia"], [program_id])
        async with core.sessions.begin() as writing:  # one answer fewer: under the floor
            await writing.execute(delete(Reply).where(Reply.member_id == ids["dee"]))
        four = await best_advice(session, ids["nia"], [program_id])

    assert [(a.author, a.text) for a in five] == [
        ("", "ben says"),
        ("Eva", "eva says"),
        ("Ana", "ana says"),
    ]
    assert [a.text for a in four] == ["eva says", "ana says"]  # 4 answered: ben hidden
