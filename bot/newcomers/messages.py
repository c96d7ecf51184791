"""What newcomers and their partners read: the welcome and the second week's introductions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.chat import OutgoingMessage, PersonLink
from bot.i18n import _
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
    hello = _("Welcome, {name}!").format(name=name) if name else _("Welcome!")
    parts = [
        hello
        + " "
        + _(
            "Here we share what we learn, a few lines a week, so that nobody has to "
            "learn the same thing twice. For your first weeks your questions are starter "
            "questions about your first days; then you get the same weekly question as everyone."
        )
    ]
    for program in programs[:MAX_PROGRAMS]:
        parts.append(_program_lines(program))
    if advice:
        quotes = "\n".join(
            f"> {_quote(a.text)}\n> — {a.author or _('a colleague (anonymous)')}" for a in advice
        )
        parts.append(_("*What colleagues say a newcomer should know*") + "\n" + quotes)
    return OutgoingMessage(
        title=_("Welcome to kmbot"),
        text="\n\n".join(parts),
        context=(_("Type `help` to see what you can do, or `stop` to stop the questions."),),
    )


def _program_lines(program: WelcomeProgram) -> str:
    lines = [
        f"*{program.name}*: {program.purpose}",
        "• " + _("When: {when}.").format(when=program.when),
        f"• {who_sees_line(program.share_mode, program.default_visibility)}",
        "• "
        + _(
            "Shared answers show your name; anonymous ones show neither name nor unit, and "
            "reach your team's lead only when at least {floor} of the team "
            "answered that round; private ones are never shared."
        ).format(floor=program.anonymity_floor),
    ]
    if program.checkins:
        lines.append(
            "• " + _("Every few weeks you are introduced to a colleague for a short chat.")
        )
    return "\n".join(lines)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= ADVICE_QUOTE_CHARS:
        return flat
    return flat[:ADVICE_QUOTE_CHARS].rstrip() + " …"


def newcomer_partner_message(partner: PersonLink, unit: str, program: str) -> OutgoingMessage:
    """The newcomer's introduction, in their second week, to a colleague of another unit."""
    meet = (
        _("Your second week: meet {name} from {unit}.").format(name=partner.name, unit=unit)
        if unit
        else _("Your second week: meet {name} from another team.").format(name=partner.name)
    )
    return OutgoingMessage(
        title=_("Meet a colleague"),
        text=meet
        + " "
        + _(
            "A 20-minute chat is a good way to learn how things work here ({program}). "
            "Ask them what they wish they had known in their first month."
        ).format(program=program),
        people=(partner,),
    )


def colleague_partner_message(newcomer: PersonLink, unit: str, program: str) -> OutgoingMessage:
    """The colleague's side: a newcomer of another unit would like a short chat."""
    started = (
        _("{name} started in {unit} recently.").format(name=newcomer.name, unit=unit)
        if unit
        else _("{name} started recently.").format(name=newcomer.name)
    )
    return OutgoingMessage(
        title=_("A newcomer to meet"),
        text=started
        + " "
        + _(
            "Would you have a 20-minute chat with them this week? "
            "Colleagues from other teams help a newcomer most ({program})."
        ).format(program=program),
        people=(newcomer,),
    )
