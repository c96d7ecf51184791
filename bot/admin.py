"""What the admin CLI commands do, as functions that return the text to print."""

from __future__ import annotations

import argparse
import json
from dataclasses import fields
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.models import Delivery, Member, Program
from bot.domain.schedule import WEEKDAYS
from bot.services import programs as program_service
from bot.services import questions as question_service
from bot.services import roles
from bot.services.checkin_matching import preview_round

SPEC_OPTIONS = {f.name for f in fields(program_service.ProgramSpec)} - {"name"}


class ChatArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, for commands typed in chat."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ValueError(message or self.format_help())


def add_program_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--purpose", help="the program's purpose in one sentence")
    parser.add_argument("--weekday", help="mon..sun (default thu)")
    parser.add_argument("--time", dest="send_time", help="local send time HH:MM (default 15:00)")
    parser.add_argument("--timezone", help="program zone, used when a member has none (IANA)")
    parser.add_argument("--cadence-weeks", type=int, help="every N weeks (default 1)")
    parser.add_argument("--audience",
                        help="everyone | workspace:PLATFORM:ID | unit:NAME | group:CHANNEL_ID")
    parser.add_argument("--answer-window-days", type=float, help="default 3")
    parser.add_argument("--reminder-delay-hours", type=float,
                        help="one reminder after this many hours (0 = none; default 24)")
    parser.add_argument("--share-mode", choices=("feed", "digest", "private"),
                        help="post each answer, one digest per round, or keep private")
    parser.add_argument("--feed", help="where shared answers go: PLATFORM:WORKSPACE:CHANNEL")
    parser.add_argument("--no-repeat-cycles", type=int,
                        help="never repeat a question to a member within N cycles (default 8)")
    checkins = parser.add_argument_group("peer check-ins")
    checkins.add_argument("--checkins", type=on_off, help="on or off (default off)")
    checkins.add_argument("--checkin-cadence-weeks", type=int, help="every N weeks (default 2)")
    checkins.add_argument("--checkin-weekday", help="intro weekday, mon..sun (default mon)")
    checkins.add_argument("--checkin-time", help="intro local time HH:MM (default 10:00)")
    checkins.add_argument("--group-size", dest="checkin_group_size", type=int,
                          help="2 (default), 3 or 4")
    checkins.add_argument("--lookback-weeks", dest="checkin_lookback_weeks", type=int,
                          help="no repeat pairing within N weeks (default 26)")
    checkins.add_argument("--cross-unit", dest="checkin_cross_unit", type=on_off,
                          help="prefer pairs across units (default on)")
    checkins.add_argument("--mix-seniority", dest="checkin_mix_seniority", type=on_off,
                          help="pair junior with senior (default off)")
    checkins.add_argument("--overlap-hours", dest="checkin_overlap_hours", type=on_off,
                          help="prefer overlapping working hours (default on)")


def on_off(text: str) -> bool:
    if text.lower() in ("on", "yes", "true"):
        return True
    if text.lower() in ("off", "no", "false"):
        return False
    raise argparse.ArgumentTypeError(f"use on or off, not {text!r}")


def add_program_parser(commands: Any) -> None:
    """`program create|list|show|update|pause|resume`, shared by the CLI and admin chat."""
    program = commands.add_parser("program", help="create and manage weekly prompt programs")
    actions = program.add_subparsers(dest="program_action", required=True)
    create = actions.add_parser("create", help="create a program")
    create.add_argument("name")
    add_program_fields(create)
    actions.add_parser("list", help="list programs")
    actions.add_parser("show", help="show one program").add_argument("name")
    update = actions.add_parser("update", help="change some fields of a program")
    update.add_argument("name")
    update.add_argument("--rename", dest="new_name", help="a new name")
    add_program_fields(update)
    actions.add_parser("pause", help="stop sending a program's prompts").add_argument("name")
    actions.add_parser("resume", help="resume a paused program").add_argument("name")



def add_member_parser(commands: Any) -> None:
    """`member role PERSON ROLE [--unit U]…`, shared by the CLI and admin chat."""
    member = commands.add_parser("member", help="people's roles (member, lead, champion, admin)")
    actions = member.add_subparsers(dest="member_action", required=True)
    role = actions.add_parser("role", help="set a person's role")
    role.add_argument("person", help="email or PLATFORM:WORKSPACE:USER")
    role.add_argument("role", help="member, lead, champion or admin")
    role.add_argument("--unit", action="append", help="a unit they lead (repeat for several)")


def chat_admin_parser() -> argparse.ArgumentParser:
    parser = ChatArgumentParser(prog="kmbot", add_help=False)
    commands = parser.add_subparsers(dest="command", required=True,
                                     parser_class=ChatArgumentParser)
    add_program_parser(commands)
    add_member_parser(commands)
    return parser


async def member_command(session: AsyncSession, args: argparse.Namespace) -> str:
    member = await roles.find_person(session, args.person)
    return await roles.set_role(session, member, args.role.lower(), args.unit)


