"""`kmbot member export|delete PERSON`: an admin does what a member does with `my data` and
`delete my data`."""

from __future__ import annotations

import argparse
import json
import os

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.people.roles import find_person
from bot.privacy.erase import erase_member
from bot.privacy.export import member_export

PRIVACY_ACTIONS = ("export", "delete")


def add_member_data_actions(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `export` and `delete` to the CLI's `member` command (not to chat: they are the
    admin's tools)."""
    member = commands.choices["member"]
    actions = next(a for a in member._actions if isinstance(a, argparse._SubParsersAction))
    export = actions.add_parser(
        "export", help="everything kmbot holds about one person, as JSON (what `my data` sends)"
    )
    export.add_argument("person", help="email or PLATFORM:WORKSPACE:USER")
    export.add_argument(
        "--output", help="write to this new file (readable by you only) instead of printing"
    )
    erase = actions.add_parser(
        "delete",
        help="delete one person's identity and data; each program's --erasure rule says "
        "whether their answers are deleted or kept anonymously",
    )
    erase.add_argument("person", help="email or PLATFORM:WORKSPACE:USER")
    erase.add_argument("--yes", action="store_true", help="confirm: it cannot be undone")


async def member_data_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    member = await find_person(session, args.person)
    if args.member_action == "delete":
        if not args.yes:
            raise ValueError(f"deleting {args.person} cannot be undone: add --yes to confirm")
        return f"{args.person}: {(await erase_member(session, member, clock.now())).text()}"
    document = await member_export(session, member, clock.now())
    content = json.dumps(document, indent=2, ensure_ascii=False)
    if not args.output:
        return content
    _write_private(args.output, content + "\n")
    rows = document["kmbot_export"]["rows"]
    return f"wrote {rows} rows about {args.person} to {args.output}"


def _write_private(path: str, content: str) -> None:
    """A new file only its owner can read; one line if it cannot be made."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValueError(f"{path} exists already; choose a new file for --output") from None
    except OSError as exc:
        raise ValueError(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(content)
