"""a program's rule on private answers; the search index carries the filters' columns

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-01 19:30:00

`programs.admins_see_private` (default off): when on, the dashboard shows the program's
admins its private answers to prompts sent since `admins_see_private_since`, and its
prompts tell members so.

PostgreSQL's `archive_search` gains each reply's member, program, visibility and time (kept
by the trigger): a search picks its newest matches from that one table, walking its key
backwards, without a join per match (bot/archive/search.py); a GIN index of the tags meets
the words' one, so a tag filter reads only the answers that have both. SQLite's FTS5 table is left as
it is: there the joins cost little.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0015"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


POSTGRES_SYNC = """
CREATE OR REPLACE FUNCTION archive_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  body text;
  tags text;
BEGIN
  IF NEW.visibility = 'private' THEN
    DELETE FROM archive_search WHERE reply_id = NEW.id;
    RETURN NULL;
  END IF;
  SELECT coalesce(string_agg(e->>'text', E'\\n'), ''),
         coalesce(max(CASE WHEN e->>'label' LIKE 'Tags%' THEN
           ',' || lower(replace(regexp_replace(e->>'text', '\\s+', '', 'g'), ';', ','))
           || ',' END), '')
    INTO body, tags FROM json_array_elements(NEW.answers) AS e;
  INSERT INTO archive_search (reply_id, body, tags, document, member_id, program_id,
                              visibility, created_at)
    VALUES (NEW.id, body, tags, to_tsvector('english', body), NEW.member_id, NEW.program_id,
            NEW.visibility, NEW.created_at)
    ON CONFLICT (reply_id) DO UPDATE
    SET body = EXCLUDED.body, tags = EXCLUDED.tags, document = EXCLUDED.document,
        visibility = EXCLUDED.visibility;
  RETURN NULL;
END
$$
"""
COLUMNS = (
    ("member_id", "BIGINT"),
    ("program_id", "BIGINT"),
    ("visibility", "VARCHAR(16)"),
    ("created_at", "TIMESTAMP WITH TIME ZONE"),
)


def upgrade() -> None:
    op.add_column(
        "programs",
        sa.Column("admins_see_private", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "programs",
        sa.Column(
            "admins_see_private_since", bot.db.types.UtcDateTime(timezone=True), nullable=True
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        for name, kind in COLUMNS:
            op.execute(f"ALTER TABLE archive_search ADD COLUMN {name} {kind}")
        op.execute(
            "UPDATE archive_search s SET member_id = r.member_id, program_id = r.program_id,"
            " visibility = r.visibility, created_at = r.created_at FROM replies r"
            " WHERE r.id = s.reply_id"
        )
        op.execute(POSTGRES_SYNC)
        op.execute(
            "CREATE INDEX ix_archive_search_tags ON archive_search"
            " USING gin (string_to_array(tags, ',')) WHERE tags <> ''"
        )
        # the planner must know which words are common (to walk the newest rows for them):
        # the default target keeps too few of a large vocabulary's frequencies
        op.execute("ALTER TABLE archive_search ALTER COLUMN document SET STATISTICS 1000")
        op.execute("ANALYZE archive_search")


def _sync_of_0008() -> str:
    """Migration 0008's trigger function, put back on downgrade."""
    path = Path(__file__).with_name("0008_archive_and_dashboard.py")
    spec = importlib.util.spec_from_file_location("migration_0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    created: str = next(ddl for ddl in module.POSTGRES_DDL if "FUNCTION" in ddl)
    return created.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_sync_of_0008())
        op.execute("DROP INDEX ix_archive_search_tags")
        op.execute("ALTER TABLE archive_search ALTER COLUMN document SET STATISTICS -1")
        for name, _ in COLUMNS:
            op.execute(f"ALTER TABLE archive_search DROP COLUMN {name}")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("admins_see_private_since")
        batch.drop_column("admins_see_private")
