"""Migration 0014's backfill: the statements that sum closed rounds into `round_summaries`,
`summary_cells` and `member_round_bits`, frozen as bot/evidence/summaries.py wrote them when
0014 was made. What a migration does must not change when the application does: never edit
this to follow the application (a later migration that needs other sums brings its own)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BLOCK = 62  # rounds a bit mask holds (a signed 64-bit integer on both databases)
MASKS = ("asked", "answered", "missed", "reasoned")
OPEN_VISIBILITY = ("shared", "anonymous")


def _table(name: str, *columns: tuple[str, sa.types.TypeEngine[Any]]) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns))


TEXT, INT, WHEN = sa.String(), sa.Integer(), sa.DateTime()
ROUNDS = _table("rounds", ("program_id", ID), ("cycle", INT), ("closed_at", WHEN))
PROMPTS = _table(
    "prompts",
    *(("id", ID), ("program_id", ID), ("cycle", INT), ("member_id", ID), ("question_id", ID)),
    *(("status", TEXT), ("skip_reason", TEXT), ("opened_at", WHEN)),
)
REPLIES = _table(
    "replies",
    *(("prompt_id", ID), ("visibility", TEXT), ("late", sa.Boolean()), ("helpful_count", INT)),
)
MEMBERS = _table("members", ("id", ID), ("unit", TEXT), ("role", TEXT))
UNIT_LEADS = _table("unit_leads", ("member_id", ID), ("unit", TEXT))
SUMMARIES = _table(
    "round_summaries",
    *(("program_id", ID), ("cycle", INT), ("first_opened", WHEN), ("last_opened", WHEN)),
)
CELL_COLUMNS = ["program_id", "cycle", "unit", "role", "leads_unit", "question_id", "outcome"]
CELL_COLUMNS += ["skip_reason", "prompts", "shared", "helpful", "first_opened"]
CELLS = _table("summary_cells", *((column, sa.Integer()) for column in CELL_COLUMNS))
BITS = _table(
    "member_round_bits",
    *(("program_id", ID), ("member_id", ID), ("block", INT)),
    *((mask, sa.BigInteger()) for mask in MASKS),
)


def pending() -> sa.Select[Any]:
    """(program, cycle) of every closed round not summed."""
    r, s = ROUNDS.c, SUMMARIES.c
    summed = sa.exists().where(s.program_id == r.program_id, s.cycle == r.cycle)
    return sa.select(r.program_id, r.cycle).where(~summed).order_by(r.program_id)


def statements(program_id: int, cycles: list[int]) -> list[sa.Executable]:
    """What sums `cycles` (closed rounds) of one program, in order."""
    r, p, y, m, u, s = (t.c for t in (ROUNDS, PROMPTS, REPLIES, MEMBERS, UNIT_LEADS, SUMMARIES))
    opened = (
        sa.select(
            r.program_id,
            r.cycle,
            sa.func.coalesce(sa.func.min(p.opened_at), r.closed_at),
            sa.func.coalesce(sa.func.max(p.opened_at), r.closed_at),
        )
        .outerjoin(PROMPTS, sa.and_(p.program_id == r.program_id, p.cycle == r.cycle))
        .where(r.program_id == program_id, r.cycle.in_(cycles))
        .group_by(r.program_id, r.cycle, r.closed_at)
    )
    is_open = y.visibility.in_(OPEN_VISIBILITY)
    answered = p.status == "answered"
    outcome = sa.case((sa.and_(answered, y.late), "late"), (answered, "on_time"), else_=p.status)
    keys = [p.cycle, m.unit, m.role, u.member_id.is_not(None), p.question_id]
    keys += [p.status, y.late, p.skip_reason]
    cells = (
        sa.select(
            sa.literal(program_id, sa.Integer),
            *keys[:5],
            outcome,
            p.skip_reason,
            sa.func.count(),
            sa.func.sum(sa.case((is_open, 1), else_=0)),
            sa.func.sum(sa.case((is_open, y.helpful_count), else_=0)),
            sa.func.min(p.opened_at),
        )
        .select_from(PROMPTS)
        .join(MEMBERS, m.id == p.member_id)
        .outerjoin(UNIT_LEADS, sa.and_(u.member_id == m.id, u.unit == m.unit))
        .outerjoin(REPLIES, y.prompt_id == p.id)
        .where(p.program_id == program_id, p.cycle.in_(cycles))
        .group_by(*keys)
    )
    done: list[sa.Executable] = [
        sa.delete(SUMMARIES).where(s.program_id == program_id, s.cycle.in_(cycles)),
        sa.insert(SUMMARIES).from_select(
            ["program_id", "cycle", "first_opened", "last_opened"], opened
        ),
        sa.insert(CELLS).from_select(CELL_COLUMNS, cells),
    ]
    blocks: dict[int, list[int]] = {}
    for cycle in cycles:
        blocks.setdefault(cycle // BLOCK, []).append(cycle)
    for block, in_block in sorted(blocks.items()):
        done += _bits(program_id, block, in_block)
    return done


def _bits(program_id: int, block: int, cycles: list[int]) -> list[sa.Executable]:
    """Clear the rounds' bits of every member of the program, then set them from prompts."""
    keep = ((1 << BLOCK) - 1) ^ sum(1 << (BLOCK - 1 - cycle % BLOCK) for cycle in cycles)
    b, p = BITS.c, PROMPTS.c
    own = [b.program_id == program_id, b.block == block]
    of_rounds = [p.program_id == program_id, p.cycle.in_(cycles)]
    asked = sa.select(p.member_id).where(*of_rounds)
    known = sa.exists().where(*own, b.member_id == p.member_id)

    def summed(*where: Any) -> Any:
        weight = sa.literal(1, sa.BigInteger).op("<<")(BLOCK - 1 - p.cycle % BLOCK)
        return (
            sa.select(sa.func.coalesce(sa.func.sum(weight), 0))
            .where(*of_rounds, p.member_id == b.member_id, *where)
            .scalar_subquery()
        )

    return [
        sa.update(BITS).where(*own).values({mask: b[mask].op("&")(keep) for mask in MASKS}),
        sa.insert(BITS).from_select(
            ["program_id", "member_id", "block", *MASKS],
            sa.select(
                sa.literal(program_id, sa.Integer),
                p.member_id,
                sa.literal(block, sa.Integer),
                *(sa.literal(0, sa.BigInteger),) * 4,
            )
            .where(*of_rounds, ~known)
            .distinct(),
        ),
        sa.update(BITS)
        .where(*own, b.member_id.in_(asked))
        .values(
            asked=b.asked + summed(),
            answered=b.answered + summed(p.status == "answered"),
            missed=b.missed + summed(p.status == "missed"),
            reasoned=b.reasoned + summed(p.skip_reason.is_not(None)),
        ),
    ]
