"""round summaries for the report, the dashboard and the Monday chart, with their backfill

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-01 19:30:00

`round_summaries` marks a closed round as summed, `summary_cells` holds its prompts grouped
(unit, role, lead, question, outcome, skip reason: counts), `member_round_bits` each
member's rounds as bit masks. Triggers on prompts, replies, members and unit_leads delete a
round's summary whenever something it counts changes; readers then read that round from
`prompts` until the `evidence.sum` job sums it again. The backfill sums every closed
round already in the database. Also an index for the most helped answers of a program.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types
from migrations.frozen_0014_round_sums import pending, statements

revision: str = "0014"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PROMPT_COLUMNS = "status, skip_reason, member_id, question_id, opened_at, cycle, program_id"
REPLY_COLUMNS = "visibility, late, helpful_count, prompt_id"


def _forget(program: str, cycle: str) -> str:
    return f"DELETE FROM round_summaries WHERE program_id = {program} AND cycle = {cycle};"


def _forget_prompt(prompt_id: str) -> str:
    return (
        "DELETE FROM round_summaries WHERE (program_id, cycle) IN"
        f" (SELECT program_id, cycle FROM prompts WHERE id = {prompt_id});"
    )


def _forget_member(member_id: str) -> str:
    return (
        "DELETE FROM round_summaries WHERE (program_id, cycle) IN"
        f" (SELECT program_id, cycle FROM prompts WHERE member_id = {member_id});"
    )


SQLITE_TRIGGERS = {
    "summaries_prompt_insert": "AFTER INSERT ON prompts BEGIN"
    f" {_forget('NEW.program_id', 'NEW.cycle')} END",
    "summaries_prompt_update": f"AFTER UPDATE OF {PROMPT_COLUMNS} ON prompts BEGIN"
    f" {_forget('OLD.program_id', 'OLD.cycle')} {_forget('NEW.program_id', 'NEW.cycle')} END",
    "summaries_prompt_delete": "AFTER DELETE ON prompts BEGIN"
    f" {_forget('OLD.program_id', 'OLD.cycle')} END",
    "summaries_reply_insert": "AFTER INSERT ON replies WHEN NEW.prompt_id IS NOT NULL BEGIN"
    f" {_forget_prompt('NEW.prompt_id')} END",
    "summaries_reply_update": f"AFTER UPDATE OF {REPLY_COLUMNS} ON replies BEGIN"
    f" {_forget_prompt('OLD.prompt_id')} {_forget_prompt('NEW.prompt_id')} END",
    "summaries_reply_delete": "AFTER DELETE ON replies WHEN OLD.prompt_id IS NOT NULL BEGIN"
    f" {_forget_prompt('OLD.prompt_id')} END",
    "summaries_member_update": "AFTER UPDATE OF unit, role ON members"
    " WHEN OLD.unit IS NOT NEW.unit OR OLD.role IS NOT NEW.role BEGIN"
    f" {_forget_member('NEW.id')} END",
    "summaries_lead_insert": f"AFTER INSERT ON unit_leads BEGIN {_forget_member('NEW.member_id')} END",
    "summaries_lead_update": "AFTER UPDATE ON unit_leads BEGIN"
    f" {_forget_member('OLD.member_id')} {_forget_member('NEW.member_id')} END",
    "summaries_lead_delete": f"AFTER DELETE ON unit_leads BEGIN {_forget_member('OLD.member_id')} END",
}


def _plpgsql(name: str, on_old: str, on_new: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN {on_old} END IF;
      IF TG_OP <> 'DELETE' THEN {on_new} END IF;
      RETURN NULL;
    END
    $$
    """


