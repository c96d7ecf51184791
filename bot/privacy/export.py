"""Everything kmbot holds about one member, as JSON: every table's rows that are theirs.

The schema is walked, not listed: a row is a member's when its table is `members` (their own
row) or its `member_id` points at them, so a new table with a `member_id` is exported without
anyone remembering to add it. Other links to a member are someone else's data and stay out:
they are named in NOT_THEIRS with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.db  # noqa: F401  (registers every table)
from bot.chat import OutgoingFile
from bot.db.models import Base, Member
from bot.i18n import _

OWNER = "member_id"
# Links to a member that do not make the row theirs (table, column): why they stay out.
NOT_THEIRS = {
    ("members", "manager_id"): "another member's row: whom they report to",
    ("do_not_pair", "other_member_id"): "another member's private choice not to be paired",
    ("lead_questions", "answered_by"): "another member's question: the answer stays theirs",
    ("events", "host_id"): "an event of the organisation's that they host",
    ("newcomer_partners", "partner_id"): "the newcomer's introduction to them: the newcomer's",
    ("question_proposals", "reviewer_id"): "another member's proposal that they reviewed",
    ("pilots", "sponsor_member_id"): "a pilot of the organisation's that they sponsor",
}


def member_links(table: Table) -> Iterator[Column[Any]]:
    """The columns of `table` that reference a member."""
    for column in table.columns:
        if any(fk.column.table.name == "members" for fk in column.foreign_keys):
            yield column


def owner_column(table: Table) -> Column[Any] | None:
    """The column saying whose a row is (None: the table holds nobody's rows)."""
    if table.name == "members":
        return table.c.id
    column = table.c.get(OWNER)
    return column if column is not None and column in set(member_links(table)) else None


def personal_tables() -> list[Table]:
    """Every table with rows that belong to one member, in schema order."""
    return [t for t in Base.metadata.sorted_tables if owner_column(t) is not None]


async def member_rows(session: AsyncSession, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each personal table's rows for the member (an empty list when they have none)."""
    found = {}
    for table in personal_tables():
        column = owner_column(table)
        assert column is not None
        rows = await session.execute(
            select(table).where(column == member_id).order_by(*table.primary_key)
        )
        found[table.name] = [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]
    return found


async def member_export(
    session: AsyncSession, member: Member, at: datetime | date
) -> dict[str, Any]:
    """The export document: who, when (a moment, or in chat the member's local day), and
    every table's rows."""
    tables = await member_rows(session, member.id)
    return {
        "kmbot_export": {
            "member_id": member.id,
            "display_name": member.display_name,
            "generated_at": at.isoformat(),
            "rows": sum(len(rows) for rows in tables.values()),
        },
        "tables": tables,
    }


def export_file(document: dict[str, Any]) -> OutgoingFile:
    """The export as a JSON file to send in chat."""
    content = json.dumps(document, indent=2, ensure_ascii=False).encode()
    return OutgoingFile(
        name=f"kmbot-my-data-{document['kmbot_export']['member_id']}.json",
        content=content,
        mime="application/json",
        title=_("Everything kmbot holds about you"),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
