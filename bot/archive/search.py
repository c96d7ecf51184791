"""Ranked full-text search over the archive: SQLite FTS5 (bm25, snippet) or PostgreSQL
(websearch_to_tsquery, ts_rank_cd, ts_headline), with the same filters and visibility; both
rank only the newest RANKED_MATCHES matches, so a common word stays fast.

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


def _filters(filters: Filters, row: str) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over `row` (replies, or PostgreSQL's index carrying their member,
    program, visibility and time) and `s` (the index: tags)."""
    clauses = [f"{row}.visibility IN ('shared', 'anonymous')"]
    params: dict[str, Any] = {}
    if filters.program:
        clauses.append(
            f"{row}.program_id IN (SELECT id FROM programs WHERE lower(name) = lower(:program))"
        )
        params["program"] = filters.program
    if filters.unit and row == "s":  # PostgreSQL: the index keeps the author's unit (0022)
        clauses.append("s.visibility = 'shared' AND lower(s.unit) = lower(:unit)")
        params["unit"] = filters.unit
    elif filters.unit:
        clauses.append(
            f"{row}.visibility = 'shared' AND {row}.member_id IN"
            " (SELECT id FROM members WHERE lower(unit) = lower(:unit))"
        )
        params["unit"] = filters.unit
    if filters.tag and row == "s":  # PostgreSQL: the tags' own GIN index meets the words'
        clauses.append("s.tags <> '' AND string_to_array(s.tags, ',') @> ARRAY[CAST(:tag AS TEXT)]")
        params["tag"] = normal_tag(filters.tag)
    elif filters.tag:
        clauses.append("s.tags LIKE :tag")
        params["tag"] = f"%,{normal_tag(filters.tag)},%"
    if filters.since:
        clauses.append(f"{row}.created_at >= :since")
        params["since"] = datetime.combine(filters.since, time(), tzinfo=UTC)
    if filters.until:
        clauses.append(f"{row}.created_at < :until")
        params["until"] = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
    return " AND ".join(clauses), params


# A common word matches tens of thousands of answers: only the newest RANKED_MATCHES of
# them are ranked (an archive of lessons favours the recent), so no search reads them all.
RANKED_MATCHES = 200


def _sqlite(where: str) -> str:
    return f"""
    WITH recent AS (
      SELECT s.rowid AS id, bm25(archive_search) AS score
      FROM archive_search s JOIN replies r ON r.id = s.rowid
      WHERE archive_search MATCH :query AND {where}
      ORDER BY s.rowid DESC
      LIMIT :ranked
    ),
    best AS (SELECT id, score FROM recent ORDER BY score, id DESC LIMIT :limit)
    SELECT {_COLUMNS}, s.tags,
           substr(s.body, 1, instr(s.body || char(10), char(10)) - 1) AS first_line,
           snippet(archive_search, 0, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet
    FROM best JOIN archive_search s ON s.rowid = best.id {_JOINS.format(key="best.id")}
    WHERE archive_search MATCH :query
    ORDER BY best.score, best.id DESC
    """


def _postgres(where: str) -> str:
    """The tsquery is written out (no CTE), so that the planner sees the words: a common word
    walks the key backwards to its newest matches, a rare one reads its few from GIN."""
    query = "websearch_to_tsquery('english', :query)"
    return f"""
    WITH recent AS (
      SELECT s.reply_id AS id, s.document
      FROM archive_search s
      WHERE s.document @@ {query} AND {where}
      ORDER BY s.reply_id DESC
      LIMIT :ranked
    ),
    best AS (
      SELECT recent.id, ts_rank_cd(recent.document, {query}) AS score
      FROM recent
      ORDER BY score DESC, recent.id DESC
      LIMIT :limit
    )
    SELECT {_COLUMNS}, s.tags, split_part(s.body, E'\\n', 1) AS first_line,
           ts_headline('english', s.body, {query}, :headline) AS snippet
    FROM best JOIN archive_search s ON s.reply_id = best.id
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
    session: AsyncSession, search: Search, limit: int = DEFAULT_LIMIT, ranked: int = RANKED_MATCHES
) -> list[Hit]:
    """The best `limit` of the newest `ranked` matches of `search`, best first (the newer
    first among equals), within the visibility rules."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    where, params = _filters(search.filters, "r" if sqlite else "s")
    params.update(limit=limit, ranked=max(ranked, limit))
    if sqlite:
        params["query"] = fts5_query(search.words)
        if not params["query"]:
            return []
        statement = _typed(_sqlite(where))
    else:
        params.update(query=search.words, headline=HEADLINE)
        statement = _typed(_postgres(where))
        # planned for these words each time: a plan kept for any words would not know
        # whether they are common (walk the newest) or rare (read the index)
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    return [_hit(row._mapping) for row in await session.execute(statement, params)]


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
