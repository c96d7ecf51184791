"""the search index is walked by time: indexes on (created_at, reply_id) (PostgreSQL)

Revision ID: 0025
Revises: 0022
Create Date: 2026-12-01 23:30:00

A search ranks only the newest 200 matches. They were the newest by reply id, and a
`since:` or `until:` filter was a filter on `created_at` the planner could not bound a walk
of the key with: for a common word it read every match from the words' GIN bitmap (24,000
pages) before the 200 newest were known. The newest are now read by time: an index on
(created_at, reply_id) turns a date filter into the range of a backward walk, and the unit
index becomes (lower(unit), created_at, reply_id) so that a `unit:` search keeps its own
walk. SQLite's FTS5 table is left as it is. Existing rows are indexed by the CREATE INDEX.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIT_INDEX = "CREATE INDEX ix_archive_search_unit ON archive_search ({columns}) WHERE visibility = 'shared'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_archive_search_created ON archive_search (created_at, reply_id)")
    op.execute("DROP INDEX ix_archive_search_unit")
    op.execute(UNIT_INDEX.format(columns="lower(unit), created_at, reply_id"))
    op.execute("ANALYZE archive_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_archive_search_unit")
    op.execute(UNIT_INDEX.format(columns="lower(unit), reply_id"))
    op.execute("DROP INDEX ix_archive_search_created")
