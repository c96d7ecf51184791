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


class JsonText(str):
    """A JSON column's value already encoded (a fan-out's payloads, each made from one
    encoded template): stored as it is instead of being encoded again."""


def _decoded(model: type[Any], rows: Sequence[dict[str, Any]]) -> Sequence[dict[str, Any]]:
    """`rows` with every JsonText of a JSON column decoded, for the executemany (whose JSON
    type encodes what it is given)."""
    names = [c.name for c in model.__table__.c if isinstance(c.type, JSON)]
    if not rows or not any(isinstance(rows[0].get(name), JsonText) for name in names):
        return rows
    return [
        {**row, **{n: json.loads(row[n]) for n in names if isinstance(row.get(n), JsonText)}}
        for row in rows
    ]


def _same_in_every_row(values: list[Any]) -> bool:
    first = values[0]
    kinds = set(map(type, values))  # 1 == True, but they are different values to store
    return kinds == {type(first)} and values.count(first) == len(values)


async def count_new_bulk(
    session: AsyncSession, model: type[Any], rows: Sequence[dict[str, Any]]
) -> int:
    """`insert_new_bulk` without RETURNING: how many rows were new (PostgreSQL's count of
    inserted rows, not 100,000 ids sent back and read)."""
    if session.get_bind().dialect.name != "postgresql" or len(rows) < UNNEST_FROM:
        return len(await insert_new(session, model, _decoded(model, rows), [model.id]))
    result = await session.execute(_unnest_insert(model, rows))
    return int(getattr(result, "rowcount", 0))


async def insert_new_bulk(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    returning: Sequence[InstrumentedAttribute[Any]] = (),
) -> list[Any]:
    """`insert_new`, for many rows that all have the same keys."""
    if session.get_bind().dialect.name != "postgresql" or len(rows) < UNNEST_FROM:
        return await insert_new(session, model, _decoded(model, rows), returning)
    statement = _unnest_insert(model, rows)
    if returning:
        result = await session.execute(statement.returning(*returning))
        return list(result.all())
    await session.execute(statement)
    return []


def _unnest_insert(model: type[Any], rows: Sequence[dict[str, Any]]) -> Any:
    """INSERT … SELECT … FROM unnest(…) ON CONFLICT DO NOTHING for `rows`."""
    table = model.__table__
    names = list(rows[0])
    columns: list[Any] = []  # what the SELECT gives each inserted column
    arrays = []
    varying: list[str] = []
    for name in names:
        kind = table.c[name].type
        values = [row[name] for row in rows]
        if (varying or name != names[-1]) and _same_in_every_row(values):
            # The same in every row (a fan-out's time, status, workspace): one parameter.
            same = json.loads(values[0]) if isinstance(values[0], JsonText) else values[0]
            columns.append(bindparam(f"same_{name}", same, type_=kind))
            continue
        if isinstance(kind, JSON):  # sent as text, stored as the JSON type's own dumps
            texts = [
                v if isinstance(v, JsonText) else None if v is None else json.dumps(v)
                for v in values
            ]
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
    return postgresql.insert(table).from_select(names, source).on_conflict_do_nothing()
