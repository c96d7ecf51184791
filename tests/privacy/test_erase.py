"""Deleting a member leaves no trace of them, and every program's figures still add up."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.memory.platform import InMemoryPlatform
from bot import actions
from bot.chat import ActionClicked
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Base, Member, Program, Prompt, Reply
from bot.db.privacy_models import AuditEntry
from bot.privacy.audit import record
from tests.conversation import (
    FEED,
    WORKSPACE,
    add_people,
    add_program,
    advance_to,
    click,
    fill_in,
    say,
    told,
    who,
)

OPEN = datetime(2026, 3, 5, 16, tzinfo=UTC)
AFTER_CLOSE = datetime(2026, 3, 9, 1, tzinfo=UTC)
FEED_ADDRESS = f"memory:{WORKSPACE}:{FEED}"


async def organisation(core: Core, clock: FakeClock, platform: InMemoryPlatform) -> None:
    """Zofia, Ben and Cy in two programs: Kept keeps a deleted member's answers anonymously
    (digest), Gone deletes them (feed). Zofia and Ben answer both; an admin changed her role."""
    await add_people(core, ("zofia", "UTC"), ("ben", "UTC"), ("cy", "UTC"))
    async with core.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.external_id == "zofia").values(email="zofia@example.com")
        )
        await record(session, clock.now(), "cli:root", "member.role", f"{FEED_ADDRESS[:-7]}:zofia")
        await record(session, clock.now(), "cli:root", "member.role", "zofia@example.com")
    await add_program(core, name="Kept", erasure="anonymise", feed=FEED_ADDRESS)
    await add_program(core, name="Gone", erasure="delete", share_mode="feed", feed=FEED_ADDRESS)
    await advance_to(core, clock, OPEN)
    for user, lesson in (("zofia", "Checklists beat memory."), ("ben", "Small batches ship.")):
        for sent in platform.sent_to(user):
            await fill_in(core, user, sent, {"q0": lesson, "visibility": "shared"})
    await advance_to(core, clock, AFTER_CLOSE)


async def figures(session: AsyncSession) -> dict[str, tuple[int, int, int]]:
    """Per program: prompts sent, prompts answered, answers recorded."""
    found = {}
    for program in (await session.scalars(select(Program))).all():
        prompts = select(func.count()).select_from(Prompt).where(Prompt.program_id == program.id)
        found[program.name] = (
            int(await session.scalar(prompts) or 0),
            int(await session.scalar(prompts.where(Prompt.status == "answered")) or 0),
            int(
                await session.scalar(
                    select(func.count()).select_from(Reply).where(Reply.program_id == program.id)
                )
                or 0
            ),
        )
    return found


async def everything_stored(session: AsyncSession) -> str:
    """Every row of every table (kmbot's and slack_sdk's), as one lower-case text."""
    names = [t.name for t in Base.metadata.sorted_tables]
    names += ["slack_installations", "slack_bots", "slack_oauth_states"]
    rows = []
    for name in names:
        rows += [str(tuple(row)) for row in await session.execute(text(f"SELECT * FROM {name}"))]
    return "\n".join(rows).lower()


async def test_delete_my_data_leaves_no_trace_and_the_figures_add_up(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await organisation(core, clock, platform)
    async with core.sessions() as session:
        before = await figures(session)
        assert "zofia" in await everything_stored(session)
    assert before == {"Kept": (3, 2, 2), "Gone": (3, 2, 2)}

    asked = await say(core, "zofia", "delete my data")
    assert asked is not None and asked.message is not None
    assert "answers in Gone are deleted" in asked.message.text
    assert "answers in Kept stay" in asked.message.text
    done = await click(core, "zofia", asked.message, actions.PRIVACY_DELETE)

    assert done.text.startswith("Done: kmbot no longer holds anything about you (1 answers")
    async with core.sessions() as session:
        stored = await everything_stored(session)
        after = await figures(session)
        log = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert "zofia" not in stored
    assert after == {"Kept": (3, 2, 2), "Gone": (2, 1, 1)}  # kept anonymously / deleted
    async with core.sessions() as session:
        kept = (await session.scalars(select(Reply.answers))).all()
    assert sum("Checklists beat memory." in str(answers) for answers in kept) == 1
    assert [(e.actor, e.action, e.target) for e in log] == [
        ("cli:root", "member.role", "an erased member"),
        ("cli:root", "member.role", "an erased member"),
        ("member:erased", "member.delete.self", "an erased member"),
    ]
    assert (await told(core, "zofia", "status")).startswith("I don't know you yet")


async def test_only_the_member_can_confirm_their_own_deletion(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    await organisation(core, clock, platform)
    asked = await say(core, "zofia", "delete my data")
    assert asked is not None and asked.message is not None
    value = next(b.value for b in asked.message.buttons if b.action_id == actions.PRIVACY_DELETE)

    reply = await core.inbound.handle(
        ActionClicked("ben-clicks", who("ben"), actions.PRIVACY_DELETE, value)
    )

    assert reply is not None and reply.text.startswith("That button was for someone else")
    async with core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 3
