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
from bot.cli.audit import audit_command, cli_actor
from bot.cli.backup import backup
from bot.cli.dashboard import dashboard_link_command
from bot.cli.jobs import list_jobs, run_job
from bot.cli.member_data import PRIVACY_ACTIONS, member_data_command
from bot.cli.pairing import pairing_command
from bot.cli.parser import build_parser
from bot.cli.report import report_command
from bot.cli.secrets import rotate_secrets
from bot.clock import Clock, SystemClock
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import current, downgrade, upgrade
from bot.demo.organisation import DemoOptions
from bot.demo.pilot_report import render_pilot
from bot.demo.pilot_run import run_pilot_demo
from bot.demo.report import render_table
from bot.demo.run import run_demo
from bot.events.cli import event_command
from bot.inbox.cli import inbox_command
from bot.people.admin_commands import (
    member_command,
    members_import,
    members_pending,
)
from bot.people.hr_import import ImportReport
from bot.people.units import units_from_file
from bot.pilots.commands import pilot_command, program_command
from bot.privacy.audit import record_command
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
    if args.command == "pilot" and args.pilot_action == "metric":
        args.file_text = admin.read_csv(args.file)  # chat has no file to read
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
        "inbox": lambda s, c: inbox_command(s, c.now(), args),
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
    if args.pilot and (args.weeks < 3 or args.members < 20):
        raise UsageError("the pilot demo needs --weeks >= 3 and --members >= 20")
    if args.db:
        _check_demo_database(args.db)
    options = DemoOptions(
        members=args.members,
        weeks=args.weeks,
        seed=args.seed,
        db=args.db,
        transcript=args.transcript,
        pilot=args.pilot,
        assumed_effect=args.assumed_effect,
    )
    if args.pilot:
        return _pilot_demo(options, args.json)
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


def _pilot_demo(options: DemoOptions, as_json: bool) -> int:
    pilot = asyncio.run(run_pilot_demo(options))
    if as_json:
        print(json.dumps(pilot.as_json(), indent=2))
    else:
        shown = render_pilot(pilot)
        print(f"{pilot.transcript}\n\n{shown}" if pilot.transcript else shown)
    return 0


def _check_demo_database(url: str) -> None:
    """A `--db` the demo can use: a URL kmbot knows, to a database that answers."""
    try:
        check_database_url(url)
        make_url(url)
    except (ValueError, ArgumentError) as exc:
        raise UsageError(f"invalid --db {url!r}: {str(exc).splitlines()[0]}") from None
    asyncio.run(_ensure_database(url))
