"""`kmbot`: serve the bot, manage programs and questions, run jobs, run the demo."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.bootstrap import DatabaseUnavailable, StartupError, check_database, serve
from bot.cli import admin
from bot.cli.audit import add_audit_parser, audit_command, cli_actor
from bot.cli.backup import backup
from bot.cli.dashboard import add_dashboard_parser, dashboard_link_command
from bot.cli.jobs import list_jobs, run_job
from bot.cli.member_data import PRIVACY_ACTIONS, add_member_data_actions, member_data_command
from bot.cli.pairing import add_pairing_parser, pairing_command
from bot.cli.report import add_report_parser, report_command
from bot.cli.secrets import add_secrets_parser, rotate_secrets
from bot.clock import Clock, SystemClock
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import current, downgrade, upgrade
from bot.demo.organisation import DemoOptions
from bot.demo.report import render_table
from bot.demo.run import run_demo
from bot.events.cli import add_event_parser, event_command
from bot.people.admin_commands import (
    add_member_parser,
    add_members_import_parser,
    member_command,
    members_import,
    members_pending,
)
from bot.people.hr_import import ImportReport
from bot.people.units import units_from_file
from bot.pilots.commands import add_pilot_parser, pilot_command, program_command
from bot.privacy.audit import record_command
from bot.programs.admin_commands import add_program_parser
from bot.settings import (
    Settings,
    SettingsError,
    check_database_url,
    configure_logging,
    load_settings,
)

T = TypeVar("T")


class UsageError(Exception):
    """Bad input on the command line: one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kmbot",
        description=__doc__,
        epilog="Commands print only warnings and errors; -v adds INFO lines, -vv DEBUG "
        "(`serve` logs at KMBOT_LOG_LEVEL). A bad setting or option is one line, exit status 2.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help=VERBOSE_HELP)
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="run the bot: web server, scheduler, outbox")
    serve_cmd.add_argument("--host", help="listen address (default KMBOT_HOST)")
    serve_cmd.add_argument("--port", type=int, help="listen port (default KMBOT_PORT)")

    db = commands.add_parser("db", help="database migrations")
    db_actions = db.add_subparsers(dest="db_action", required=True)
    up = db_actions.add_parser("upgrade", help="migrate to the latest schema")
    up.add_argument("revision", nargs="?", default="head")
    down = db_actions.add_parser("downgrade", help="migrate down (base removes everything)")
    down.add_argument("revision")
    db_actions.add_parser(
        "backup",
        help="copy a SQLite database to a new FILE, safely while kmbot runs "
        "(PostgreSQL: use pg_dump)",
    ).add_argument("file")

    add_program_parser(commands)
    add_pilot_parser(commands)
    add_member_parser(commands)
    add_members_import_parser(commands)
    add_member_data_actions(commands)
    add_event_parser(commands)
    add_pairing_parser(commands)
    add_secrets_parser(commands)
    add_audit_parser(commands)
    add_report_parser(commands)
    add_dashboard_parser(commands)

    question = commands.add_parser("question", help="the question bank")
    q_actions = question.add_subparsers(dest="question_action", required=True)
    add = q_actions.add_parser("add", help="add your own question")
    add.add_argument("text")
    add.add_argument("--category", default="custom")
    add.add_argument("--program", help="only for this program")
    add.add_argument(
        "--part", action="append", help="a part of a multi-part question (repeat for each)"
    )
    q_list = q_actions.add_parser(
        "list", help="the bank: ids, source, votes, rating and times asked"
    )
    q_list.add_argument("program", nargs="?", help="only the questions this program asks")
    retire = q_actions.add_parser("retire", help="stop asking a question (its answers stay)")
    retire.add_argument("id", help="the question's id, from `kmbot question list`")

    outbox = commands.add_parser("outbox", help="deliveries, e.g. the failed ones and why")
    outbox.add_argument(
        "--status",
        default="failed",
        choices=("failed", "pending", "waiting", "sending", "sent", "cancelled"),
    )
    outbox.add_argument("--limit", type=int, default=50)

    jobs = commands.add_parser("jobs", help="scheduled jobs")
    j_actions = jobs.add_subparsers(dest="jobs_action", required=True)
    j_actions.add_parser("list", help="job ids and when each next has work")
    j_actions.add_parser("run", help="run one job now").add_argument("job_id")

    teams = commands.add_parser("teams-package", help="write the Teams app package zip")
    teams.add_argument("--output", default="kmbot-teams.zip")
    teams.add_argument("--app-id", help="the bot's Microsoft App ID (default MicrosoftAppId)")
    teams.add_argument(
        "--host", help="public host name, e.g. kmbot.example.com (default: KMBOT_PUBLIC_URL's)"
    )
    teams.add_argument("--version", default="1.0.0", help="app version; raise it per upload")

    demo = commands.add_parser("demo", help="simulate an organisation on a fake clock")
    demo.add_argument("--members", type=int, default=40, help="simulated colleagues (default 40)")
    demo.add_argument("--weeks", type=int, default=6, help="weeks to simulate (default 6)")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same figures (default 1)")
    shown = demo.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print one JSON object")
    shown.add_argument(
        "--transcript", action="store_true", help="also print what each member saw, in order"
    )
    demo.add_argument("--db", help="keep the data in this database URL (default: temporary)")
    _verbose_everywhere(parser)
    return parser


