"""What the CLI-only admin commands do, as functions that return the text to print."""

from __future__ import annotations

import argparse
import json
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.bootstrap import platform_plugins
from bot.checkins.planning import preview_round
from bot.clock import Clock
from bot.db.models import Delivery, Member
from bot.outbox.stranded import describe_stranded, stranded
from bot.people import roles
from bot.programs import programs as program_service
from bot.programs import questions as question_service
from bot.questions import listing
from bot.settings import SettingsError


def read_csv(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise roles.RoleError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise roles.RoleError(
            f"cannot read {path}: it is not UTF-8 text (save as CSV UTF-8)"
        ) from None


async def question_command(session: AsyncSession, clock: Clock, args: argparse.Namespace) -> str:
    if args.question_action == "add":
        program_id = None
        if args.program:
            program_id = (await program_service.get_program(session, args.program)).id
        question = await question_service.add_question(
            session,
            args.text,
            args.category,
            clock.now(),
            program_id=program_id,
            parts=args.part or None,
        )
        return f"added question {question.key!r} ({question.category})"
    if args.question_action == "retire":
        return await listing.retire_question(session, args.id, clock.now())
    await question_service.seed_bank(session, clock.now())
    program = await program_service.get_program(session, args.program) if args.program else None
    return await listing.question_table(session, program)


def configured_platforms() -> list[str]:
    """The platforms `kmbot serve` would send on with this environment (a half-configured
    one counts as not configured: serve refuses to start with it)."""
    names = []
    for plugin in platform_plugins():
        try:
            if plugin.configured():
                names.append(plugin.name)
        except SettingsError:
            continue
    return names


async def outbox_command(
    session: AsyncSession, args: argparse.Namespace, configured: Collection[str] | None = None
) -> str:
    """Deliveries in one state; `sending` ones show which process holds them, until when.

    With `configured` (the platforms this environment sends on), a note comes first for the
    pending deliveries no process here can send.
    """
    notes = []
    if configured is not None:
        notes = [f"note: {line}" for line in describe_stranded(await stranded(session, configured))]
    return "\n".join([*notes, await _listing(session, args)])


async def _listing(session: AsyncSession, args: argparse.Namespace) -> str:
    rows = (
        await session.execute(
            select(Delivery, Member.display_name, Member.external_id)
            .outerjoin(Member, Delivery.member_id == Member.id)
            .where(Delivery.status == args.status)
            .order_by(Delivery.id.desc())
            .limit(args.limit)
        )
    ).all()
    if not rows:
        return f"no {args.status} deliveries"
    return "\n".join(
        f"{d.id}\t{d.kind}\t{name or external or d.channel}\tattempts={d.attempts}\t"
        + (_held_by(d) if d.status == "sending" else d.last_error or "")
        for d, name, external in rows
    )


def _held_by(delivery: Delivery) -> str:
    until = delivery.lease_until.isoformat(timespec="seconds") if delivery.lease_until else "?"
    return f"held by {delivery.lease_holder or 'unknown'} until {until}"


async def pairing_preview(
    session: AsyncSession, clock: Clock, org_zone: str, args: argparse.Namespace
) -> str:
    """The groups a program's next check-in round would get; nothing is stored."""
    program = await program_service.get_program(session, args.program)
    plan = await preview_round(session, program, clock.now(), org_zone)
    people = {str(m.id): m for m in await session.scalars(select(Member))}
    if args.json:
        return json.dumps(
            {
                "groups": [[people[i].external_id for i in group] for group in plan.groups],
                "left_out": [
                    {"id": people[left.id].external_id, "reason": left.reason}
                    for left in plan.left_out
                ],
            },
            indent=2,
        )
    lines = [
        f"Next check-in round of {program.name!r}: {len(plan.groups)} groups"
        + ("" if program.checkins else " (check-ins are off for this program)")
    ]
    for number, group in enumerate(plan.groups, start=1):
        names = ", ".join(
            f"{people[i].display_name or people[i].external_id} ({people[i].unit or 'no unit'})"
            for i in group
        )
        lines.append(f"{number:>3}. {names}")
    lines += [
        f"  left out: {people[left.id].display_name}: {left.reason}" for left in plan.left_out
    ]
    return "\n".join(lines)
