"""Programs: create, change and pause them, with every field validated."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.blackouts import format_blackouts, parse_blackouts
from bot.db.checkin_models import CheckinRound
from bot.db.models import Program, Prompt
from bot.i18n import SHIPPED
from bot.programs.audience import ProgramError, audience_query, parse_audience, parse_feed
from bot.schedule import WEEKDAYS, Cadence, parse_local_time, parse_weekday, week_monday
from bot.settings import check_zone

__all__ = ["ProgramError", "audience_query"]  # where callers have always found them
SHARE_MODES = ("feed", "digest", "private")
CAPTURES = ("confirm", "direct")
VISIBILITIES = ("shared", "anonymous", "private")
ANONYMITY_FLOOR_MIN = 3  # below this an anonymous answer among few is easy to guess


@dataclass(frozen=True)
class ProgramSpec:
    """A program's settings as typed by an admin, before validation."""

    name: str
    purpose: str
    weekday: str = "thu"
    send_time: str = "15:00"
    timezone: str | None = None
    cadence_weeks: int = 1
    audience: str = "everyone"
    answer_window_days: float = 3
    reminder_delay_hours: float = 24
    share_mode: str = "digest"
    feed: str | None = None
    no_repeat_cycles: int = 8
    checkins: bool = False
    checkin_cadence_weeks: int = 2
    checkin_weekday: str = "mon"
    checkin_time: str = "10:00"
    checkin_group_size: int = 2
    checkin_lookback_weeks: int = 26
    checkin_cross_unit: bool = True
    checkin_mix_seniority: bool = False
    checkin_overlap_hours: bool = True
    blackout_dates: str = ""
    retention_months: int | None = None  # 0 or None: answers kept until deleted
    erasure: str = "delete"  # what `delete my data` does to answers: delete or anonymise
    capture: str = "confirm"
    default_visibility: str = "shared"
    anonymity_floor: int = 5
    admins_see_private: bool = False  # the dashboard shows admins the private answers
    language: str = ""  # of the program's channel posts (digest, feed): en, fr, es or pt


ERASURES = ("delete", "anonymise")


def validated(spec: ProgramSpec) -> dict[str, Any]:
    """Column values for `spec`, or ProgramError naming the first bad field."""
    name = spec.name.strip()
    if not name or len(name) > 120:
        raise ProgramError("name must be 1 to 120 characters")
    purpose = spec.purpose.strip()
    if not purpose or len(purpose) > 300:
        raise ProgramError("purpose must be one sentence of 1 to 300 characters")
    try:
        weekday = parse_weekday(spec.weekday)
        send_time = parse_local_time(spec.send_time)
        zone = check_zone(spec.timezone) if spec.timezone else None
    except ValueError as exc:
        raise ProgramError(str(exc)) from None
    if not 1 <= spec.cadence_weeks <= 12:
        raise ProgramError("cadence must be every 1 to 12 weeks")
    window_hours = round(spec.answer_window_days * 24)
    if not 1 <= window_hours <= 24 * 7 * spec.cadence_weeks:
        raise ProgramError("answer window must be between 1 hour and the cadence")
    reminder_hours = round(spec.reminder_delay_hours)
    if not 0 <= reminder_hours < window_hours:
        raise ProgramError("reminder delay must be shorter than the answer window (0 = none)")
    if spec.share_mode not in SHARE_MODES:
        raise ProgramError(f"share mode must be one of {', '.join(SHARE_MODES)}")
    feed = parse_feed(spec.feed) if spec.feed else (None, None, None)
    if spec.share_mode != "private" and feed[0] is None:
        raise ProgramError(
            f"share mode {spec.share_mode!r} needs --feed PLATFORM:WORKSPACE:CHANNEL"
        )
    kind, value = parse_audience(spec.audience)
    if not 0 <= spec.no_repeat_cycles <= 52:
        raise ProgramError("no-repeat window must be 0 to 52 cycles")
    try:
        blackouts = format_blackouts(parse_blackouts(spec.blackout_dates))
    except ValueError as exc:
        raise ProgramError(str(exc)) from None
    if spec.retention_months is not None and not 0 <= spec.retention_months <= 120:
        raise ProgramError("retention must be 0 (keep) to 120 months")
    if spec.erasure not in ERASURES:
        raise ProgramError("erasure must be delete or anonymise")
    if spec.language and spec.language not in SHIPPED:
        raise ProgramError(f"language must be one of {', '.join(SHIPPED)}")
    return {
        "language": spec.language or None,
        **_checkin_values(spec),
        "retention_months": spec.retention_months or None,
        "erasure": spec.erasure,
        **_answer_values(spec),
        "name": name,
        "purpose": purpose,
        "weekday": weekday,
        "send_time": send_time.strftime("%H:%M"),
        "timezone": zone,
        "cadence_weeks": spec.cadence_weeks,
        "audience_kind": kind,
        "audience_value": value,
        "answer_window_hours": window_hours,
        "reminder_delay_hours": reminder_hours,
        "share_mode": spec.share_mode,
        "feed_platform": feed[0],
        "feed_workspace": feed[1],
        "feed_channel": feed[2],
        "no_repeat_cycles": spec.no_repeat_cycles,
        "blackout_dates": blackouts,
    }


