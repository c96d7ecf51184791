"""Read the members and history files of `kmbot pairing plan`, with errors that say where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.checkins.matching.cost import DEFAULT_REFERENCE, iso_week_monday, utc_offset_hours
from bot.checkins.matching.planner import Candidate, PastGroup

MAX_LISTED = 5


def _read_list(path: Path, what: str) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of {what}, got {type(data).__name__}")
    return data


def _field(path: Path, where: str, entry: Any, name: str, kind: type, required: bool = True) -> Any:
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: {where}: expected an object, got {type(entry).__name__}")
    if name not in entry or entry[name] is None:
        if required:
            raise ValueError(f"{path}: {where}: missing field {name!r}")
        return None
    value = entry[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(
            f"{path}: {where}: field {name!r} must be {_kind(kind)}, got {json.dumps(value)}"
        )
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{path}: {where}: field {name!r} is empty")
    return value


def _kind(kind: type) -> str:
    return {str: "a string", int: "an integer", list: "a list"}[kind]


def _strings(path: Path, where: str, name: str, values: list[Any]) -> list[str]:
    for value in values:
        if not isinstance(value, str):
            raise ValueError(
                f"{path}: {where}: field {name!r} must list ids (strings), got {json.dumps(value)}"
            )
    return values


def load_members(path: Path) -> list[Candidate]:
    """Members from a JSON list of {"id", "unit", "tz", "level"?, "do_not_pair"?}."""
    members: list[Candidate] = []
    seen: set[str] = set()
    for number, entry in enumerate(_read_list(path, "members"), start=1):
        where = f"member #{number}"
        member_id = _field(path, where, entry, "id", str)
        where = f"member #{number} ({member_id!r})"
        if member_id in seen:
            raise ValueError(f"{path}: {where}: the id appears twice")
        seen.add(member_id)
        zone = _field(path, where, entry, "tz", str)
        try:
            utc_offset_hours(zone, DEFAULT_REFERENCE)
        except ValueError as exc:
            raise ValueError(f"{path}: {where}: field 'tz': {exc}") from None
        avoid = _field(path, where, entry, "do_not_pair", list, required=False) or []
        members.append(
            Candidate(
                id=member_id,
                unit=_field(path, where, entry, "unit", str),
                tz=zone,
                level=_field(path, where, entry, "level", int, required=False),
                do_not_pair=frozenset(_strings(path, where, "do_not_pair", avoid)),
            )
        )
    return members


def load_history(path: Path, known: set[str]) -> tuple[list[PastGroup], list[str]]:
    """Past groups from a JSON list of {"week", "members"}; unknown ids dropped with a warning."""
    history: list[PastGroup] = []
    unknown: dict[str, None] = {}
    for number, entry in enumerate(_read_list(path, "past groups"), start=1):
        where = f"group #{number}"
        week = _field(path, where, entry, "week", str)
        try:
            iso_week_monday(week)
        except ValueError as exc:
            raise ValueError(f"{path}: {where}: field 'week': {exc}") from None
        ids = _strings(path, where, "members", _field(path, where, entry, "members", list))
        unknown.update((member, None) for member in ids if member not in known)
        history.append(PastGroup(week, tuple(member for member in ids if member in known)))
    warnings = []
    if unknown:
        names = ", ".join(list(unknown)[:MAX_LISTED]) + (
            ", ..." if len(unknown) > MAX_LISTED else ""
        )
        warnings.append(f"{path}: ignored {len(unknown)} unknown member id(s): {names}")
    return history, warnings
