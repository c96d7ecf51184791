"""`kmbot pairing plan`: preview a check-in round from two JSON files, no database needed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.checkins.matching.cost import round_reference, round_week
from bot.checkins.matching.explain import last_met, why_matched
from bot.checkins.matching.planner import Candidate, MatchRules, PairingPlan, plan_groups
from bot.cli.pairing_files import load_history, load_members


def add_pairing_parser(commands: Any) -> None:
    """Add `pairing plan` and `pairing preview` to the kmbot command line."""
    pairing = commands.add_parser("pairing", help="peer check-in matching")
    actions = pairing.add_subparsers(dest="pairing_action", required=True)
    plan = actions.add_parser("plan", help="preview a round offline from JSON files")
    plan.add_argument(
        "--members",
        required=True,
        type=Path,
        help='JSON list of {"id", "unit", "tz", "level"?, "do_not_pair"?}',
    )
    plan.add_argument(
        "--history",
        required=True,
        type=Path,
        help='JSON list of {"week": "2026-W40", "members": [ids]}',
    )
    plan.add_argument("--group-size", type=int, default=2, help="2 (default), 3 or 4")
    plan.add_argument("--seed", type=int, default=0, help="same seed, same round")
    plan.add_argument("--json", action="store_true", help="print one JSON object")
    preview = actions.add_parser("preview", help="preview a program's next round (database)")
    preview.add_argument("program", help="the program's name")
    preview.add_argument("--json", action="store_true", help="print one JSON object")


def pairing_command(args: argparse.Namespace) -> int:
    """Run `kmbot pairing plan`; bad input raises ValueError (exit status 2)."""
    members = load_members(args.members)
    history, warnings = load_history(args.history, {member.id for member in members})
    for warning in warnings:
        print(f"kmbot: warning: {warning}", file=sys.stderr)
    rules = MatchRules()
    plan = plan_groups(members, history, group_size=args.group_size, seed=args.seed, rules=rules)
    if args.json:
        print(json.dumps(plan_as_json(plan), indent=2))
        return 0
    week = round_week(group.week for group in history)
    by_id = {member.id: member for member in members}
    met = last_met(history, rules.lookback_weeks, week)
    print(render_plan(plan, by_id, met, rules, week))
    return 0


def plan_as_json(plan: PairingPlan) -> dict[str, object]:
    """The plan as {"groups": [[ids]], "left_out": [{"id", "reason"}]}."""
    return {
        "groups": [list(group) for group in plan.groups],
        "left_out": [{"id": left.id, "reason": left.reason} for left in plan.left_out],
    }


def render_plan(
    plan: PairingPlan,
    by_id: dict[str, Candidate],
    met: dict[frozenset[str], str],
    rules: MatchRules,
    week: str | None,
) -> str:
    """A readable table: group, members with unit and zone, and why they were matched."""
    at = round_reference(week)
    rows = [("group", "member", "unit", "zone", "why matched")]
    for number, group in enumerate(plan.groups, start=1):
        people = [by_id[member] for member in group]
        why = ", ".join(why_matched(people, met, rules, at))
        for index, person in enumerate(people):
            rows.append(
                (
                    str(number) if index == 0 else "",
                    person.id,
                    person.unit,
                    person.tz,
                    why if index == 0 else "",
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[4]
        for row in rows
    ]
    title = f"Check-in round{' for ' + week if week else ''}: {len(plan.groups)} groups"
    lines = [title, ""] + [line.rstrip() for line in lines]
    if plan.left_out:
        lines += ["", "Left out:"] + [f"  {left.id}: {left.reason}" for left in plan.left_out]
    return "\n".join(lines)
