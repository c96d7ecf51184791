"""`kmbot audit`: read the log of admin actions; the CLI's own actions are written to it."""

from __future__ import annotations

import argparse
import getpass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.privacy.audit import read_log, render_log


def add_audit_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = commands.add_parser(
        "audit", help="admin actions: who changed roles, programs, exported or deleted data, when"
    )
    audit.add_argument("--since", type=_day, help="from this day on, YYYY-MM-DD (UTC)")
    audit.add_argument("--actor", help="only actors whose name contains this")
    audit.add_argument("--limit", type=int, default=200, help="the newest N (default 200)")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, not {text!r}") from None


async def audit_command(session: AsyncSession, args: argparse.Namespace) -> str:
    return render_log(await read_log(session, args.since, args.actor, args.limit))


def cli_actor() -> str:
    """The operating-system user running `kmbot`, as the audit log names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli:unknown"
