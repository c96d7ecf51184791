"""The `program …` commands, one grammar shared by the CLI and admin chat."""

from __future__ import annotations

import argparse
from dataclasses import fields
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.models import Program
from bot.i18n import SHIPPED
from bot.programs import lifecycle
from bot.programs import programs as program_service
from bot.programs.lifecycle_commands import (
    LIFECYCLE_ACTIONS,
    add_date_options,
    add_lifecycle_parsers,
    checked_dates,
    has_dates,
    lifecycle_command,
)
from bot.programs.skip_figures import describe_reasons, reason_counts
from bot.schedule import WEEKDAYS
from bot.sponsors.options import add_endorsement_fields

ON_DELETION = {"delete": "answers deleted", "anonymise": "answers kept anonymously"}
SPEC_OPTIONS = {f.name for f in fields(program_service.ProgramSpec)} - {"name"}


def add_program_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--purpose", help="the program's purpose in one sentence")
    parser.add_argument("--weekday", help="mon..sun (default thu)")
    parser.add_argument("--time", dest="send_time", help="local send time HH:MM (default 15:00)")
    parser.add_argument("--timezone", help="program zone, used when a member has none (IANA)")
    parser.add_argument("--cadence-weeks", type=int, help="every N weeks (default 1)")
    parser.add_argument(
        "--audience", help="everyone | workspace:PLATFORM:ID | unit:NAME[,NAME] | group:CHANNEL_ID"
    )
    parser.add_argument("--answer-window-days", type=float, help="default 3")
    parser.add_argument(
        "--reminder-delay-hours",
        type=float,
        help="one reminder after this many hours (0 = none; default 24)",
    )
    parser.add_argument(
        "--share-mode",
        choices=("feed", "digest", "private"),
        help="post each answer, one digest per round, or keep private",
    )
    parser.add_argument("--feed", help="where shared answers go: PLATFORM:WORKSPACE:CHANNEL")
    parser.add_argument(
        "--no-repeat-cycles",
        type=int,
        help="never repeat a question to a member within N cycles (default 8)",
    )
    parser.add_argument(
        "--blackout-dates",
        help="no prompt, reminder or intro on these days: YYYY-MM-DD or "
        "YYYY-MM-DD..YYYY-MM-DD, comma-separated ('none' clears them)",
    )
    privacy = parser.add_argument_group("privacy")
    privacy.add_argument(
        "--retention-months",
        type=int,
        help="delete answers (and prompts) older than N months (0 = keep; default keep)",
    )
    privacy.add_argument(
        "--erasure",
        choices=("delete", "anonymise"),
        help="what `delete my data` does to a member's answers: delete them (default) or "
        "keep them anonymously",
    )
    answers = parser.add_argument_group("answers")
    answers.add_argument(
        "--capture",
        choices=("confirm", "direct"),
        help="a reply typed in chat is saved after Save (confirm, default) or at once (direct)",
    )
    answers.add_argument(
        "--default-visibility",
        choices=("shared", "anonymous", "private"),
        help="who sees an answer unless its author chooses (default shared: with their name)",
    )
    answers.add_argument(
        "--language",
        choices=SHIPPED,
        help="the language of the program's channel posts, its digest and feed (default en); "
        "members read their own",
    )
    answers.add_argument(
        "--anonymity-floor",
        type=int,
        help="answers a round needs before an anonymous one shows to a lead (default 5, min 3)",
    )
    answers.add_argument(
        "--admins-see-private",
        type=on_off,
        help="yes: admins see the program's private answers on the dashboard, and members "
        "are told so when asked (default no)",
    )
    checkins = parser.add_argument_group("peer check-ins")
    checkins.add_argument("--checkins", type=on_off, help="on or off (default off)")
    checkins.add_argument("--checkin-cadence-weeks", type=int, help="every N weeks (default 2)")
    checkins.add_argument("--checkin-weekday", help="intro weekday, mon..sun (default mon)")
    checkins.add_argument("--checkin-time", help="intro local time HH:MM (default 10:00)")
    checkins.add_argument(
        "--group-size", dest="checkin_group_size", type=int, help="2 (default), 3 or 4"
    )
    checkins.add_argument(
        "--lookback-weeks",
        dest="checkin_lookback_weeks",
        type=int,
        help="no repeat pairing within N weeks (default 26)",
    )
    checkins.add_argument(
        "--cross-unit",
        dest="checkin_cross_unit",
        type=on_off,
        help="prefer pairs across units (default on)",
    )
    checkins.add_argument(
        "--mix-seniority",
        dest="checkin_mix_seniority",
        type=on_off,
        help="pair junior with senior (default off)",
    )
    checkins.add_argument(
        "--overlap-hours",
        dest="checkin_overlap_hours",
        type=on_off,
        help="prefer overlapping working hours (default on)",
    )
    add_endorsement_fields(parser)


