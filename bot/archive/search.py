"""Ranked full-text search over the archive: SQLite FTS5 (bm25, snippet) or PostgreSQL
(websearch_to_tsquery, ts_rank_cd, ts_headline), with the same filters and visibility.

Only shared and anonymous answers are ever read (the index holds nothing private, and the
query checks the reply's visibility again); an anonymous answer carries no name and no unit,
and a unit filter finds only named answers, so a unit cannot be used to unmask one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, String, TextualSelect, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.archive.query import MARK_END, MARK_START, Filters, Search, fts5_query, normal_tag
from bot.db.types import UtcDateTime

DEFAULT_LIMIT = 10
HEADLINE = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=30, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Hit:
    """One search result as anyone may see it; `snippet` marks matches with MARK_START/END."""

    reply_id: int
    title: str
    snippet: str
    author: str | None  # None: anonymous
    unit: str | None
    program: str
    created_at: datetime
    tags: str
    helped: int


_COLUMNS = """
    r.id AS reply_id, r.visibility, r.created_at, m.display_name, m.unit,
    coalesce(p.name, '') AS program, coalesce(qu.text, '') AS question,
    (SELECT count(*) FROM reuse_events re WHERE re.reply_id = r.id) AS helped
"""
_JOINS = """
    JOIN replies r ON r.id = {key}
    JOIN members m ON m.id = r.member_id
    LEFT JOIN programs p ON p.id = r.program_id
    LEFT JOIN prompts pr ON pr.id = r.prompt_id
    LEFT JOIN questions qu ON qu.id = pr.question_id
"""


def _filters(filters: Filters) -> tuple[str, dict[str, Any]]:
    clauses = ["r.visibility IN ('shared', 'anonymous')"]
    params: dict[str, Any] = {}
    if filters.program:
        clauses.append("lower(p.name) = lower(:program)")
        params["program"] = filters.program
    if filters.unit:
        clauses.append("r.visibility = 'shared' AND lower(m.unit) = lower(:unit)")
        params["unit"] = filters.unit
    if filters.tag:
        clauses.append("s.tags LIKE :tag")
        params["tag"] = f"%,{normal_tag(filters.tag)},%"
    if filters.since:
        clauses.append("r.created_at >= :since")
        params["since"] = datetime.combine(filters.since, time(), tzinfo=UTC)
    if filters.until:
        clauses.append("r.created_at < :until")
        params["until"] = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
    return " AND ".join(clauses), params


# Only the best `limit` matches are looked up whole (snippet, headline, reuse count): the
# ranking reads nothing but the index and what the filters need.
_FILTERED = """
    JOIN replies r ON r.id = {key}
    JOIN members m ON m.id = r.member_id
    LEFT JOIN programs p ON p.id = r.program_id
"""


def _sqlite(where: str) -> str:
    return f"""
    WITH best AS (
      SELECT s.rowid AS id, bm25(archive_search) AS score
      FROM archive_search s {_FILTERED.format(key="s.rowid")}
      WHERE archive_search MATCH :query AND {where}
      ORDER BY score, s.rowid DESC
      LIMIT :limit
    )
    SELECT {_COLUMNS}, s.tags,
           substr(s.body, 1, instr(s.body || char(10), char(10)) - 1) AS first_line,
           snippet(archive_search, 0, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet
    FROM best JOIN archive_search s ON s.rowid = best.id {_JOINS.format(key="best.id")}
    WHERE archive_search MATCH :query
    ORDER BY best.score, best.id DESC
    """


def _postgres(where: str) -> str:
    return f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :query) AS query),
    best AS (
      SELECT s.reply_id AS id, ts_rank_cd(s.document, q.query) AS score
      FROM archive_search s CROSS JOIN q {_FILTERED.format(key="s.reply_id")}
      WHERE s.document @@ q.query AND {where}
      ORDER BY score DESC, s.reply_id DESC
      LIMIT :limit
    )
    SELECT {_COLUMNS}, s.tags, split_part(s.body, E'\\n', 1) AS first_line,
           ts_headline('english', s.body, q.query, :headline) AS snippet
    FROM best JOIN archive_search s ON s.reply_id = best.id CROSS JOIN q
    {_JOINS.format(key="best.id")}
    ORDER BY best.score DESC, best.id DESC
    """


def _typed(sql: str) -> TextualSelect:
    return text(sql).columns(
        reply_id=Integer(),
        visibility=String(),
        created_at=UtcDateTime(),
        display_name=String(),
        unit=String(),
        program=String(),
        question=String(),
        helped=Integer(),
        tags=String(),
        first_line=String(),
        snippet=String(),
    )


async def search_archive(
    session: AsyncSession, search: Search, limit: int = DEFAULT_LIMIT
) -> list[Hit]:
    """The best `limit` matches of `search`, best first, within the visibility rules."""
    where, params = _filters(search.filters)
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_query(search.words)
        if not query:
            return []
        statement = _typed(_sqlite(where))
    else:
        query = search.words
        params["headline"] = HEADLINE
        statement = _typed(_postgres(where))
    rows = await session.execute(statement, {**params, "query": query, "limit": limit})
    return [_hit(row._mapping) for row in rows]


def _hit(row: Any) -> Hit:
    anonymous = row["visibility"] == "anonymous"
    return Hit(
        reply_id=row["reply_id"],
        title=row["question"] or (row["first_line"] or "")[:200],
        snippet=row["snippet"] or "",
        author=None if anonymous else (row["display_name"] or "A colleague"),
        unit=None if anonymous else (row["unit"] or None),
        program=row["program"],
        created_at=row["created_at"],
        tags=row["tags"] or "",
        helped=int(row["helped"] or 0),
    )
