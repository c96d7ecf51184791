"""`pilot create|show`, and the `program` commands that read further than bot.programs can
(preview, history, the overlap warning); one grammar for the CLI and admin chat."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.models import Member
from bot.db.pilot_models import PilotMilestone, PilotUnit
from bot.people.roles import find_person
from bot.pilots import pilots
from bot.pilots.history import program_history
from bot.pilots.metric_commands import add_metric_parser, metric_command
from bot.pilots.metrics import metric_lines
from bot.pilots.overlap import overlap_warnings
from bot.pilots.preview import preview_text
from bot.pilots.pulse import BASELINE, pilot_of, send_wave
from bot.pilots.pulse_report import pulse_lines
from bot.pilots.showcase_commands import set_words_command, showcase_lines
from bot.pilots.targets import check_audience_change, follow_audience
from bot.programs import admin_commands as programs
from bot.programs.lifecycle import parse_day
from bot.programs.programs import ProgramError, ProgramSpec, get_program
from bot.sponsors.commands import sponsored_program_command
from bot.sponsors.endorsements import check_endorsement, store_endorsement

WARNED_ACTIONS = ("create", "update", "launch")


def add_pilot_parser(commands: Any) -> None:
    pilot = commands.add_parser("pilot", help="pilots: a program aimed at units, with a sponsor")
    actions = pilot.add_subparsers(dest="pilot_action", required=True)
    create = actions.add_parser("create", help="create a pilot (its program starts as a draft)")
    create.add_argument("name")
    add = create.add_argument
    add("--target", action="append", help="a target unit (repeat for more)")
    add("--function", choices=pilots.FUNCTIONS, required=True, help="frontline or support")
    add(
        "--established",
        type=programs.on_off,
        required=True,
        help="is the area of practice established? yes or no",
    )
    add("--metric-name", default="", help="the business metric, e.g. 'first-call resolution'")
    add("--metric-unit", default="", help="its unit, e.g. %% or hours")
    add("--metric-better", choices=pilots.BETTER, default="up", help="better when up or down")
    add("--metric-source", default="", help="where its figures come from")
    add("--compare", action="append", help="a comparison unit (repeat for more)")
    add("--baseline-weeks", type=int, default=4, help="weeks of baseline (default 4)")
    add(
        "--milestone",
        action="append",
        help="WEEK:participation=PERCENT,reuse=N,metric=CHANGE (repeat for more)",
    )
    add("--end-date", required=True, help="the pilot's last day, YYYY-MM-DD")
    add("--reason", help="why (kept in the change log)")
    programs.add_program_fields(create)  # its --sponsor: the sponsoring business manager
    actions.add_parser("show", help="show a pilot and the advice that applies").add_argument("name")
    add_metric_parser(actions)
    words = actions.add_parser(
        "words", help="set the sponsor's words on the showcase (for them, when they ask)"
    )
    words.add_argument("name", help="the pilot")
    words.add_argument("text", help="two or three sentences, in the sponsor's own words")


async def pilot_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    if args.pilot_action == "show":
        pilot, program = await pilots.get_pilot(session, args.name)
        return await _describe(session, pilot, program)
    if args.pilot_action == "metric":
        return await metric_command(session, clock, args)
    if args.pilot_action == "words":
        return await set_words_command(session, clock, args.name, args.text)
    if not args.purpose:
        raise ProgramError('a pilot needs --purpose "one sentence on why it exists"')
    changes = programs.spec_changes(args)
    if args.target:
        if "audience" in changes:
            raise ProgramError("give the pilot's units with --target, not --audience")
        changes["audience"] = "unit:" + ",".join(u.strip() for u in args.target)
    sponsor = await find_person(session, args.sponsor) if args.sponsor else None
    endorsed = await check_endorsement(session, None, args) if args.endorsement else None
    spec = pilots.PilotSpec(
        program=ProgramSpec(name=args.name, **changes),
        function=args.function,
        established=args.established,
        sponsor_id=sponsor.id if sponsor else None,
        ends_on=parse_day(args.end_date, "end date"),
        comparison=[u.strip() for u in args.compare or ()],
        metric_name=args.metric_name,
        metric_unit=args.metric_unit,
        metric_better=args.metric_better,
        metric_source=args.metric_source,
        baseline_weeks=args.baseline_weeks,
        milestones=[pilots.parse_milestone(m) for m in args.milestone or ()],
    )
    pilot = await pilots.create_pilot(session, spec, clock.now())
    program = await get_program(session, args.name)
    if endorsed:
        await store_endorsement(session, program.id, endorsed, clock.now())
    warnings = await overlap_warnings(session, program, clock.now().date())
    return "\n".join(
        [
            f"created pilot {program.name!r} as a draft: nothing is sent until "
            f"`kmbot program launch {program.name}`",
            *await pilots.advice(session, pilot, program),
            *warnings,
            await _describe(session, pilot, program, advice=False),
        ]
    )


async def _describe(session: AsyncSession, pilot: Any, program: Any, advice: bool = True) -> str:
    units = list(
        await session.execute(
            select(PilotUnit.unit, PilotUnit.role)
            .where(PilotUnit.pilot_id == pilot.id)
            .order_by(PilotUnit.unit)
        )
    )
    sponsor = (
        await session.get(Member, pilot.sponsor_member_id) if pilot.sponsor_member_id else None
    )
    milestones = list(
        await session.scalars(
            select(PilotMilestone)
            .where(PilotMilestone.pilot_id == pilot.id)
            .order_by(PilotMilestone.week)
        )
    )
    metric = (
        f"{pilot.metric_name} ({pilot.metric_unit or 'no unit'}), better when "
        f"{pilot.metric_better}; from {pilot.metric_source or 'a source not given'}"
        if pilot.metric_name
        else "none"
    )
    rows = [
        ("targets", ", ".join(u for u, role in units if role == "target") or "-"),
        ("comparison", ", ".join(u for u, role in units if role == "comparison") or "none"),
        ("function", pilot.function + ("" if pilot.established else ", practice not established")),
        ("sponsor", (sponsor.display_name or sponsor.external_id) if sponsor else "none"),
        ("business metric", metric),
        ("baseline", f"{pilot.baseline_weeks} weeks"),
        ("milestones", "; ".join(_milestone(m) for m in milestones) or "none"),
        (
            "final review",
            f"due {pilot.final_review_due_at:%Y-%m-%d}"
            if pilot.final_review_due_at
            else f"when it ends (after {program.ends_on})",
        ),
    ]
    lines = [f"{key:>17}: {value}" for key, value in rows]
    lines += await metric_lines(session, pilot)
    lines += await pulse_lines(session, pilot)
    lines += await showcase_lines(session, pilot)
    warnings = await pilots.advice(session, pilot, program) if advice else []
    return "\n".join([*warnings, programs.describe(program), *lines])


def _milestone(m: PilotMilestone) -> str:
    parts = [
        f"participation at least {m.min_participation:g}%"
        if m.min_participation is not None
        else "",
        f"reuse at least {m.min_reuse}" if m.min_reuse is not None else "",
        f"metric change {m.metric_change:+g}" if m.metric_change is not None else "",
    ]
    return f"week {m.week}: " + ", ".join(p for p in parts if p)


async def program_command(
    session: AsyncSession, clock: Clock, args: argparse.Namespace, org_zone: str = "UTC"
) -> str:
    """`program …`: preview and history here, the rest in bot.programs, with overlap warnings."""
    if args.program_action == "preview":
        program = await get_program(session, args.name)
        warnings = await overlap_warnings(session, program, clock.now().date())
        return "\n".join([await preview_text(session, program, clock.now(), org_zone), *warnings])
    if args.program_action == "history":
        return await program_history(session, args.name)
    follows = await check_audience_change(session, args)  # refused before anything changes
    reply = await sponsored_program_command(session, clock, args)
    if follows:
        program = await get_program(session, getattr(args, "new_name", None) or args.name)
        why = getattr(args, "reason", None) or ""
        changed = await follow_audience(session, program, clock.now(), why)
        reply = "\n".join([reply, changed]) if changed else reply
    if args.program_action == "launch":
        reply = "\n".join([reply, *await _baseline_pulse(session, clock, args.name)])
    if args.program_action in WARNED_ACTIONS:
        name = getattr(args, "new_name", None) or args.name
        program = await get_program(session, name)
        reply = "\n".join([reply, *await overlap_warnings(session, program, clock.now().date())])
    return reply


async def _baseline_pulse(session: AsyncSession, clock: Clock, name: str) -> list[str]:
    """A launched pilot sends its baseline pulse (once) to its target and comparison units."""
    program = await get_program(session, name)
    pilot = await pilot_of(session, program)
    if pilot is None or program.status != "active":
        return []
    sent = await send_wave(session, pilot, BASELINE, clock.now())
    return [f"sent the baseline pulse to {sent} people in the target and comparison units"]
