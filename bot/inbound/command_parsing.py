"""Chat commands members type (`pause 2026-12-24`, `status`, …), parsed without I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.i18n import N_, _

MEMBER_COMMANDS = {
    "help": N_("show this help"),
    "status": N_("your streak and this week's question"),
    "share": N_("post a lesson learned, any time"),
    "pause YYYY-MM-DD": N_("no questions until that date (inclusive)"),
    "resume": N_("end a pause"),
    "stop": N_("opt out of kmbot entirely"),
    "start": N_("opt back in"),
    "tz ZONE": N_("set your time zone, e.g. tz Europe/Lisbon (tz auto: use the platform's)"),
    "country CODE": N_(
        "your country, for its public holidays and weekend, e.g. country PT "
        "(country none: no holidays)"
    ),
    "nopair NAME": N_(
        "never pair me with NAME in check-ins (private; `nopair` lists, -NAME removes)"
    ),
    "ask leads QUESTION": N_(
        "send a question to your leads (`ask leads anonymously …` hides "
        "your name); I bring you the answer"
    ),
    "my data": N_("get a file of everything kmbot holds about you"),
    "delete my data": N_("erase what kmbot holds about you (asks you first)"),
    "search WORDS": N_("find shared answers and lessons (narrow with tag:, unit:, since:)"),
    "dashboard": N_("a one-time sign-in link to the web dashboard (leads, champions, admins)"),
    "propose QUESTION": N_(
        "propose a question for your program; colleagues vote, admins adopt "
        "(`propose` alone opens a form)"
    ),
    "lang CODE": N_("the language I write to you in, e.g. lang fr (`lang` lists them)"),
}


# Words that make "pause next friday" a pause written wrongly (told how), not an answer
DATE_WORDS = frozenset(
    [
        "next",
        "until",
        "till",
        "tomorrow",
        "today",
        "week",
        "weeks",
        "month",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


@dataclass(frozen=True)
class Command:
    name: str
    argument: str = ""


class CommandError(ValueError):
    """A known command with a bad argument; the message says how to write it."""


def parse_command(text: str) -> Command | None:
    """A member command, or None when the text is not one (then it may be an answer)."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return None
    name = words[0].lower().lstrip("/")
    argument = words[1].strip() if len(words) > 1 else ""
    if name in {"help", "status", "share", "resume", "stop", "start", "dashboard"} and not argument:
        return Command(name)
    if name in {"pause", "tz", "country", "lang"} and len(text.split()) <= 2:
        return Command(name, argument)
    if name == "pause" and len(argument.split()) <= 3 and _says_when(argument):
        return Command(name, argument)
    if name in {"nopair", "search"} or (
        name == "ask" and argument.lower().split()[:1] in (["leads"], ["lead"])
    ):
        return Command(name, argument)
    if name == "propose":
        return Command(name, argument)
    if name == "my" and argument.lower() == "data":
        return Command("mydata")
    if name == "delete" and " ".join(argument.lower().split()) == "my data":
        return Command("deletemydata")
    return None


def _says_when(argument: str) -> bool:
    words = set(argument.lower().split())
    return any(c.isdigit() for c in argument) or bool(words & DATE_WORDS)


def parse_pause_until(argument: str, today: date) -> date:
    try:
        until = date.fromisoformat(argument)
    except ValueError:
        raise CommandError(
            _("Use pause YYYY-MM-DD, e.g. pause {example}").format(example=today.replace(day=28))
        ) from None
    if until < today:
        raise CommandError(
            _("{date} is in the past; choose a date from {today} on.").format(
                date=until, today=today
            )
        )
    return until


def help_text() -> str:
    lines = [_("Here is what you can tell me:")]
    lines += [f"• `{usage}`: {_(meaning)}" for usage, meaning in MEMBER_COMMANDS.items()]
    lines.append(
        _(
            "Anything else you write while a question is open can become your answer: I ask "
            "you first (unless your program saves replies at once), and a question is never "
            "saved."
        )
    )
    return "\n".join(lines)
