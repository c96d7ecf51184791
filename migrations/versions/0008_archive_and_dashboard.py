"""archive search, reuse events and dashboard sign-in links

Revision ID: 0008
Revises: 0013
Create Date: 2026-12-01 17:00:00

The full-text index `archive_search` holds every reply that is not private and is kept by
triggers on `replies` (insert, change of answers or visibility, delete): SQLite an FTS5 table
(porter stemming, rowid = reply id), PostgreSQL a table with a tsvector and a GIN index.

On SQLite a later `batch_alter_table("replies")` that recreates the table drops these
triggers: such a migration must create them again (tests/test_archive.py notices).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0008"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Tags are stored as ",tag,other," (lower case, no spaces) so one LIKE finds a tag.
SQLITE_BODY = (
    "(SELECT group_concat(json_extract(value, '$.text'), char(10)) FROM json_each(NEW.answers))"
)
SQLITE_TAGS = (
    "coalesce((SELECT ',' || lower(replace(replace(json_extract(value, '$.text'), ' ', ''),"
    " ';', ',')) || ',' FROM json_each(NEW.answers)"
    " WHERE json_extract(value, '$.label') LIKE 'Tags%' LIMIT 1), '')"
)
SQLITE_INSERT = (
    f"INSERT INTO archive_search (rowid, body, tags) SELECT NEW.id, {SQLITE_BODY}, {SQLITE_TAGS}"
    " WHERE NEW.visibility <> 'private';"
)
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE archive_search USING fts5(body, tags UNINDEXED,"
    " tokenize = 'porter unicode61')",
    f"CREATE TRIGGER archive_search_insert AFTER INSERT ON replies BEGIN {SQLITE_INSERT} END",
    "CREATE TRIGGER archive_search_update AFTER UPDATE OF answers, visibility ON replies BEGIN"
    f" DELETE FROM archive_search WHERE rowid = OLD.id; {SQLITE_INSERT} END",
    "CREATE TRIGGER archive_search_delete AFTER DELETE ON replies BEGIN"
    " DELETE FROM archive_search WHERE rowid = OLD.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS archive_search_insert",
    "DROP TRIGGER IF EXISTS archive_search_update",
    "DROP TRIGGER IF EXISTS archive_search_delete",
    "DROP TABLE IF EXISTS archive_search",
]

POSTGRES_DDL = [
    "CREATE TABLE archive_search (reply_id BIGINT PRIMARY KEY"
    " REFERENCES replies (id) ON DELETE CASCADE, body TEXT NOT NULL, tags TEXT NOT NULL,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_archive_search_document ON archive_search USING gin (document)",
    """
    CREATE FUNCTION archive_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
      INSERT INTO archive_search (reply_id, body, tags, document)
        VALUES (NEW.id, body, tags, to_tsvector('english', body))
        ON CONFLICT (reply_id) DO UPDATE
        SET body = EXCLUDED.body, tags = EXCLUDED.tags, document = EXCLUDED.document;
      RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER archive_search_sync AFTER INSERT OR UPDATE OF answers, visibility"
    " ON replies FOR EACH ROW EXECUTE FUNCTION archive_search_sync()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS archive_search_sync ON replies",
    "DROP FUNCTION IF EXISTS archive_search_sync()",
    "DROP TABLE IF EXISTS archive_search",
]


def upgrade() -> None:
    op.create_table(
        "reuse_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("reply_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("told_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_reuse_events_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["replies.id"],
            name=op.f("fk_reuse_events_reply_id_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reuse_events")),
        sa.UniqueConstraint("reply_id", "member_id", name=op.f("uq_reuse_events_reply_id")),
    )
    op.create_index(op.f("ix_reuse_events_told_at"), "reuse_events", ["told_at"], unique=False)
    op.create_table(
        "sign_in_links",
        sa.Column("id", ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("created_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", bot.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_sign_in_links_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_links_token_hash")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DDL if sqlite else POSTGRES_DDL:
        op.execute(statement)
    # what was shared before this migration: touching each reply fires the trigger
    if sqlite:
        op.execute(
            f"INSERT INTO archive_search (rowid, body, tags) SELECT NEW.id, {SQLITE_BODY},"
            f" {SQLITE_TAGS} FROM replies AS NEW WHERE NEW.visibility <> 'private'"
        )
    else:
        op.execute("UPDATE replies SET visibility = visibility WHERE visibility <> 'private'")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DROP if sqlite else POSTGRES_DROP:
        op.execute(statement)
    op.drop_table("sign_in_links")
    op.drop_index(op.f("ix_reuse_events_told_at"), table_name="reuse_events")
    op.drop_table("reuse_events")