def _checkin_values(spec: ProgramSpec) -> dict[str, Any]:
    try:
        weekday = parse_weekday(spec.checkin_weekday)
        intro_time = parse_local_time(spec.checkin_time)
    except ValueError as exc:
        raise ProgramError(f"check-in {exc}") from None
    if not 2 <= spec.checkin_group_size <= 4:
        raise ProgramError("check-in group size must be 2, 3 or 4")
    if not 1 <= spec.checkin_cadence_weeks <= 12:
        raise ProgramError("check-in cadence must be every 1 to 12 weeks")
    if not 1 <= spec.checkin_lookback_weeks <= 104:
        raise ProgramError("check-in lookback must be 1 to 104 weeks")
    return {
        "checkins": spec.checkins,
        "checkin_cadence_weeks": spec.checkin_cadence_weeks,
        "checkin_weekday": weekday,
        "checkin_time": intro_time.strftime("%H:%M"),
        "checkin_group_size": spec.checkin_group_size,
        "checkin_lookback_weeks": spec.checkin_lookback_weeks,
        "checkin_cross_unit": spec.checkin_cross_unit,
        "checkin_mix_seniority": spec.checkin_mix_seniority,
        "checkin_overlap_hours": spec.checkin_overlap_hours,
    }


def _answer_values(spec: ProgramSpec) -> dict[str, Any]:
    if spec.capture not in CAPTURES:
        raise ProgramError("capture must be confirm (a typed reply is saved on Save) or direct")
    if spec.default_visibility not in VISIBILITIES:
        raise ProgramError(f"default visibility must be one of {', '.join(VISIBILITIES)}")
    if not ANONYMITY_FLOOR_MIN <= spec.anonymity_floor <= 100:
        raise ProgramError(
            f"anonymity floor must be {ANONYMITY_FLOOR_MIN} to 100 answers (default 5)"
        )
    return {
        "capture": spec.capture,
        "default_visibility": spec.default_visibility,
        "anonymity_floor": spec.anonymity_floor,
        "admins_see_private": spec.admins_see_private,
    }


def spec_of(program: Program) -> ProgramSpec:
    """The spec that would recreate `program` (for updates of single fields)."""
    feed = (
        f"{program.feed_platform}:{program.feed_workspace}:{program.feed_channel}"
        if program.feed_platform
        else None
    )
    audience = program.audience_kind + (
        f":{program.audience_value}" if program.audience_value else ""
    )
    return ProgramSpec(
        name=program.name,
        purpose=program.purpose,
        weekday=WEEKDAYS[program.weekday],
        send_time=program.send_time,
        timezone=program.timezone,
        cadence_weeks=program.cadence_weeks,
        audience=audience,
        answer_window_days=program.answer_window_hours / 24,
        reminder_delay_hours=program.reminder_delay_hours,
        share_mode=program.share_mode,
        feed=feed,
        no_repeat_cycles=program.no_repeat_cycles,
        checkins=program.checkins,
        checkin_cadence_weeks=program.checkin_cadence_weeks,
        checkin_weekday=WEEKDAYS[program.checkin_weekday],
        checkin_time=program.checkin_time,
        checkin_group_size=program.checkin_group_size,
        checkin_lookback_weeks=program.checkin_lookback_weeks,
        checkin_cross_unit=program.checkin_cross_unit,
        checkin_mix_seniority=program.checkin_mix_seniority,
        checkin_overlap_hours=program.checkin_overlap_hours,
        blackout_dates=program.blackout_dates,
        retention_months=program.retention_months,
        erasure=program.erasure,
        capture=program.capture,
        default_visibility=program.default_visibility,
        anonymity_floor=program.anonymity_floor,
        admins_see_private=program.admins_see_private,
        language=program.language or "",
    )


