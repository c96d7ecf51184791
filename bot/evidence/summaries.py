"""Summing closed rounds into `round_summaries`, `summary_cells` and `member_round_bits`.

The statements are plain SQL expressions, run by the `evidence.sum` job. Migration 0014's
backfill runs a frozen copy of them (`migrations/frozen_0014_round_sums.py`): a change here
must keep the sums the same, or come with a migration that sums the rounds again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Executable,
    Integer,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.evidence_models import BLOCK, MemberRoundBits, RoundSummary, SummaryCell
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Prompt, Reply, Round

FULL = (1 << BLOCK) - 1
OPEN_VISIBILITY = ("shared", "anonymous")


def bit_of(cycle: int) -> int:
    """Round `cycle`'s bit within its block's masks."""
    return 1 << (BLOCK - 1 - cycle % BLOCK)


def weight(cycle: Any) -> Any:
    """`bit_of` in SQL, for a cycle column."""
    return literal(1, BigInteger).op("<<")(BLOCK - 1 - cycle % BLOCK)


def outcome() -> Any:
    """A prompt's outcome: on_time, late, skipped, missed or open (as the report names it)."""
    answered = Prompt.status == "answered"
    return case((and_(answered, Reply.late), "late"), (answered, "on_time"), else_=Prompt.status)


def pending() -> Any:
    """(program, cycle) of every closed round not summed (yet, or again)."""
    summed = exists().where(
        RoundSummary.program_id == Round.program_id, RoundSummary.cycle == Round.cycle
    )
    return select(Round.program_id, Round.cycle).where(~summed).order_by(Round.program_id)


def statements(program_id: int, cycles: Sequence[int]) -> list[Executable]:
    """What sums `cycles` (closed rounds) of one program again, in order."""
    of_rounds = [Prompt.program_id == program_id, Prompt.cycle.in_(list(cycles))]
    opened = (
        select(
            Round.program_id,
            Round.cycle,
            func.coalesce(func.min(Prompt.opened_at), Round.closed_at),
            func.coalesce(func.max(Prompt.opened_at), Round.closed_at),
        )
        .outerjoin(Prompt, and_(Prompt.program_id == Round.program_id, Prompt.cycle == Round.cycle))
        .where(Round.program_id == program_id, Round.cycle.in_(list(cycles)))
        .group_by(Round.program_id, Round.cycle, Round.closed_at)
    )
    is_open = Reply.visibility.in_(OPEN_VISIBILITY)
    is_lead = UnitLead.member_id.is_not(None)
    keys = [Prompt.cycle, Member.unit, Member.role, is_lead, Prompt.question_id]
    keys += [Prompt.status, Reply.late, Prompt.skip_reason]
    cells = (
        select(
            literal(program_id, Integer),
            *keys[:5],
            outcome(),
            Prompt.skip_reason,
            func.count(),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open, Reply.helpful_count), else_=0)),
            func.min(Prompt.opened_at),
        )
        .select_from(Prompt)
        .join(Member, Member.id == Prompt.member_id)
        .outerjoin(UnitLead, and_(UnitLead.member_id == Member.id, UnitLead.unit == Member.unit))
        .outerjoin(Reply, Reply.prompt_id == Prompt.id)
        .where(*of_rounds)
        .group_by(*keys)
    )
    columns = ["program_id", "cycle", "unit", "role", "leads_unit", "question_id", "outcome"]
    columns += ["skip_reason", "prompts", "shared", "helpful", "first_opened"]
    done: list[Executable] = [
        delete(RoundSummary).where(
            RoundSummary.program_id == program_id, RoundSummary.cycle.in_(list(cycles))
        ),
        insert(RoundSummary).from_select(
            ["program_id", "cycle", "first_opened", "last_opened"], opened
        ),
        insert(SummaryCell).from_select(columns, cells),
    ]
    blocks: dict[int, list[int]] = defaultdict(list)
    for cycle in cycles:
        blocks[cycle // BLOCK].append(cycle)
    for block, in_block in sorted(blocks.items()):
        done += _bits(program_id, block, in_block)
    return done


def _bits(program_id: int, block: int, cycles: list[int]) -> list[Executable]:
    """Clear the rounds' bits of every member of the program, then set them from prompts."""
    keep = FULL ^ sum(bit_of(cycle) for cycle in cycles)
    bits = MemberRoundBits
    own = [bits.program_id == program_id, bits.block == block]
    of_rounds = [Prompt.program_id == program_id, Prompt.cycle.in_(cycles)]
    asked = select(Prompt.member_id).where(*of_rounds)
    known = exists().where(*own, bits.member_id == Prompt.member_id)

    def summed(*where: Any) -> Any:
        return (
            select(func.coalesce(func.sum(weight(Prompt.cycle)), 0))
            .where(*of_rounds, Prompt.member_id == bits.member_id, *where)
            .scalar_subquery()
        )

    masks = ("asked", "answered", "missed", "reasoned")
    return [
        update(bits).where(*own).values({m: getattr(bits, m).op("&")(keep) for m in masks}),
        insert(bits).from_select(
            ["program_id", "member_id", "block", *masks],
            select(
                literal(program_id, Integer),
                Prompt.member_id,
                literal(block, Integer),
                *(literal(0, BigInteger),) * 4,
            )
            .where(*of_rounds, ~known)
            .distinct(),
        ),
        update(bits)
        .where(*own, bits.member_id.in_(asked))
        .values(
            asked=bits.asked + summed(),
            answered=bits.answered + summed(Prompt.status == "answered"),
            missed=bits.missed + summed(Prompt.status == "missed"),
            reasoned=bits.reasoned + summed(Prompt.skip_reason.is_not(None)),
        ),
    ]


async def summarise_pending(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Sum every closed round without a summary, one program a transaction; the rounds summed."""
    async with sessions() as session:
        rows = list(await session.execute(pending()))
    by_program: dict[int, list[int]] = defaultdict(list)
    for program_id, cycle in rows:
        by_program[int(program_id)].append(int(cycle))
    for program_id, cycles in by_program.items():
        async with sessions.begin() as session:
            for statement in statements(program_id, cycles):
                await session.execute(statement)
    return len(rows)


async def any_pending(session: AsyncSession) -> bool:
    return (await session.execute(pending().limit(1))).first() is not None
