"""Dialect-aware INSERT … ON CONFLICT DO NOTHING: the building block of idempotency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


def insert_ignoring_conflicts(session: AsyncSession, model: type[Any]) -> Any:
    """An INSERT for `model` that skips rows violating a unique constraint."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()


async def insert_new(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    returning: Sequence[InstrumentedAttribute[Any]] = (),
) -> list[Any]:
    """Insert `rows`, skipping those that already exist; return `returning` of the new ones."""
    if not rows:
        return []
    statement = insert_ignoring_conflicts(session, model)
    if returning:
        result = await session.execute(statement.returning(*returning), list(rows))
        return list(result.all())
    await session.execute(statement, list(rows))
    return []
