"""Everyone a report asked, with their habit and streak, counted in the database: each
member's closed rounds become bit masks (summed rounds from the members' bits, shifted into
the report's window; the other rounds from their prompts), and only the counts by unit, role,
habit and streak length come back, never a row per member.

Bit n of a member's masks is the round n rounds before the latest closed one. A summed
round and a round read from `prompts` are never the same round, so summing the two masks
is or-ing them, on SQLite and PostgreSQL alike (neither has to know a bitwise aggregate).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence_models import BLOCK, MemberRoundBits
from bot.db.models import Member, Prompt
from bot.evidence.coverage import Coverage
from bot.evidence.scope import Selection

MASK_ROUNDS = 62  # a signed 64-bit sum holds them on both databases
HABIT_ROUNDS = 4
HABIT_ANSWERED = 3
FULL = (1 << MASK_ROUNDS) - 1


@dataclass(frozen=True)
class Group:
    """Members alike in unit, role, habit (`recent`: asked in the last 4 closed rounds;
    `kept`: answered 3 of them), whether a closed round of the window asked them, and the
    length of their current streak."""

    unit: str
    role: str
    recent: bool
    kept: bool
    asked_closed: bool
    streak: int
    members: int


@dataclass(frozen=True)
class Asked:
    """Everyone asked in a selection (a round not closed weighs nothing), in groups."""

    groups: tuple[Group, ...]

    @property
    def people(self) -> int:
        return sum(group.members for group in self.groups)

    def by(self, what: str) -> dict[str | int, int]:
        """People per unit or per role."""
        people: dict[str | int, int] = defaultdict(int)
        for group in self.groups:
            people[group.unit if what == "unit" else group.role] += group.members
        return people


def block_moves(cycles: list[int], blocks: Iterable[int]) -> dict[int, tuple[int, int, int]]:
    """Block -> (left shift, right shift, window): a block's bits shifted so, then masked,
    are the report's masks (bit n: n rounds before the latest; rounds after it dropped) over
    the window the report weighs, worked out once per block."""
    if not cycles:
        return {block: (0, 0, 0) for block in blocks}
    latest, oldest = cycles[0], max(cycles[-1], cycles[0] - MASK_ROUNDS + 1)
    window = (1 << (latest - oldest + 1)) - 1
    moves = {}
    for block in blocks:
        if block == latest // BLOCK:
            moves[block] = (0, BLOCK - 1 - latest % BLOCK, window)
        elif block == latest // BLOCK - 1:
            moves[block] = (latest % BLOCK + 1, 0, window)
        else:
            moves[block] = (0, 0, 0)
    return moves


def last_four(cycles: list[int]) -> int:
    """The bits of the last 4 closed rounds (`cycles` newest first)."""
    return sum(1 << (cycles[0] - cycle) for cycle in cycles[:HABIT_ROUNDS]) if cycles else 0


async def asked(
    session: AsyncSession, selection: Selection, cycles: list[int], covered: Coverage
) -> Asked:
    """Everyone asked in the selection, grouped (`cycles`: the closed rounds, newest first)."""
    parts = [*_summed_masks(selection, cycles, covered), *_raw_masks(selection, cycles, covered)]
    if not parts:
        return Asked(())
    masks = union_all(*parts).subquery("masks") if len(parts) > 1 else parts[0].subquery("masks")
    member: Any = masks  # one row a member already: the bits of one block, nothing raw
    if len(parts) > 1 or not covered.nothing_raw or len(covered.masks()) > 1:
        total = [cast(func.sum(masks.c[name]), BigInteger).label(name) for name in "anm"]
        member = (
            select(masks.c.unit, masks.c.role, *total)
            .group_by(masks.c.member_id, masks.c.unit, masks.c.role)
            .subquery("member")
        )
    habit = last_four(cycles)
    below = case((member.c.m == 0, -1), else_=member.c.m.op("&")(-member.c.m) - 1)
    recent = case((member.c.a.op("&")(habit) != 0, 1), else_=0)
    positions = [cycles[0] - cycle for cycle in cycles[:HABIT_ROUNDS]]
    answered_recently = _ones(member.c.n.op("&")(habit), positions)
    kept = case((and_(recent == 1, answered_recently >= HABIT_ANSWERED), 1), else_=0)
    closed = case((member.c.a != 0, 1), else_=0)
    flags = _layer(
        member.c.n.op("&")(below).op("&")(FULL),
        member.c.unit,
        member.c.role,
        recent.label("recent"),
        kept.label("kept"),
        closed.label("closed"),
    )
    for step in POPCOUNT_STEPS:  # the streak: the answered bits under the first missed one
        flags = _layer(step(flags.c.x), *(c for c in flags.c if c.key != "x"))
    keys = [flags.c.unit, flags.c.role, flags.c.recent, flags.c.kept, flags.c.closed]
    query = select(*keys, flags.c.x, func.count()).group_by(*keys, flags.c.x)
    groups = []
    for row in await session.execute(query):
        unit, role, recent_n, kept_n, closed_n, streak, n = tuple(row)
        groups.append(
            Group(
                str(unit),
                str(role),
                bool(recent_n),
                bool(kept_n),
                bool(closed_n),
                int(streak or 0),
                int(n),
            )
        )
    return Asked(tuple(groups))


def _ones(bits: Any, positions: Iterable[int]) -> Any:
    """How many of the few `positions` are set in `bits`."""
    terms = [_shifted(bits, ">>", position).op("&")(1) for position in positions]
    if not terms:
        return literal(0, Integer)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _shifted(x: Any, operator: str, by: int) -> Any:
    """`x` shifted by a constant, written into the statement (PostgreSQL shifts a bigint by an
    integer, not by a bound bigint)."""
    return x.op(operator)(literal_column(str(int(by))))


def _pairs(x: Any) -> Any:
    return x - _shifted(x, ">>", 1).op("&")(M1)


def _nibbles(x: Any) -> Any:
    return x.op("&")(M2) + _shifted(x, ">>", 2).op("&")(M2)


def _bytes(x: Any) -> Any:
    return (x + _shifted(x, ">>", 4)).op("&")(M4)


def _byte_sum(x: Any) -> Any:
    total = x
    for shift in range(8, 64, 8):
        total = total + _shifted(x, ">>", shift)
    return total.op("&")(255)


# A population count of a 62-bit integer, neither database having one: bits summed in pairs,
# nibbles, bytes, then the bytes added. Each step is a subquery of its own (`_layer`), so
# no step repeats the one before.
M1, M2, M4 = 0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F
POPCOUNT_STEPS = (_pairs, _nibbles, _bytes, _byte_sum)


def _layer(x: Any, *columns: Any) -> Any:
    """`columns` and `x`, as a subquery the planner keeps as it is (OFFSET 0: neither SQLite
    nor PostgreSQL folds it into the next, which would copy `x` into it)."""
    return select(*columns, cast(x, BigInteger).label("x")).offset(0).subquery()


def _weight(cycles: list[int]) -> Any:
    """bit (latest - cycle) of a prompt's round inside the window, else 0."""
    if not cycles:
        return literal(0, BigInteger)
    latest, oldest = cycles[0], max(cycles[-1], cycles[0] - MASK_ROUNDS + 1)
    shifted = literal(1, BigInteger).op("<<")(latest - Prompt.cycle)
    return case((Prompt.cycle.between(oldest, latest), shifted), else_=0)


