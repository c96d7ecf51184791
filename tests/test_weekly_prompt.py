"""The weekly prompt, end to end on the in-memory platform, read as conversations."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot.chat import FormSubmitted
from bot.clock import FakeClock
from bot.core import Core, build_core
from bot.db.engine import make_engine, make_sessions
from bot.db.models import Member, Prompt, Reply
from tests.conversation import (
    FEED,
    add_people,
    add_program,
    advance_to,
    answer_in_chat,
    click,
    fill_in,
    run_jobs,
    say,
    shown,
    told,
    who,
)

THURSDAY = datetime(2026, 3, 5, tzinfo=UTC)


async def replies_by_member(core: Core) -> dict[str, list[str]]:
    """Each member's recorded answers (first part), oldest first."""
    async with core.sessions() as session:
        rows = await session.execute(
            select(Member.external_id, Reply.answers)
            .join(Member, Reply.member_id == Member.id)
            .order_by(Reply.id)
        )
    recorded: dict[str, list[str]] = {}
    for user, answers in rows.all():
        recorded.setdefault(user, []).append(answers[0]["text"])
    return recorded


async def test_tokyo_and_los_angeles_each_get_the_prompt_at_15_00_their_time(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("aiko", "Asia/Tokyo"), ("luis", "America/Los_Angeles"))
    await add_program(core)

    await advance_to(core, clock, datetime(2026, 3, 6, 5, tzinfo=UTC))  # before reminders

    [to_aiko] = platform.sent_to("aiko")
    [to_luis] = platform.sent_to("luis")
    assert to_aiko.at == datetime(2026, 3, 5, 6, 0, tzinfo=UTC)  # Thu 15:00 JST
    assert to_luis.at == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)  # Thu 15:00 PST
    async with core.sessions() as session:
        cycles = set(await session.scalars(select(Prompt.cycle)))
    assert cycles == {0}


async def test_the_prompt_stays_at_15_00_local_across_the_dst_change(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    # New York springs forward on Sunday 8 March 2026: EST (UTC-5) before, EDT (UTC-4) after.
    await add_people(core, ("nora", "America/New_York"))
    await add_program(core, weekday="mon", reminder_delay_hours=0)

    await advance_to(core, clock, datetime(2026, 3, 17, tzinfo=UTC))

    sends = [s.at for s in platform.sent_to("nora")]
    assert sends == [
        datetime(2026, 3, 2, 20, tzinfo=UTC),  # Mon 15:00 EST
        datetime(2026, 3, 9, 19, tzinfo=UTC),  # Mon 15:00 EDT
        datetime(2026, 3, 16, 19, tzinfo=UTC),
    ]


async def test_a_member_without_a_zone_falls_back_to_the_program_zone(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("zoe", None), ("aiko", "Asia/Tokyo"))
    await add_program(core, timezone="Europe/Berlin")

    await advance_to(core, clock, datetime(2026, 3, 5, 15, tzinfo=UTC))

    [to_zoe] = platform.sent_to("zoe")
    [to_aiko] = platform.sent_to("aiko")
    assert to_zoe.at == datetime(2026, 3, 5, 14, tzinfo=UTC)  # 15:00 CET, the program's zone
    assert to_aiko.at == datetime(2026, 3, 5, 6, tzinfo=UTC)  # 15:00 JST: her own zone wins


async def test_running_the_tick_twice_sends_nothing_twice(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core)
    clock.set(THURSDAY.replace(hour=15))

    for _ in range(3):
        await run_jobs(core)
        await core.prompting.open_due_prompts()

    assert len(platform.sent_to("ana")) == 1 and len(platform.sent_to("ben")) == 1


async def test_a_paused_member_gets_nothing_until_the_pause_ends(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core, reminder_delay_hours=0)
    assert "Paused until 2026-03-08" in await told(core, "ana", "pause 2026-03-08")

    await advance_to(core, clock, datetime(2026, 3, 13, tzinfo=UTC))

    assert [s.at for s in platform.sent_to("ana")] == [datetime(2026, 3, 12, 15, tzinfo=UTC)]
    assert len(platform.sent_to("ben")) == 2


async def test_an_opted_out_member_gets_nothing_while_the_others_are_asked(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core, reminder_delay_hours=0)
    assert "opted out" in await told(core, "ana", "stop")

    await advance_to(core, clock, datetime(2026, 3, 13, tzinfo=UTC))

    assert platform.sent_to("ana") == []
    assert [s.at for s in platform.sent_to("ben")] == [
        datetime(2026, 3, 5, 15, tzinfo=UTC),
        datetime(2026, 3, 12, 15, tzinfo=UTC),
    ]


async def test_one_reminder_in_working_hours_and_none_after_an_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core, reminder_delay_hours=24)
    await advance_to(core, clock, THURSDAY.replace(hour=16))
    assert "Saved" in shown(await answer_in_chat(core, "ana", "I learned to ask early."))

    await advance_to(core, clock, datetime(2026, 3, 9, tzinfo=UTC))

    reminders = [s for s in platform.sent_to("ben") if "reminder" in s.message.text]
    assert [s.at for s in reminders] == [datetime(2026, 3, 6, 15, tzinfo=UTC)]
    assert not any("reminder" in s.message.text for s in platform.sent_to("ana"))