def read_csv(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise roles.RoleError(f"cannot read {path}: {exc.strerror}") from None


async def members_import(session: AsyncSession, text: str) -> str:
    return roles.report(await roles.import_csv(session, text))


def spec_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The program fields given on the command line (None means not given)."""
    return {key: value for key, value in vars(args).items()
            if key in SPEC_OPTIONS and value is not None}


def describe(program: Program) -> str:
    feed = (f"{program.feed_platform}:{program.feed_workspace}:{program.feed_channel}"
            if program.feed_platform else "-")
    audience = program.audience_kind + (f":{program.audience_value}"
                                        if program.audience_value else "")
    rows = [
        ("name", program.name), ("purpose", program.purpose),
        ("status", "active" if program.active else "paused"), ("audience", audience),
        ("cadence", f"every {program.cadence_weeks} week(s)"),
        ("when", f"{WEEKDAYS[program.weekday]} {program.send_time} member's local time"),
        ("zone", program.timezone or "members' own (fallback: organisation)"),
        ("answer window", f"{program.answer_window_hours} h"),
        ("reminder", f"after {program.reminder_delay_hours} h" if program.reminder_delay_hours
         else "none"),
        ("share mode", program.share_mode), ("feed", feed),
        ("no repeat within", f"{program.no_repeat_cycles} cycles"),
        ("check-ins", _checkins(program)),
    ]
    return "\n".join(f"{key:>17}: {value}" for key, value in rows)


def _checkins(program: Program) -> str:
    if not program.checkins:
        return "off"
    rules = [name for name, on in (("cross-unit", program.checkin_cross_unit),
                                   ("mixed seniority", program.checkin_mix_seniority),
                                   ("overlapping hours", program.checkin_overlap_hours)) if on]
    return (f"groups of {program.checkin_group_size} every {program.checkin_cadence_weeks} "
            f"week(s), {WEEKDAYS[program.checkin_weekday]} {program.checkin_time} local, "
            f"no repeats within {program.checkin_lookback_weeks} weeks; "
            f"prefer {', '.join(rules) or 'nothing'}")


async def program_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    action = args.program_action
    if action == "create":
        spec = program_service.ProgramSpec(name=args.name, **spec_changes(args))
        program = await program_service.create_program(session, spec, clock.now())
        return f"created program {program.name!r}\n{describe(program)}"
    if action == "list":
        listed = await program_service.list_programs(session)
        if not listed:
            return "no programs yet (create one: kmbot program create --help)"
        return "\n".join(
            f"{p.name}\t{'active' if p.active else 'paused'}\t{WEEKDAYS[p.weekday]} "
            f"{p.send_time}\t{p.share_mode}" for p in listed)
    if action == "show":
        return describe(await program_service.get_program(session, args.name))
    if action == "update":
        changes = spec_changes(args)
        if args.new_name:
            changes["name"] = args.new_name
        if not changes:
            raise program_service.ProgramError("nothing to update (see --help for fields)")
        program = await program_service.update_program(session, args.name,
                                                       clock.now().date(), **changes)
        return f"updated program {program.name!r}\n{describe(program)}"
    active = action == "resume"
    program = await program_service.set_program_active(session, args.name, active)
    return f"program {program.name!r} is now {'active' if active else 'paused'}"


async def question_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    if args.question_action == "add":
        program_id = None
        if args.program:
            program_id = (await program_service.get_program(session, args.program)).id
        question = await question_service.add_question(
            session, args.text, args.category, clock.now(), program_id=program_id,
            parts=args.part or None)
        return f"added question {question.key!r} ({question.category})"
    await question_service.seed_bank(session, clock.now())
    return "\n".join(f"{q.category:<20} {q.source:<7} {q.text}"
                     for q in await question_service.list_questions(session))


async def outbox_command(session: AsyncSession, args: argparse.Namespace) -> str:
    rows = (await session.execute(
        select(Delivery, Member.display_name, Member.external_id)
        .outerjoin(Member, Delivery.member_id == Member.id)
        .where(Delivery.status == args.status).order_by(Delivery.id.desc()).limit(args.limit)
    )).all()
    if not rows:
        return f"no {args.status} deliveries"
    return "\n".join(
        f"{d.id}\t{d.kind}\t{name or external or d.channel}\tattempts={d.attempts}\t"
        f"{d.last_error or ''}" for d, name, external in rows)


async def pairing_preview(session: AsyncSession, clock: Clock, org_zone: str,
                          args: argparse.Namespace) -> str:
    """The groups a program's next check-in round would get; nothing is stored."""
    program = await program_service.get_program(session, args.program)
    plan = await preview_round(session, program, clock.now(), org_zone)
    people = {str(m.id): m for m in await session.scalars(select(Member))}
    if args.json:
        return json.dumps({
            "groups": [[people[i].external_id for i in group] for group in plan.groups],
            "left_out": [{"id": people[left.id].external_id, "reason": left.reason}
                         for left in plan.left_out]}, indent=2)
    lines = [f"Next check-in round of {program.name!r}: {len(plan.groups)} groups"
             + ("" if program.checkins else " (check-ins are off for this program)")]
    for number, group in enumerate(plan.groups, start=1):
        names = ", ".join(f"{people[i].display_name or people[i].external_id} "
                          f"({people[i].unit or 'no unit'})" for i in group)
        lines.append(f"{number:>3}. {names}")
    lines += [f"  left out: {people[left.id].display_name}: {left.reason}"
              for left in plan.left_out]
    return "\n".join(lines)