POSTGRES_TRIGGERS = {  # name: (function body on OLD, on NEW, when it fires)
    "summaries_prompts": (
        _forget("OLD.program_id", "OLD.cycle"),
        _forget("NEW.program_id", "NEW.cycle"),
        f"AFTER DELETE OR UPDATE OF {PROMPT_COLUMNS} ON prompts FOR EACH ROW",
    ),
    "summaries_replies": (
        _forget_prompt("OLD.prompt_id"),
        _forget_prompt("NEW.prompt_id"),
        f"AFTER INSERT OR DELETE OR UPDATE OF {REPLY_COLUMNS} ON replies FOR EACH ROW",
    ),
    "summaries_members": (
        _forget_member("OLD.id"),
        _forget_member("NEW.id"),
        "AFTER UPDATE OF unit, role ON members FOR EACH ROW"
        " WHEN (OLD.unit IS DISTINCT FROM NEW.unit OR OLD.role IS DISTINCT FROM NEW.role)",
    ),
    "summaries_unit_leads": (
        _forget_member("OLD.member_id"),
        _forget_member("NEW.member_id"),
        "AFTER INSERT OR DELETE OR UPDATE ON unit_leads FOR EACH ROW",
    ),
}

PROMPTS_ADDED_FUNCTION = """
    CREATE FUNCTION summaries_prompts_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM round_summaries WHERE (program_id, cycle) IN
        (SELECT DISTINCT program_id, cycle FROM added);
      RETURN NULL;
    END
    $$
    """


def upgrade() -> None:
    op.create_table(
        "round_summaries",
        sa.Column("program_id", ID, nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("first_opened", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_opened", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_round_summaries_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "cycle", name=op.f("pk_round_summaries")),
    )
    op.create_table(
        "summary_cells",
        sa.Column("id", ID, nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("leads_unit", sa.Boolean(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("skip_reason", sa.String(length=16), nullable=True),
        sa.Column("prompts", sa.Integer(), nullable=False),
        sa.Column("shared", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("first_opened", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id", "cycle"],
            ["round_summaries.program_id", "round_summaries.cycle"],
            name=op.f("fk_summary_cells_program_id_round_summaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_cells")),
    )
    op.create_index(
        op.f("ix_summary_cells_program_id"), "summary_cells", ["program_id"], unique=False
    )
    op.create_table(
        "member_round_bits",
        sa.Column("program_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("asked", sa.BigInteger(), nullable=False),
        sa.Column("answered", sa.BigInteger(), nullable=False),
        sa.Column("missed", sa.BigInteger(), nullable=False),
        sa.Column("reasoned", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_round_bits_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_member_round_bits_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "program_id", "member_id", "block", name=op.f("pk_member_round_bits")
        ),
    )
    op.create_index(
        "ix_replies_program_helpful",
        "replies",
        ["program_id", sa.text("helpful_count DESC"), "id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for name, (on_old, on_new, when) in POSTGRES_TRIGGERS.items():
            op.execute(_plpgsql(name, on_old, on_new))
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()")
        # a prompt tick inserts thousands of prompts: forget their rounds once per statement
        op.execute(PROMPTS_ADDED_FUNCTION)
        op.execute(
            "CREATE TRIGGER summaries_prompts_added AFTER INSERT ON prompts"
            " REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
            " EXECUTE FUNCTION summaries_prompts_added()"
        )
    _backfill()


def _backfill() -> None:
    """Sum every closed round already in the database (as the job did when 0014 was made)."""
    bind = op.get_bind()
    by_program: dict[int, list[int]] = {}
    for program_id, cycle in bind.execute(pending()):
        by_program.setdefault(int(program_id), []).append(int(cycle))
    for program_id, cycles in by_program.items():
        for statement in statements(program_id, cycles):
            bind.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, (_, _, when) in POSTGRES_TRIGGERS.items():
            table = when.split(" ON ", 1)[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        op.execute("DROP TRIGGER IF EXISTS summaries_prompts_added ON prompts")
        op.execute("DROP FUNCTION IF EXISTS summaries_prompts_added()")
    op.drop_index("ix_replies_program_helpful", table_name="replies")
    op.drop_table("member_round_bits")
    op.drop_index(op.f("ix_summary_cells_program_id"), table_name="summary_cells")
    op.drop_table("summary_cells")
    op.drop_table("round_summaries")
