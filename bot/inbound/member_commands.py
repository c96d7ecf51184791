"""What the commands members type (or click on a settings control) do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions
from bot.calendar.countries import check_country
from bot.chat import Response
from bot.checkins.answers import never_pair
from bot.db.models import Member
from bot.i18n import _
from bot.inbound.command_parsing import Command, CommandError, help_text, parse_pause_until
from bot.inbound.language_command import choose_language
from bot.people import directory
from bot.privacy import requests
from bot.prompts.lessons import lesson_form
from bot.prompts.status import member_status, paused_text, status_message

# Settings controls on a home view or card do what the typed command does.
SETTINGS_COMMANDS = {
    actions.SETTINGS_PAUSE: "pause",
    actions.SETTINGS_RESUME: "resume",
    actions.SETTINGS_OPT_OUT: "stop",
    actions.SETTINGS_OPT_IN: "start",
    actions.SETTINGS_TZ: "tz",
}

Run = Callable[[AsyncSession, Member, str, date], Awaitable[Response]]


async def run_member_command(
    session: AsyncSession, member: Member, command: Command, today: date
) -> Response:
    """Carry out `command` for `member`; `today` is the member's local date."""
    run = COMMANDS.get(command.name, _help)
    try:
        return await run(session, member, command.argument, today)
    except CommandError as exc:  # a known command written wrongly: say how to write it
        return Response(text=str(exc))


async def _pause(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    until = parse_pause_until(argument, today)
    directory.pause(member, until)
    return Response(text=paused_text(until.isoformat()))


async def _zone(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    zone = None if argument in ("", "auto") else argument
    try:
        directory.set_zone(member, zone)
    except ValueError as exc:  # not an IANA zone
        raise CommandError(str(exc)) from None
    if zone is None:
        return Response(text=_("Your time zone is now taken from the platform."))
    return Response(text=_("Your time zone is now {zone}.").format(zone=zone))


async def _country(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    if not argument:
        if member.country is None:
            return Response(text=_("Your country is not set."))
        return Response(text=_("Your country is {country}.").format(country=member.country))
    try:
        member.country = None if argument.lower() == "none" else check_country(argument)
    except ValueError as exc:  # not a country the holidays package knows
        raise CommandError(str(exc)) from None
    if member.country is None:
        return Response(text=_("No country set: no public holidays are skipped for you."))
    return Response(
        text=_(
            "Your country is now {country}: nothing arrives on its public holidays "
            "or weekend days; the round moves to your next working day."
        ).format(country=member.country)
    )


async def _resume(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    directory.resume(member)
    return Response(text=_("Welcome back! Your next question arrives with the next round."))


async def _stop(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    directory.set_opted_out(member, True)
    return Response(text=_("You're opted out; type `start` any time to come back."))


async def _start(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    directory.set_opted_out(member, False)
    return Response(text=_("You're in. Welcome back!"))


async def _status(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    return Response(message=status_message(await member_status(session, member)))


async def _share(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    return Response(form=lesson_form())


async def _nopair(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    return await never_pair(session, member, argument)


async def _my_data(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    return await requests.send_my_data(session, member, today)


async def _delete_my_data(
    session: AsyncSession, member: Member, argument: str, today: date
) -> Response:
    return await requests.ask_to_delete(session, member)


async def _help(session: AsyncSession, member: Member, argument: str, today: date) -> Response:
    return Response(text=help_text())


COMMANDS: dict[str, Run] = {
    "pause": _pause,
    "tz": _zone,
    "country": _country,
    "resume": _resume,
    "stop": _stop,
    "start": _start,
    "status": _status,
    "share": _share,
    "nopair": _nopair,
    "mydata": _my_data,
    "deletemydata": _delete_my_data,
    "help": _help,
    "lang": choose_language,
}
