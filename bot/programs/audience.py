"""Who a program reaches: its audience parsed from text, and the query of its members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from bot.db.models import GroupMembership, Member, Program, Workspace

AUDIENCE_KINDS = ("everyone", "workspace", "unit", "group")


class ProgramError(ValueError):
    """A program field is invalid or the program does not exist."""


def parse_audience(text: str) -> tuple[str, str]:
    """'everyone', 'workspace:PLATFORM:ID', 'unit:NAME[,NAME...]' or 'group:ID'."""
    kind, _, value = text.partition(":")
    if kind not in AUDIENCE_KINDS or (kind == "everyone") != (value == ""):
        raise ProgramError(
            f"unknown audience {text!r} (use everyone, workspace:PLATFORM:ID, unit:NAME "
            "or group:CHANNEL_ID)"
        )
    if kind == "workspace" and value.count(":") != 1:
        raise ProgramError(f"workspace audience {text!r} must be workspace:PLATFORM:ID")
    return kind, value


def parse_feed(text: str) -> tuple[str, str, str]:
    parts = text.split(":", 2)  # a Teams channel id has colons of its own
    if len(parts) != 3 or not all(parts):
        raise ProgramError(f"feed {text!r} must be PLATFORM:WORKSPACE:CHANNEL")
    return parts[0], parts[1], parts[2]


def audience_units(program: Program) -> list[str] | None:
    """The units a unit audience names ('unit:Sales,Support'); None for any other kind."""
    if program.audience_kind != "unit":
        return None
    return [unit.strip() for unit in program.audience_value.split(",") if unit.strip()]


def audience_query(program: Program, *columns: Any) -> Select[Any]:
    """Active, opted-in members in `program`'s audience (paused ones are filtered later)."""
    query = (
        select(*columns)
        .join(Workspace, Member.workspace_id == Workspace.id)
        .where(Member.active.is_(True), Member.opted_out.is_(False), Workspace.active.is_(True))
    )
    if program.audience_kind == "workspace":
        platform, external_id = program.audience_value.split(":", 1)
        query = query.where(Workspace.platform == platform, Workspace.external_id == external_id)
    elif program.audience_kind == "unit":
        query = query.where(Member.unit.in_(audience_units(program) or []))
    elif program.audience_kind == "group":
        query = query.join(GroupMembership, GroupMembership.member_id == Member.id).where(
            GroupMembership.group_id == program.audience_value
        )
    return query
