"""Whom a welcome is due to, and what it says about their programs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import get_day_names
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Program
from bot.db.newcomer_models import NewcomerStep
from bot.i18n import _, current_language
from bot.newcomers.dates import FIRST_MONTH_DAYS
from bot.newcomers.messages import WelcomeProgram
from bot.programs.programs import audience_query


@dataclass(frozen=True)
class Newcomer:
    """A member in their first month, with the active programs whose audience they are in."""

    member: Member
    programs: list[Program]


async def first_month_members(
    session: AsyncSession, now: datetime, step: str, since_days: int = FIRST_MONTH_DAYS
) -> list[Newcomer]:
    """Active, opted-in members who started in the last `since_days` days (or start later)
    and have not had `step`, with their active programs (those in none are left out)."""
    done = select(NewcomerStep.member_id).where(NewcomerStep.step == step)
    members = list(
        await session.scalars(
            select(Member).where(
                Member.start_date >= (now - timedelta(days=since_days + 1)).date(),
                Member.active.is_(True),
                Member.opted_out.is_(False),
                Member.id.not_in(done),
            )
        )
    )
    if not members:
        return []
    ids = [m.id for m in members]
    programs = list(
        await session.scalars(select(Program).where(Program.active.is_(True)).order_by(Program.id))
    )
    member_programs: dict[int, list[Program]] = {m.id: [] for m in members}
    for program in programs:
        for member_id in await session.scalars(
            audience_query(program, Member.id).where(Member.id.in_(ids))
        ):
            member_programs[member_id].append(program)
    return [Newcomer(m, member_programs[m.id]) for m in members if member_programs[m.id]]


def described(program: Program) -> WelcomeProgram:
    """A program as the welcome describes it, in the current language."""
    day = get_day_names("wide", locale=current_language())[program.weekday]  # 0 is Monday
    when = (
        _("every {day} at {time} your time")
        if program.cadence_weeks == 1
        else _("every {weeks} weeks on {day} at {time} your time")
    ).format(day=day, time=program.send_time, weeks=program.cadence_weeks)
    return WelcomeProgram(
        program.name,
        program.purpose,
        when,
        program.share_mode,
        program.default_visibility,
        program.anonymity_floor,
        program.checkins,
    )