VERBOSE_HELP = "more log lines: -v INFO, -vv DEBUG"


def _verbose_everywhere(parser: argparse.ArgumentParser) -> None:
    """`-v` after any command too (`kmbot db upgrade -v`), not only before it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if not any("-v" in a.option_strings for a in sub._actions):
                    sub.add_argument(
                        "-v",
                        "--verbose",
                        action="count",
                        default=argparse.SUPPRESS,
                        help=VERBOSE_HELP,
                    )
                _verbose_everywhere(sub)


def log_level(settings_level: str, command: str, verbose: int) -> str:
    """`serve` logs at KMBOT_LOG_LEVEL; other commands say only warnings and errors.
    -v raises either to INFO, -vv to DEBUG."""
    if verbose >= 2:
        return "DEBUG"
    level: int = logging.getLevelName(settings_level)
    if command != "serve":
        level = max(level, logging.WARNING)
    if verbose:
        level = min(level, logging.INFO)
    return str(logging.getLevelName(level))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    verbose = int(getattr(args, "verbose", 0))
    try:
        if args.command in ("demo", "teams-package") or (
            args.command == "pairing" and args.pairing_action == "plan"
        ):
            configure_logging(log_level("WARNING", args.command, verbose))
            return offline_command(args)
        settings = load_settings()
        configure_logging(log_level(settings.log_level, args.command, verbose), settings.log_format)
        return run_command(settings, args)
    except (SettingsError, UsageError, StartupError, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) else str(exc)
        print(f"kmbot: {message}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"kmbot: {exc}", file=sys.stderr)
        return 1


def offline_command(args: argparse.Namespace) -> int:
    """The commands that need no database: the demo (its own), the Teams package, pairing plan."""
    if args.command == "demo":
        return demo_command(args)
    if args.command == "teams-package":
        from adapters.teams.package import package_command

        host = args.host or load_settings().public_host
        if not host:
            raise UsageError("teams-package needs --host (or KMBOT_PUBLIC_URL)")
        print(package_command(args.output, args.app_id, host, args.version))
        return 0
    return pairing_command(args)


def run_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "db" and args.db_action == "backup":
        print(backup(settings.database_url, args.file))
        return 0
    asyncio.run(_ensure_database(settings.database_url))
    if args.command == "db":
        if args.db_action == "upgrade":
            upgrade(settings.database_url, args.revision)
        else:
            downgrade(settings.database_url, args.revision)
        print(f"database at revision {current(settings.database_url)}")
        return 0
    upgrade(settings.database_url)
    if args.command == "serve":
        asyncio.run(serve(settings, args.host or settings.host, args.port or settings.port))
        return 0
    if args.command == "jobs":
        if args.jobs_action == "list":
            print(
                asyncio.run(_with_engine(settings.database_url, lambda e: list_jobs(e, settings)))
            )
        else:
            job_id = args.job_id
            print(
                asyncio.run(
                    _with_engine(settings.database_url, lambda e: run_job(e, settings, job_id))
                )
            )
        return 0
    if args.command == "members":
        return import_command(settings.database_url, args)
    if args.command == "secrets":
        print(
            asyncio.run(_with_engine(settings.database_url, lambda e: rotate_secrets(e, settings)))
        )
        asyncio.run(_in_session(settings.database_url, _audited(args, _nothing)))
        return 0
    commands: dict[str, Callable[[AsyncSession, Clock], Awaitable[str]]] = {
        "program": lambda s, c: program_command(s, c, args, settings.timezone),
        "pilot": lambda s, c: pilot_command(s, c, args),
        "question": lambda s, c: admin.question_command(s, c, args),
        "outbox": lambda s, c: admin.outbox_command(s, args, admin.configured_platforms()),
        "member": lambda s, c: (
            member_data_command(s, c, args)
            if args.member_action in PRIVACY_ACTIONS
            else member_command(s, args)
        ),
        "pairing": lambda s, c: admin.pairing_preview(s, c, settings.timezone, args),
        "audit": lambda s, c: audit_command(s, args),
        "report": lambda s, c: report_command(s, c, args),
        "dashboard-link": lambda s, c: dashboard_link_command(s, c, args, settings),
        "event": lambda s, c: event_command(
            s, c.now(), args, settings.timezone, settings.public_url
        ),
    }
    action = _audited(args, commands[args.command])
    print(asyncio.run(_in_session(settings.database_url, action)))
    return 0


def import_command(url: str, args: argparse.Namespace) -> int:
    """`members import`: the report on stdout, each refused row as one line on stderr."""
    if args.members_action == "pending":
        print(asyncio.run(_in_session(url, lambda s, c: members_pending(s))))
        return 0
    text = admin.read_csv(args.file)
    units = units_from_file(admin.read_csv(args.units), args.units) if args.units else None

    async def run(session: AsyncSession, clock: Clock) -> ImportReport:
        report = await members_import(session, clock.now(), text, units, args.dry_run)
        if not args.dry_run:  # a dry run changes nothing, so it is not an admin action
            await record_command(session, clock.now(), cli_actor(), args)
        return report

    report = asyncio.run(_in_session(url, run))
    print(report.text())
    for line in report.refused:
        print(f"kmbot: {line}", file=sys.stderr)
    return 2 if report.refused else 0


def _audited(
    args: argparse.Namespace, action: Callable[[AsyncSession, Clock], Awaitable[str]]
) -> Callable[[AsyncSession, Clock], Awaitable[str]]:
    """`action`, then its entry in the audit log (when it is an admin action), in one
    transaction: a refused command leaves no entry."""

    async def run(session: AsyncSession, clock: Clock) -> str:
        result = await action(session, clock)
        await record_command(session, clock.now(), cli_actor(), args)
        return result

    return run


async def _nothing(session: AsyncSession, clock: Clock) -> str:
    return ""


async def _ensure_database(url: str) -> None:
    engine = make_engine(url)
    try:
        await check_database(engine)
    finally:
        await engine.dispose()


async def _in_session(url: str, action: Callable[[AsyncSession, Clock], Awaitable[T]]) -> T:
    engine = make_engine(url)
    try:
        async with make_sessions(engine).begin() as session:
            return await action(session, SystemClock())
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"database error: {str(exc).splitlines()[0]}") from None
    finally:
        await engine.dispose()


async def _with_engine(url: str, action: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    engine = make_engine(url)
    try:
        return await action(engine)
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"database error: {str(exc).splitlines()[0]}") from None
    finally:
        await engine.dispose()


def demo_command(args: argparse.Namespace) -> int:
    if args.members < 4 or args.weeks < 1:
        raise UsageError("the demo needs --members >= 4 and --weeks >= 1")
    if args.db:
        _check_demo_database(args.db)
    options = DemoOptions(
        members=args.members,
        weeks=args.weeks,
        seed=args.seed,
        db=args.db,
        transcript=args.transcript,
    )
    report = asyncio.run(run_demo(options))
    if args.json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(
            f"{report.transcript}\n\n{render_table(report)}"
            if args.transcript
            else render_table(report)
        )
    return 0


def _check_demo_database(url: str) -> None:
    """A `--db` the demo can use: a URL kmbot knows, to a database that answers."""
    try:
        check_database_url(url)
        make_url(url)
    except (ValueError, ArgumentError) as exc:
        raise UsageError(f"invalid --db {url!r}: {str(exc).splitlines()[0]}") from None
    asyncio.run(_ensure_database(url))
