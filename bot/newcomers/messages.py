"""What newcomers and their partners read: the welcome and the second week's introductions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.chat import OutgoingMessage, PersonLink
from bot.prompts.capture_messages import who_sees_line

ADVICE_QUOTE_CHARS = 400
MAX_PROGRAMS = 3  # a welcome describes at most this many programs


@dataclass(frozen=True)
class WelcomeProgram:
    """One program a newcomer is in, as the welcome describes it."""

    name: str
    purpose: str
    when: str  # e.g. "every Thursday at 15:00 your time"
    share_mode: str
    default_visibility: str
    anonymity_floor: int
    checkins: bool


@dataclass(frozen=True)
class Advice:
    """A colleague's answer to "what should a newcomer know?"; `author` "" is anonymous."""

    author: str
    text: str


def welcome_message(
    name: str, programs: Sequence[WelcomeProgram], advice: Sequence[Advice]
) -> OutgoingMessage:
    """The first message a newcomer gets: how we share here, why, who sees what, and what
    colleagues say a newcomer should know."""
    hello = f"Welcome, {name}!" if name else "Welcome!"
    parts = [
        f"{hello} Here we share what we learn, a few lines a week, so that nobody has to "
        "learn the same thing twice. For your first weeks your questions are starter "
        "questions about your first days; then you get the same weekly question as everyone."
    ]
    for program in programs[:MAX_PROGRAMS]:
        parts.append(_program_lines(program))
    if advice:
        quotes = "\n".join(
            f"> {_quote(a.text)}\n> — {a.author or 'a colleague (anonymous)'}" for a in advice
        )
        parts.append("*What colleagues say a newcomer should know*\n" + quotes)
    return OutgoingMessage(
        title="Welcome to kmbot",
        text="\n\n".join(parts),
        context=("Type `help` to see what you can do, or `stop` to stop the questions.",),
    )


def _program_lines(program: WelcomeProgram) -> str:
    lines = [
        f"*{program.name}*: {program.purpose}",
        f"• When: {program.when}.",
        f"• {who_sees_line(program.share_mode, program.default_visibility)}",
        "• Shared answers show your name; anonymous ones show neither name nor unit, and "
        f"reach your team's lead only when at least {program.anonymity_floor} of the team "
        "answered that round; private ones are never shared.",
    ]
    if program.checkins:
        lines.append("• Every few weeks you are introduced to a colleague for a short chat.")
    return "\n".join(lines)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= ADVICE_QUOTE_CHARS:
        return flat
    return flat[:ADVICE_QUOTE_CHARS].rstrip() + " …"


def newcomer_partner_message(partner: PersonLink, unit: str, program: str) -> OutgoingMessage:
    """The newcomer's introduction, in their second week, to a colleague of another unit."""
    where = f" from {unit}" if unit else " from another team"
    return OutgoingMessage(
        title="Meet a colleague",
        text=(
            f"Your second week: meet {partner.name}{where}. A 20-minute chat is a good way "
            f"to learn how things work here ({program}). Ask them what they wish they had "
            "known in their first month."
        ),
        people=(partner,),
    )


def colleague_partner_message(newcomer: PersonLink, unit: str, program: str) -> OutgoingMessage:
    """The colleague's side: a newcomer of another unit would like a short chat."""
    where = f" in {unit}" if unit else ""
    return OutgoingMessage(
        title="A newcomer to meet",
        text=(
            f"{newcomer.name} started{where} recently. Would you have a 20-minute chat with "
            f"them this week? Colleagues from other teams help a newcomer most ({program})."
        ),
        people=(newcomer,),
    )