async def create_program(
    session: AsyncSession, spec: ProgramSpec, now: datetime, *, status: str = "active"
) -> Program:
    """A new program; `status="draft"` (the CLI's and chat's) sends nothing until launched."""
    values = validated(spec)
    if await session.scalar(select(Program.id).where(Program.name == values["name"])):
        raise ProgramError(f"a program named {values['name']!r} already exists")
    live = status == "active"
    anchor = week_monday(now.date())
    program = Program(**values, anchor_week=anchor, active=live, status=status, created_at=now)
    follow_private_rule(program, now)
    session.add(program)
    await session.flush()
    return program


async def get_program(session: AsyncSession, name: str) -> Program:
    program = await session.scalar(select(Program).where(Program.name == name))
    if program is None:
        raise ProgramError(f"no program named {name!r} (see: kmbot program list)")
    return program


async def update_program(
    session: AsyncSession, name: str, today: date, /, **changes: Any
) -> Program:
    """Change some fields (`name=` renames); the result is validated as a whole.

    A new cadence re-anchors the cycle count so the next cycle starts next week, after the
    last one used: cycles already sent are never renumbered or repeated.
    """
    program = await get_program(session, name)
    known = {f.name for f in fields(ProgramSpec)}
    unknown = set(changes) - known
    if unknown:
        raise ProgramError(f"unknown program field(s): {', '.join(sorted(unknown))}")
    values = validated(replace(spec_of(program), **changes))
    if values["name"] != program.name and await session.scalar(
        select(Program.id).where(Program.name == values["name"])
    ):
        raise ProgramError(f"a program named {values['name']!r} already exists")
    if values["cadence_weeks"] != program.cadence_weeks:
        last = await session.scalar(
            select(func.max(Prompt.cycle)).where(Prompt.program_id == program.id)
        )
        if last is not None:
            program.anchor_week = reanchored(today, last, values["cadence_weeks"])
    if values["checkin_cadence_weeks"] != program.checkin_cadence_weeks:
        last = await session.scalar(
            select(func.max(CheckinRound.cycle)).where(CheckinRound.program_id == program.id)
        )
        if last is not None:
            program.checkin_anchor_week = reanchored(today, last, values["checkin_cadence_weeks"])
    for key, value in values.items():
        setattr(program, key, value)
    return program


def follow_private_rule(program: Program, now: datetime) -> None:
    """Note when admins began to see private answers: only answers to prompts sent since
    then (whose members were told so) are shown; turned off, the date is forgotten."""
    if not program.admins_see_private:
        program.admins_see_private_since = None
    elif program.admins_see_private_since is None:
        program.admins_see_private_since = now


def reanchored(today: date, last_cycle: int, every_weeks: int) -> date:
    """An anchor whose cycle `last_cycle + 1` starts on next week's Monday."""
    next_monday = week_monday(today) + timedelta(weeks=1)
    return next_monday - timedelta(weeks=(last_cycle + 1) * every_weeks)


async def set_program_active(session: AsyncSession, name: str, active: bool) -> Program:
    program = await get_program(session, name)
    program.active = active
    return program


async def list_programs(session: AsyncSession) -> list[Program]:
    return list(await session.scalars(select(Program).order_by(Program.name)))


def cadence_of(program: Program) -> Cadence:
    """When the program's weekly question goes out: its cycles, weekday and local time."""
    return Cadence(
        program.anchor_week,
        program.cadence_weeks,
        program.weekday,
        parse_local_time(program.send_time),
    )