def on_off(text: str) -> bool:
    if text.lower() in ("on", "yes", "true"):
        return True
    if text.lower() in ("off", "no", "false"):
        return False
    raise argparse.ArgumentTypeError(f"use on or off, not {text!r}")


def add_program_parser(commands: Any) -> None:
    """`program create|list|show|update|pause|resume|launch|end|archive|delete|preview|history`,
    shared by the CLI and admin chat."""
    program = commands.add_parser("program", help="create and manage weekly prompt programs")
    actions = program.add_subparsers(dest="program_action", required=True)
    create = actions.add_parser("create", help="create a program (a draft until launched)")
    create.add_argument("name")
    add_program_fields(create)
    add_date_options(create)
    actions.add_parser("list", help="list programs").add_argument(
        "--all", action="store_true", help="archived ones too"
    )
    actions.add_parser("show", help="show one program").add_argument("name")
    update = actions.add_parser("update", help="change some fields of a program")
    update.add_argument("name")
    update.add_argument("--rename", dest="new_name", help="a new name")
    add_program_fields(update)
    add_date_options(update)
    add_lifecycle_parsers(actions)
    preview = actions.add_parser("preview", help="who gets what, when, in the next two weeks")
    preview.add_argument("name")
    history = actions.add_parser("history", help="every change of a program: who, when, why")
    history.add_argument("name")
    actions.add_parser("pause", help="stop sending a program's prompts").add_argument("name")
    actions.add_parser("resume", help="resume a paused program").add_argument("name")