async def test_a_reminder_due_at_night_waits_for_08_00_local(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core, send_time="18:00", reminder_delay_hours=4)  # due 22:00

    await advance_to(core, clock, datetime(2026, 3, 7, tzinfo=UTC), timedelta(minutes=30))

    reminder = [s for s in platform.sent_to("ana") if "reminder" in s.message.text]
    assert [s.at for s in reminder] == [datetime(2026, 3, 6, 8, tzinfo=UTC)]


async def test_no_question_repeats_inside_the_no_repeat_window(
    core: Core, clock: FakeClock
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core, no_repeat_cycles=12, reminder_delay_hours=0)

    await advance_to(core, clock, THURSDAY + timedelta(weeks=13), timedelta(hours=6))

    async with core.sessions() as session:
        questions = list(await session.scalars(select(Prompt.question_id).order_by(Prompt.cycle)))
    assert len(questions) == 13  # cycles 0..12; cycle 13 opens at 15:00 that day
    for index, question in enumerate(questions):
        assert question not in questions[max(0, index - 12) : index]


async def test_a_multi_part_answer_is_recorded_against_the_open_prompt(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"))
    async with core.sessions.begin() as session:
        from bot.programs.questions import add_question

        await add_question(
            session,
            "After-action review of the launch",
            "aar",
            clock.now(),
            parts=["What was planned?", "What happened?"],
        )
    await add_program(core, share_mode="private", feed=None)
    await advance_to(core, clock, THURSDAY.replace(hour=15))
    [prompt] = platform.sent_to("ana")
    assert "• What was planned?\n• What happened?" in prompt.message.text

    reply = await fill_in(
        core, "ana", prompt, {"q0": "Ship on Monday.", "q1": "Shipped on Wednesday."}
    )

    assert reply.text == "Thank you, your answer is recorded."  # private: not shared
    async with core.sessions() as session:
        [stored] = await session.scalars(select(Reply))
    assert stored.answers == [
        {"label": "What was planned?", "text": "Ship on Monday."},
        {"label": "What happened?", "text": "Shipped on Wednesday."},
    ]
    assert stored.visibility == "private"


async def test_a_late_answer_is_kept_and_marked_late(core: Core, clock: FakeClock) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core)
    await advance_to(core, clock, datetime(2026, 3, 9, tzinfo=UTC))  # round closed Sunday
    offer = await say(core, "ana", "Better late than never: pair on reviews.")
    assert offer is not None and offer.message is not None
    assert "marked late" in offer.message.text

    reply = await fill_in(core, "ana", offer.message, {"q0": "Pair on reviews."})

    assert "marked late" in reply.text
    async with core.sessions() as session:
        [stored] = await session.scalars(select(Reply))
    assert stored.late is True and stored.answers[0]["text"] == "Pair on reviews."


async def test_chat_after_skipping_is_not_taken_as_an_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core, share_mode="feed")
    await advance_to(core, clock, THURSDAY.replace(hour=16))
    [prompt] = platform.sent_to("ana")
    assert "Skipped" in shown(await click(core, "ana", prompt, "prompt.skip"))

    after_skipping = await told(core, "ana", "ok thanks!")
    not_skipping = shown(await answer_in_chat(core, "ben", "Ship the smallest thing first."))
    await advance_to(core, clock, THURSDAY.replace(hour=17))

    assert "There is no open question right now" in after_skipping
    assert "Saved as your answer. It is posted with your name" in not_skipping
    assert await replies_by_member(core) == {"ben": ["Ship the smallest thing first."]}
    [post] = platform.posted_in(FEED)
    assert "Ben shared" in post.message.title and "ok thanks!" not in post.message.text


