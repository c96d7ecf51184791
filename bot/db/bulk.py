"""Large INSERT … ON CONFLICT DO NOTHING: on PostgreSQL one statement over column arrays.

`insert_new` (bot.db.upsert) sends a list of rows as an executemany, which SQLAlchemy turns
into batches of multi-row VALUES with one bound parameter per cell: for a fan-out of 100,000
rows that is a million parameters processed one by one in Python. On PostgreSQL the same
insert is written here as `INSERT … SELECT … FROM unnest(:col1, :col2, …)`: one parameter per
column, each an array the driver encodes in C. The result is the same rows, the same
conflicts skipped and the same RETURNING; elsewhere (SQLite) `insert_new` is used as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Text, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.db.upsert import insert_new

# Below this many rows the executemany is as quick, and its statements are the familiar ones.
UNNEST_FROM = 200


async def insert_new_bulk(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    returning: Sequence[InstrumentedAttribute[Any]] = (),
) -> list[Any]:
    """`insert_new`, for many rows that all have the same keys."""
    if session.get_bind().dialect.name != "postgresql" or len(rows) < UNNEST_FROM:
        return await insert_new(session, model, rows, returning)
    table = model.__table__
    names = list(rows[0])
    columns: list[Any] = []  # what the SELECT gives each inserted column
    arrays = []
    varying: list[str] = []
    for name in names:
        kind = table.c[name].type
        values = [row[name] for row in rows]
        first = values[0]
        if (varying or name != names[-1]) and all(
            type(v) is type(first) and v == first for v in values
        ):
            # The same in every row (a fan-out's time, status, workspace): one parameter.
            columns.append(bindparam(f"same_{name}", first, type_=kind))
            continue
        if isinstance(kind, JSON):  # sent as text, stored as the JSON type's own dumps
            texts = [None if v is None else json.dumps(v) for v in values]
            arrays.append(bindparam(name, texts, type_=postgresql.ARRAY(Text)))
        else:
            arrays.append(bindparam(name, values, type_=postgresql.ARRAY(kind)))
        varying.append(name)
        columns.append(name)
    unnest = func.unnest(*arrays).table_valued(*varying).render_derived()
    source = select(
        *(
            column
            if not isinstance(column, str)
            else cast(unnest.c[column], table.c[column].type)
            if isinstance(table.c[column].type, JSON)
            else unnest.c[column]
            for column in columns
        )
    )
    statement = postgresql.insert(table).from_select(names, source).on_conflict_do_nothing()
    if returning:
        result = await session.execute(statement.returning(*returning))
        return list(result.all())
    await session.execute(statement)
    return []
