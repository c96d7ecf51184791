"""`pilot metric import NAME FILE [--dry-run]`: the CLI reads the file; chat cannot."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.pilots.metrics import import_metric
from bot.pilots.pilots import get_pilot
from bot.programs.programs import ProgramError


def add_metric_parser(actions: Any) -> None:
    metric = actions.add_parser("metric", help="the pilot's business metric")
    metric_actions = metric.add_subparsers(dest="metric_action", required=True)
    load = metric_actions.add_parser(
        "import",
        help="import its values from a CSV (date,unit,value); one bad row refuses the file",
    )
    load.add_argument("name", help="the pilot")
    load.add_argument("file", help="a CSV file: date (YYYY-MM-DD), unit, value")
    load.add_argument("--dry-run", action="store_true", help="check the file, store nothing")


async def metric_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    text = getattr(args, "file_text", None)
    if text is None:  # only the CLI reads files (set by bot.cli.main)
        raise ProgramError("pilot metric import reads a file: run it with the kmbot CLI")
    pilot, _program = await get_pilot(session, args.name)
    return await import_metric(session, pilot, text, clock.now(), args.dry_run)