async def test_the_streak_counts_consecutive_answered_weeks(core: Core, clock: FakeClock) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core, reminder_delay_hours=0)
    for week in range(3):
        await advance_to(core, clock, THURSDAY.replace(hour=16) + timedelta(weeks=week))
        assert "Saved" in shown(await answer_in_chat(core, "ana", f"Lesson number {week}."))

    status = await told(core, "ana", "status")

    assert "streak: 3 weeks" in status


async def test_an_unknown_person_is_told_politely(core: Core) -> None:
    await add_people(core, ("ana", "UTC"))

    assert "don't know you yet" in await told(core, "stranger", "hello")
    assert "don't know you yet" not in await told(core, "ana", "hello")


async def test_a_duplicate_event_is_recorded_once(core: Core, clock: FakeClock) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core)
    await advance_to(core, clock, THURSDAY.replace(hour=16))

    first = await say(core, "ana", "Once only.", event_id="same")
    again = await say(core, "ana", "Once only.", event_id="same")
    bens = await answer_in_chat(core, "ben", "Mine counts too.")
    assert first is not None and first.message is not None and again is None
    saved = await click(core, "ana", first.message, "draft.save")

    assert "Saved" in saved.text and "Saved" in bens.text
    assert await replies_by_member(core) == {"ana": ["Once only."], "ben": ["Mine counts too."]}


async def test_pause_with_a_bad_date_explains_the_format_and_pauses_nothing(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"))
    await add_program(core)

    assert "pause YYYY-MM-DD" in await told(core, "ana", "pause tomorrow")
    assert "in the past" in await told(core, "ana", "pause 2020-01-01")
    assert "Paused until 2026-03-08" in await told(core, "ben", "pause 2026-03-08")
    await advance_to(core, clock, THURSDAY.replace(hour=16))

    async with core.sessions() as session:
        paused = dict(
            (await session.execute(select(Member.external_id, Member.paused_until))).all()
        )
    assert paused == {"ana": None, "ben": date(2026, 3, 8)}
    assert [s.at for s in platform.sent_to("ana")] == [THURSDAY.replace(hour=15)]
    assert platform.sent_to("ben") == []


async def test_a_new_cadence_carries_on_next_week_without_a_gap_or_a_repeat(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    from bot.programs.programs import update_program

    await add_people(core, ("ana", "UTC"))
    await add_program(core, reminder_delay_hours=0)
    await advance_to(core, clock, datetime(2026, 3, 27, tzinfo=UTC), timedelta(hours=6))
    assert len(platform.sent_to("ana")) == 4  # weekly: 5, 12, 19 and 26 March

    async with core.sessions.begin() as session:
        await update_program(session, "Weekly learning", clock.now().date(), cadence_weeks=2)
    await advance_to(core, clock, datetime(2026, 4, 17, tzinfo=UTC), timedelta(hours=6))

    assert [s.at.date().isoformat() for s in platform.sent_to("ana")][4:] == [
        "2026-04-02",
        "2026-04-16",
    ]


async def test_a_form_submitted_twice_at_once_on_two_replicas_is_one_answer(
    core: Core, clock: FakeClock, platform: InMemoryPlatform, database_url: str
) -> None:
    await add_people(core, ("ana", "UTC"))
    await add_program(core, share_mode="private", feed=None)
    await advance_to(core, clock, THURSDAY.replace(hour=16))
    [prompt] = platform.sent_to("ana")
    opened = await click(core, "ana", prompt, "prompt.answer")
    assert opened.form is not None
    engines = [make_engine(database_url) for _ in range(2)]
    replicas = [build_core(make_sessions(e), clock, "UTC", {"memory": platform}) for e in engines]

    def submit(event_id: str) -> FormSubmitted:
        form = opened.form
        assert form is not None
        return FormSubmitted(event_id, who("ana"), form.form_id, form.value, {"q0": "Pair up."})

    try:
        for engine in engines:  # connected first, so the two submissions really overlap
            async with engine.connect() as connection:
                await connection.execute(select(1))
        replies = await asyncio.gather(
            *(r.inbound.handle(submit(f"double-{i}")) for i, r in enumerate(replicas))
        )
    finally:
        for engine in engines:
            await engine.dispose()

    assert sorted(shown(reply) for reply in replies) == [
        "Thank you, your answer is recorded.",
        "You already answered this question. Thank you!",
    ]
    assert await replies_by_member(core) == {"ana": ["Pair up."]}
