"""Long content fits: a round of 2,000 answers reaches the feed, and the lead, within every
platform limit, without losing an answer."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.chat import OutgoingMessage
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Delivery, Member, Prompt, Reply
from bot.db.upsert import insert_new
from bot.outbox.codec import message_from_dict
from bot.people.directory import ensure_workspace
from bot.people.roles import find_person, set_role
from tests.conversation import WORKSPACE, add_people, add_program
from tests.platform_rules import Shown, violations

THURSDAY_15 = datetime(2026, 3, 5, 15, tzinfo=UTC)
AFTER_CLOSE = datetime(2026, 3, 9, 1, tzinfo=UTC)  # the 3-day window is over
MONDAY_9 = datetime(2026, 3, 9, 9, tzinfo=UTC)
ANSWERS = 2_000
WORDS = ("the", "checklist", "saved", "café", "東京", "&", "<staging>", "“pairing”", "🚀", "*a*")


async def queued(core: Core, keys: str) -> list[OutgoingMessage]:
    """The messages the outbox holds under `keys` (a LIKE pattern), as the dispatcher sends
    them (the 2,000 prompts stay unsent: sending them proves nothing here)."""
    async with core.sessions() as session:
        rows = await session.scalars(
            select(Delivery.payload).where(Delivery.dedupe_key.like(keys)).order_by(Delivery.id)
        )
        return [message_from_dict(payload) for payload in rows]


def answer_text(rng: random.Random, number: int) -> str:
    """A realistic answer, 5 to 120 words (a few much longer), unique by its number."""
    words = rng.choice((5, 20, 40, 120)) if number % 97 else 300
    return f"Answer {number}: " + " ".join(rng.choice(WORDS) for _ in range(words))


async def two_thousand_answers(core: Core, clock: FakeClock) -> dict[str, str]:
    """Lena leads 2,000 colleagues who all answer the round's question; returns each
    answer's text and visibility (a quarter private).

    The people and their answers are written in bulk, row for row as the directory and
    record_answer write them (those have their own tests; one by one they would take most
    of this test's time); the prompts, the round's close, the digest and both renderers
    are the real ones."""
    rng = random.Random(10)
    await add_people(core, ("lena", "UTC"), unit="Sales")
    now = clock.now()
    async with core.sessions.begin() as session:
        workspace = await ensure_workspace(session, "memory", WORKSPACE, now)
        defaults = {"workspace_id": workspace.id, "created_at": now, "active": True}
        people = [
            {"external_id": f"m{n:04d}", "display_name": f"M{n:04d}", "tz": "UTC"}
            for n in range(ANSWERS)
        ]
        defaults = {**defaults, "unit": "Sales", "role": "member", "opted_out": False}
        await insert_new(session, Member, [{**defaults, **person} for person in people])
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:lena"), "lead")
    await add_program(core)
    clock.set(THURSDAY_15)
    await core.prompting.open_due_prompts()
    texts: dict[str, str] = {}  # answer text -> visibility
    async with core.sessions.begin() as session:
        asked = list(
            await session.execute(
                select(Prompt.id, Prompt.program_id, Member.id)
                .join(Member)
                .where(Member.external_id != "lena")
                .order_by(Prompt.id)
            )
        )
        replies = []
        for number, (prompt_id, program_id, member_id) in enumerate(asked):
            text = answer_text(rng, number)
            visibility = ("shared", "shared", "anonymous", "private")[number % 4]
            texts[text] = visibility
            replies.append(
                {
                    "prompt_id": prompt_id,
                    "program_id": program_id,
                    "member_id": member_id,
                    "answers": [{"label": "What did you learn?", "text": text}],
                    "visibility": visibility,
                    "late": False,
                    "helpful_count": 0,
                    "created_at": THURSDAY_15 + timedelta(seconds=number),
                }
            )
        await insert_new(session, Reply, replies)
        await session.execute(
            update(Prompt)
            .where(Prompt.id.in_([prompt_id for prompt_id, _, _ in asked]))
            .values(status="answered", answered_at=THURSDAY_15)
        )
    assert len(asked) == ANSWERS
    return texts


async def test_a_round_of_2000_answers_fits_every_post_on_both_platforms(
    core: Core, clock: FakeClock
) -> None:
    texts = await two_thousand_answers(core, clock)

    clock.set(AFTER_CLOSE)
    await core.prompting.close_rounds()

    posts = await queued(core, "digest:%")
    assert 10 < len(posts) < 100
    head, *thread = posts
    assert head.title.startswith("Weekly learning: what we learned")
    assert [p.title for p in thread] == [
        f"More answers, {n} of {len(thread)}" for n in range(1, len(thread) + 1)
    ]
    assert head.text.startswith(f"1,500 shared answers from {ANSWERS + 1:,} colleagues")
    assert head.text.count("Answer ") == 1  # one unit: one highlight, the rest in the thread
    digest = "\n".join(p.text for p in posts)
    for text, visibility in texts.items():
        assert digest.count(text) == (visibility != "private"), f"{text[:20]} ({visibility})"
    assert [v for p in posts for v in violations(Shown("round digest part", p))] == []

    clock.set(MONDAY_9)
    await core.recognition.send_weekly()

    [recognition] = await queued(core, "recognition:%")
    assert recognition.text.endswith("more answer(s) from your team.")
    assert 10 <= len(recognition.text.splitlines()) < ANSWERS * 3 // 4
    assert len(recognition.buttons) == 10
    assert all(b.label.removeprefix("Thank ") in recognition.text for b in recognition.buttons)
    assert violations(Shown("lead's Monday digest", recognition)) == []
