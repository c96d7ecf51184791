"""`kmbot event create | list | cancel`: an event announced from the command line, and one clear
line (exit status 2) for each kind of bad input, with nothing stored."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.clock import SystemClock
from bot.db.engine import make_engine, make_sessions
from bot.db.event_models import Event
from bot.db.models import Delivery
from bot.people.directory import ensure_workspace, upsert_member
from tests.test_cli import isolated, one_line, run

__all__ = ["isolated"]  # the per-test database of the CLI tests

FUTURE = ("--date", "2031-03-05", "--time", "14:00", "--zone", "Europe/Lisbon")
GOOD = ("--title", "Field day", *FUTURE, "--place", "Maputo office", "--unit", "Sales")


async def _people(url: str) -> None:
    engine = make_engine(url)
    async with make_sessions(engine).begin() as session:
        now = SystemClock().now()
        workspace = await ensure_workspace(session, "memory", "acme", now)
        for user, unit in (("lena", "Sales"), ("ana", "Sales"), ("ola", "Finance")):
            await upsert_member(
                session, workspace, user, now, display_name=user.title(), unit=unit, tz=None
            )
    await engine.dispose()


async def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    async with make_sessions(engine)() as session:
        events = await session.scalar(select(func.count()).select_from(Event))
        sent = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.kind == "event")
        )
    await engine.dispose()
    return int(events or 0), int(sent or 0)


@pytest.fixture
def people(isolated: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "db", "upgrade")[0] == 0
    asyncio.run(_people(isolated))
    return isolated


def test_an_event_is_announced_listed_and_cancelled(
    people: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KMBOT_PUBLIC_URL", "https://kmbot.example.org")
    code, out, _ = run(
        capsys, "event", "create", *GOOD, "--host", "memory:acme:lena", "--capacity", "10"
    )
    assert code == 0
    assert out.startswith("Event #1 Field day: announced to 2 people; calendar ")
    assert "https://kmbot.example.org/events/1.ics?token=" in out
    assert asyncio.run(_counts(people)) == (1, 2)

    code, out, _ = run(capsys, "event", "list")
    assert out == (
        "#1 2031-03-05 14:00 Europe/Lisbon Field day: going 0/10, waitlist 0, can't go 0, "
        "no answer 2\n"
    )
    code, out, _ = run(capsys, "event", "cancel", "1")
    assert out == "Cancelled #1 Field day; told 0 who were going or waiting.\n"
    assert "Field day [cancelled]" in run(capsys, "event", "list")[1]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"--date": "2031-13-05"}, "--date '2031-13-05' is not YYYY-MM-DD"),
        ({"--time": "25:00"}, "--time '25:00' is not HH:MM"),
        ({"--zone": "Mars/Base"}, "unknown time zone 'Mars/Base' (e.g. Europe/Lisbon)"),
        ({"--date": "2020-03-05"}, "the event must start in the future"),
        ({"--place": ""}, "say where: --place, --link, or both"),
        ({"--link": "zoom.us/j/1"}, "--link 'zoom.us/j/1' must start with https://"),
        ({"--unit": "Sails"}, "nobody is in that audience: check --program or --unit"),
        ({"--capacity": "0"}, "--capacity must be at least 1"),
        ({"--host": "nobody@example.com"}, "unknown person 'nobody@example.com'"),
        ({"--program": "Weekly"}, "give the audience: --program NAME or --unit UNIT (not both)"),
        ({"--duration": "5"}, "--duration must be between 15 and 1440 minutes"),
        ({"--title": " "}, "--title must be 1 to 200 characters"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_is_announced(
    people: str, capsys: pytest.CaptureFixture[str], change: dict[str, str], error: str
) -> None:
    argv = list(GOOD)
    for option, value in change.items():
        if option in argv:
            argv[argv.index(option) + 1] = value
        else:
            argv += [option, value]
    code, _, err = run(capsys, "event", "create", *argv)
    assert code == 2
    assert one_line(err).startswith(error)
    assert asyncio.run(_counts(people)) == (0, 0)


@pytest.mark.parametrize(
    ("event_id", "error"),
    [("7", "no event #7 (see `kmbot event list`)"), ("x", "event id must be a number, not 'x'")],
)
def test_cancelling_an_unknown_event_is_one_line(
    people: str, capsys: pytest.CaptureFixture[str], event_id: str, error: str
) -> None:
    code, _, err = run(capsys, "event", "cancel", event_id)
    assert code == 2 and one_line(err) == error


def test_a_draft_program_s_event_is_refused_and_nothing_is_announced(
    people: str, capsys: pytest.CaptureFixture[str]
) -> None:
    program = ("program", "create", "Sales pilot", "--purpose", "We learn.", "--share-mode")
    assert run(capsys, *program, "private", "--audience", "unit:Sales")[0] == 0
    event = ("--title", "Field day", *FUTURE, "--place", "Maputo office")
    code, _, err = run(capsys, "event", "create", *event, "--program", "Sales pilot")

    assert code == 2
    assert one_line(err) == (
        "program 'Sales pilot' is draft: it sends nothing yet, so neither does its event; "
        "launch it first (kmbot program launch Sales pilot) or invite units with --unit"
    )
    assert asyncio.run(_counts(people)) == (0, 0)
    assert run(capsys, "program", "launch", "Sales pilot")[0] == 0
    code, out, _ = run(capsys, "event", "create", *event, "--program", "Sales pilot")
    assert code == 0 and "announced to 2 people" in out