def _raw_masks(selection: Selection, cycles: list[int], covered: Coverage) -> list[Any]:
    if covered.nothing_raw:
        return []
    weight = _weight(cycles)
    return [
        select(
            Prompt.member_id.label("member_id"),
            Member.unit.label("unit"),
            Member.role.label("role"),
            cast(weight, BigInteger).label("a"),
            cast(case((Prompt.status == "answered", weight), else_=0), BigInteger).label("n"),
            cast(case((Prompt.status == "missed", weight), else_=0), BigInteger).label("m"),
        )
        .join(Member, Member.id == Prompt.member_id)
        .where(selection.prompts(), covered.raw())
    ]


def _summed_masks(selection: Selection, cycles: list[int], covered: Coverage) -> list[Any]:
    """The members' bits of the summed rounds, each block shifted into the window."""
    blocks = covered.masks()
    if not blocks:
        return []
    bits = MemberRoundBits
    moves = block_moves(cycles, blocks)

    def moved(column: Any) -> Any:
        whens = []
        for block, mask in sorted(blocks.items()):
            left, right, window = moves[block]
            masked = column.op("&")(literal(mask, BigInteger))
            shifted = _shifted(_shifted(masked, "<<", left), ">>", right)
            whens.append((bits.block == block, shifted.op("&")(literal(window, BigInteger))))
        return cast(case(*whens, else_=0), BigInteger)

    query = members_with_bits(selection, bits.asked, blocks).add_columns(
        Member.unit.label("unit"),
        Member.role.label("role"),
        moved(bits.asked).label("a"),
        moved(bits.answered).label("n"),
        moved(bits.missed).label("m"),
    )
    if not selection.needs_members:
        query = query.join(Member, Member.id == bits.member_id)
    return [query]


def members_with_bits(selection: Selection, column: Any, blocks: dict[int, int]) -> Any:
    """The members of the selection whose `column` (a MemberRoundBits mask) has one of the
    bits of `blocks` (block -> mask) set."""
    bits = MemberRoundBits
    query = select(bits.member_id.label("member_id")).where(
        bits.program_id == selection.program_id,
        or_(
            *(
                and_(bits.block == block, column.op("&")(literal(mask, BigInteger)) != 0)
                for block, mask in sorted(blocks.items())
            )
        ),
    )
    if selection.needs_members:
        query = query.join(Member, Member.id == bits.member_id)
    if selection.units is not None:
        query = query.where(Member.unit.in_(list(selection.units)))
    if selection.without_roles:
        query = query.where(Member.role.not_in(selection.without_roles))
    return query
