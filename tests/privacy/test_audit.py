"""Admin actions are in the audit log, from the command line and from chat; reads are not."""

from __future__ import annotations

import getpass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.core import Core
from bot.db.privacy_models import AuditEntry
from tests.conversation import add_people, add_program, told
from tests.test_cli import CREATE, isolated, run

__all__ = ["isolated"]  # the CLI tests' own database and environment, for each test here


def rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()[1:]]


def test_the_cli_logs_who_changed_programs_and_roles_and_nothing_it_only_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert run(capsys, "program", "update", "Weekly learning", "--cadence-weeks", "2")[0] == 0
    assert run(capsys, "program", "list")[0] == 0
    assert run(capsys, "program", "show", "Weekly learning")[0] == 0
    assert run(capsys, "program", "launch", "Weekly learning")[0] == 0
    assert run(capsys, "program", "pause", "Weekly learning")[0] == 0
    assert run(capsys, "program", "update", "No such program", "--cadence-weeks", "3")[0] == 2

    code, out, err = run(capsys, "audit")

    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "when (UTC)\tactor\taction\ttarget\tdetail"
    logged = rows(out)
    actor = f"cli:{getpass.getuser()}"
    assert [(r[1], r[2], r[3]) for r in logged] == [
        (actor, "program.create", "Weekly learning"),
        (actor, "program.update", "Weekly learning"),
        (actor, "program.launch", "Weekly learning"),
        (actor, "program.pause", "Weekly learning"),
    ]
    assert "cadence_weeks=2" in logged[1][4]
    assert date.fromisoformat(logged[0][0][:10]) == datetime.now(UTC).date()


def test_audit_filters_by_day_and_actor(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, *CREATE)[0] == 0
    me = getpass.getuser()

    assert len(rows(run(capsys, "audit", "--actor", me[-3:].upper())[1])) == 1
    assert run(capsys, "audit", "--actor", "somebody-else")[1] == "no audit entries match\n"
    assert run(capsys, "audit", "--since", "2999-01-01")[1] == "no audit entries match\n"
    assert len(rows(run(capsys, "audit", "--since", "2000-01-01")[1])) == 1


def test_a_bad_since_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(capsys, "audit", "--since", "last week")
    assert exited.value.code == 2
    assert "expected a day as YYYY-MM-DD, not 'last week'" in capsys.readouterr().err


async def test_an_admin_changing_things_in_chat_is_logged_by_name(
    core: Core, clock: FakeClock
) -> None:
    await add_people(core, ("ana", "UTC"), role="admin")
    await add_people(core, ("bo", "UTC"))
    await add_program(core)

    assert "paused" in await told(core, "ana", 'program pause "Weekly learning"')
    assert "lead" in await told(core, "ana", "member role memory:acme:bo lead --unit Eng")
    await told(core, "ana", "program list")
    assert "for kmbot admins" in await told(core, "bo", 'program resume "Weekly learning"')

    async with core.sessions() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(e.actor.split()[-1], e.action, e.target) for e in entries] == [
        ("Ana", "program.pause", "Weekly learning"),
        ("Ana", "member.role", "memory:acme:bo"),
    ]
    assert entries[1].detail == {"role": "lead", "unit": ["Eng"]}
    assert entries[0].at == clock.now()
