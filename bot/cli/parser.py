"""`kmbot`'s command line grammar: every command, its options and their help."""

from __future__ import annotations

import argparse

from bot.cli.audit import add_audit_parser
from bot.cli.dashboard import add_dashboard_parser
from bot.cli.member_data import add_member_data_actions
from bot.cli.pairing import add_pairing_parser
from bot.cli.report import add_report_parser
from bot.cli.secrets import add_secrets_parser
from bot.events.cli import add_event_parser
from bot.inbox.cli import add_inbox_parser
from bot.people.admin_commands import (
    add_member_parser,
    add_members_import_parser,
)
from bot.pilots.commands import add_pilot_parser
from bot.programs.admin_commands import add_program_parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kmbot",
        description="`kmbot`: serve the bot, manage programs and questions, run jobs, "
        "run the demo.",
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
    add_inbox_parser(commands)

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
    demo.add_argument(
        "--pilot",
        action="store_true",
        help="run a pilot instead: a target and a comparison unit through a baseline, "
        "milestone reviews and the final review (--weeks: the pilot's weeks, at least 3)",
    )
    demo.add_argument(
        "--assumed-effect",
        type=float,
        default=5.0,
        metavar="POINTS",
        help="with --pilot, the demo's assumption (not a finding): points added to the pilot "
        "unit's first-call resolution and to its chance of answering (default 5; 0: no effect)",
    )
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
