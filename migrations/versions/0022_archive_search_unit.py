"""the search index carries its author's unit, kept by triggers (PostgreSQL)

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-01 21:00:00

A `unit:` filter read the members of the unit and walked the newest matches of every unit
until 200 of theirs were found (ten times the rows for a unit of a tenth). PostgreSQL's
`archive_search` now carries the author's current unit: set from `members` when a reply is
indexed or moves to another member (an erasure's stand-in), and changed on every row of a
member whose unit changes. An index on (lower(unit), reply_id) of the shared answers lets a
unit search walk that unit's newest answers alone. SQLite's FTS5 table is left as it is.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0022"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0015's trigger function, with the author's unit looked up, stored, and kept on a new member
REPLIES_SYNC_CHANGES = (
    ("  tags text;\n", "  tags text;\n  author_unit text;\n"),
    (
        "  INSERT INTO",
        "  SELECT unit INTO author_unit FROM members WHERE id = NEW.member_id;\n  INSERT INTO",
    ),
    ("visibility, created_at)", "visibility, created_at, unit)"),
    ("NEW.visibility, NEW.created_at)", "NEW.visibility, NEW.created_at, author_unit)"),
    (
        "visibility = EXCLUDED.visibility;",
        "visibility = EXCLUDED.visibility, member_id = EXCLUDED.member_id, unit = EXCLUDED.unit;",
    ),
)
MEMBERS_SYNC = """
CREATE FUNCTION archive_search_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE archive_search SET unit = NEW.unit
    WHERE member_id = NEW.id AND unit IS DISTINCT FROM NEW.unit;
  RETURN NULL;
END
$$
"""
REPLIES_TRIGGER = (
    "CREATE TRIGGER archive_search_sync AFTER INSERT OR UPDATE OF answers, visibility{more}"
    " ON replies FOR EACH ROW EXECUTE FUNCTION archive_search_sync()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE archive_search ADD COLUMN unit TEXT")
    op.execute("UPDATE archive_search s SET unit = m.unit FROM members m WHERE m.id = s.member_id")
    op.execute(_replies_sync())
    op.execute("DROP TRIGGER archive_search_sync ON replies")
    op.execute(REPLIES_TRIGGER.format(more=", member_id"))
    op.execute(MEMBERS_SYNC)
    op.execute(
        "CREATE TRIGGER archive_search_unit AFTER UPDATE OF unit ON members FOR EACH ROW"
        " WHEN (OLD.unit IS DISTINCT FROM NEW.unit)"  # a sync rewrites units it leaves as they were
        " EXECUTE FUNCTION archive_search_unit()"
    )
    op.execute("CREATE INDEX ix_archive_search_member ON archive_search (member_id)")
    op.execute(
        "CREATE INDEX ix_archive_search_unit ON archive_search (lower(unit), reply_id)"
        " WHERE visibility = 'shared'"
    )
    op.execute("ANALYZE archive_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_archive_search_unit")
    op.execute("DROP INDEX ix_archive_search_member")
    op.execute("DROP TRIGGER archive_search_unit ON members")
    op.execute("DROP FUNCTION archive_search_unit()")
    op.execute("DROP TRIGGER archive_search_sync ON replies")
    op.execute(REPLIES_TRIGGER.format(more=""))
    op.execute(_sync_of_0015())
    op.execute("ALTER TABLE archive_search DROP COLUMN unit")


def _replies_sync() -> str:
    """0015's function with the unit (each change checked, so a changed 0015 fails loudly)."""
    sync = _sync_of_0015()
    for old, new in REPLIES_SYNC_CHANGES:
        assert sync.count(old) == 1, old
        sync = sync.replace(old, new)
    return sync


def _sync_of_0015() -> str:
    """Migration 0015's trigger function, put back on downgrade."""
    path = Path(__file__).with_name("0015_private_answers_rule.py")
    spec = importlib.util.spec_from_file_location("migration_0015", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.POSTGRES_SYNC)
