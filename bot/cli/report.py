"""`kmbot report`: a program's figures (or every program's), and admins' answer exports."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.evidence.events import event_effects, events_json, events_text
from bot.evidence.exports import answers_csv, answers_json, exported_answers
from bot.evidence.figures import BREAKDOWNS, Period
from bot.evidence.newcomers import comparison_json, comparison_text, newcomer_comparison
from bot.evidence.render import render_text, report_csv, report_json
from bot.evidence.report import all_program_ids, program_id_named, program_report
from bot.evidence.scope import Selection


def add_report_parser(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="a program's figures: participation with 95%% intervals, habit, streaks, leads, "
        "check-ins, Helpful and reuse",
        description="Participation per round with its denominator and a 95% Wilson interval "
        "(nothing for fewer than 5 people: 'too few to tell'), habit, streaks, outcomes, "
        "leads, check-ins, Helpful and reuse, and for each event those who went before and "
        "after it. --answers exports the shared and anonymous "
        "answers instead (never a private one, never a name on an anonymous one).",
    )
    report.add_argument("program", nargs="?", help="the program's name (default: every program)")
    report.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD")
    report.add_argument("--by", choices=BREAKDOWNS, default="week", help="rows (default week)")
    shape = report.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--csv", action="store_true", help="print CSV (one figure a row)")
    report.add_argument(
        "--answers",
        action="store_true",
        help="export the program's shared and anonymous answers (never private) instead",
    )


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


async def report_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    """The report (text, JSON or CSV); a bad program name or period is a ValueError."""
    period = Period(args.start, args.end)
    if period.start and period.end and period.start > period.end:
        raise ValueError(f"--from {period.start} is after --to {period.end}")
    if args.program:
        ids = [await program_id_named(session, args.program)]
    else:
        ids = await all_program_ids(session)
    if args.answers:
        if not args.program:
            raise ValueError("--answers needs a PROGRAM")
        answers = await exported_answers(session, Selection(ids[0], period))
        if args.csv:
            return answers_csv(answers).rstrip("\n")
        return json.dumps(answers_json(answers), indent=2, ensure_ascii=False)
    if not ids:
        return "No program yet: create one with `kmbot program create`."
    reports = [await program_report(session, pid, period, args.by) for pid in ids]
    if args.csv:
        return report_csv(reports).rstrip("\n")
    events = [await event_effects(session, pid, period, clock.now()) for pid in ids]
    joining = [await newcomer_comparison(session, pid, period) for pid in ids]
    parts = list(zip(reports, events, joining, strict=True))
    if args.json:
        shown: Any = [
            {**report_json(r), "events": events_json(e), "newcomers": comparison_json(c)}
            for r, e, c in parts
        ]
        return json.dumps(shown[0] if args.program else shown, indent=2, ensure_ascii=False)
    return "\n\n".join(
        "\n\n".join(filter(None, (render_text(r) + "\n" + comparison_text(c), events_text(e))))
        for r, e, c in parts
    )