def spec_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The program fields given on the command line (None means not given)."""
    return {
        key: value for key, value in vars(args).items() if key in SPEC_OPTIONS and value is not None
    }


def describe(program: Program) -> str:
    feed = (
        f"{program.feed_platform}:{program.feed_workspace}:{program.feed_channel}"
        if program.feed_platform
        else "-"
    )
    audience = program.audience_kind + (
        f":{program.audience_value}" if program.audience_value else ""
    )
    rows = [
        ("name", program.name),
        ("purpose", program.purpose),
        ("status", lifecycle.status_label(program)),
        ("dates", f"from {program.starts_on or 'launch'} to {program.ends_on or 'no end date'}"),
        ("audience", audience),
        ("cadence", f"every {program.cadence_weeks} week(s)"),
        ("when", f"{WEEKDAYS[program.weekday]} {program.send_time} member's local time"),
        ("zone", program.timezone or "members' own (fallback: organisation)"),
        ("answer window", f"{program.answer_window_hours} h"),
        (
            "reminder",
            f"after {program.reminder_delay_hours} h" if program.reminder_delay_hours else "none",
        ),
        ("share mode", program.share_mode),
        ("feed", feed),
        ("no repeat within", f"{program.no_repeat_cycles} cycles"),
        ("blackout dates", program.blackout_dates.replace(",", ", ") or "none"),
        ("typed replies", _capture(program)),
        ("visibility", f"{program.default_visibility} unless the author chooses"),
        ("anonymity floor", f"{program.anonymity_floor} answers"),
        ("private answers", _private(program)),
        ("channel language", program.language or "en"),
        ("check-ins", _checkins(program)),
        (
            "retention",
            f"{program.retention_months} months"
            if program.retention_months
            else "kept until deleted",
        ),
        (
            "on deletion",
            "answers kept anonymously" if program.erasure == "anonymise" else "answers deleted",
        ),
    ]
    return "\n".join(f"{key:>17}: {value}" for key, value in rows)


def _private(program: Program) -> str:
    since = program.admins_see_private_since
    if program.admins_see_private and since is not None:
        sent = f"{since:%Y-%m-%d %H:%M} UTC"
        return f"admins see them on the dashboard (answers to prompts sent since {sent})"
    return "seen by no one (admins do not see them)"


def _capture(program: Program) -> str:
    if program.capture == "direct":
        return "saved as the answer at once"
    return "saved as the answer after the member confirms"


def _checkins(program: Program) -> str:
    if not program.checkins:
        return "off"
    rules = [
        name
        for name, on in (
            ("cross-unit", program.checkin_cross_unit),
            ("mixed seniority", program.checkin_mix_seniority),
            ("overlapping hours", program.checkin_overlap_hours),
        )
        if on
    ]
    return (
        f"groups of {program.checkin_group_size} every {program.checkin_cadence_weeks} "
        f"week(s), {WEEKDAYS[program.checkin_weekday]} {program.checkin_time} local, "
        f"no repeats within {program.checkin_lookback_weeks} weeks; "
        f"prefer {', '.join(rules) or 'nothing'}"
    )


async def program_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    action = args.program_action
    if action in LIFECYCLE_ACTIONS:
        return await lifecycle_command(session, clock, args)
    if action == "create":
        if not args.purpose:
            raise program_service.ProgramError(
                'a program needs --purpose "one sentence on why it exists" (members see it)'
            )
        spec = program_service.ProgramSpec(name=args.name, **spec_changes(args))
        dates = checked_dates(args, None, clock)
        program = await program_service.create_program(session, spec, clock.now(), status="draft")
        program.starts_on, program.ends_on = dates
        return (
            f"created draft program {program.name!r}: nothing is sent until "
            f"`kmbot program launch {program.name}`\n{describe(program)}"
        )
    if action == "list":
        listed = [
            p
            for p in await program_service.list_programs(session)
            if args.all or p.status != lifecycle.ARCHIVED
        ]
        if not listed:
            return "no programs yet (create one: kmbot program create --help)"
        return "\n".join(
            ["name\tstatus\twhen (local)\tshare mode"]
            + [
                f"{p.name}\t{lifecycle.status_label(p)}\t{WEEKDAYS[p.weekday]} "
                f"{p.send_time}\t{p.share_mode}"
                for p in listed
            ]
        )
    if action == "show":
        program = await program_service.get_program(session, args.name)
        reasons = describe_reasons(await reason_counts(session, program), program.anonymity_floor)
        return f"{describe(program)}\n{'skip reasons':>17}: {reasons}"
    if action == "update":
        changes = spec_changes(args)
        if args.new_name:
            changes["name"] = args.new_name
        if not changes and not has_dates(args):
            raise program_service.ProgramError("nothing to update (see --help for fields)")
        dates = checked_dates(args, await program_service.get_program(session, args.name), clock)
        program = await program_service.update_program(
            session, args.name, clock.now().date(), **changes
        )
        program.starts_on, program.ends_on = dates
        program_service.follow_private_rule(program, clock.now())
        return f"updated program {program.name!r}\n{describe(program)}"
    program = await program_service.get_program(session, args.name)
    lifecycle.set_paused(program, action == "pause")
    return f"program {program.name!r} is now {lifecycle.status_label(program)}"
