"""What kmbot says about peer check-ins: intros, follow-ups, moving out and back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.actions import (
    CHECKIN_COULD_NOT,
    CHECKIN_LEARNING_FORM,
    CHECKIN_MET,
    CHECKIN_NOT_YET,
    CHECKIN_REJOIN,
    CHECKIN_SKIP_NEXT,
)
from bot.chat import Button, Choice, Form, FormField, MemberAddress, OutgoingMessage, PersonLink
from bot.i18n import _

OUTCOMES = {CHECKIN_MET: "met", CHECKIN_NOT_YET: "not_yet", CHECKIN_COULD_NOT: "could_not"}


@dataclass(frozen=True)
class Partner:
    """A colleague in the member's group, as the intro describes them."""

    address: MemberAddress
    name: str
    unit: str
    zone: str
    recently_shared: str = ""
    email: str = ""


def intro_message(
    group_id: int, program: str, partners: Sequence[Partner], why: str, starter: str
) -> OutgoingMessage:
    """'Meet Ben': who, why you were matched, a conversation starter, and buttons."""
    names = names_text([p.name for p in partners])
    lines = [_("This round you're matched with {names}.").format(names=names)]
    for partner in partners:
        unit = partner.unit or _("no unit")
        lines.append(f"• *{partner.name}*: {unit}, {partner.zone}")
        if partner.recently_shared:
            lines.append("  " + _("recently shared: “{text}”").format(text=partner.recently_shared))
    lines += [
        _("Why you: {why}").format(why=why),
        _("A conversation starter: _{starter}_").format(starter=_(starter)),
        _("Find 20 minutes before the next round; I'll ask how it went."),
    ]
    return OutgoingMessage(
        title=_("{program}: peer check-in with {names}").format(program=program, names=names),
        text="\n".join(lines),
        buttons=(
            Button(CHECKIN_MET, _("We met"), str(group_id), "primary"),
            Button(CHECKIN_SKIP_NEXT, _("Skip next round"), str(group_id)),
        ),
        people=tuple(PersonLink(p.address, p.name, p.email) for p in partners),
    )


def names_text(names: Sequence[str]) -> str:
    """'Ana', 'Ana and Ben', 'Ana, Ben and Caro' in the current language."""
    if len(names) < 2:
        return "".join(names)
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def followup_message(group_id: int, names: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("Peer check-in: how did it go?"),
        text=_("Did you meet {names}?").format(names=names),
        buttons=(
            Button(CHECKIN_MET, _("Yes, we met"), str(group_id), "primary"),
            Button(CHECKIN_NOT_YET, _("Not yet"), str(group_id)),
            Button(CHECKIN_COULD_NOT, _("We could not"), str(group_id)),
        ),
    )


def learning_form(group_id: int) -> Form:
    return Form(
        CHECKIN_LEARNING_FORM,
        _("What did you learn?"),
        (
            FormField(
                "q0",
                _("What did you learn from each other? (one line, optional)"),
                multiline=False,
                optional=True,
                max_length=300,
            ),
            FormField(
                "visibility",
                _("Share it as a lesson?"),
                multiline=False,
                choices=(
                    Choice("shared", _("Yes, share it with my name")),
                    Choice("anonymous", _("Share it anonymously")),
                    Choice("private", _("No, keep it private")),
                ),
            ),
        ),
        value=str(group_id),
        submit_label=_("Save"),
    )


def moved_out_message() -> OutgoingMessage:
    return OutgoingMessage(
        title=_("Peer check-ins paused for you"),
        text=_(
            "You haven't answered the last three check-ins, so I've stopped matching you. "
            "No hard feelings: come back whenever you like."
        ),
        buttons=(Button(CHECKIN_REJOIN, _("Match me again"), "", "primary"),),
    )


def reason_sentence(units: Sequence[str], reasons: Sequence[str]) -> str:
    """The matcher's terse reasons ('cross-unit', '3h shared working hours') for people."""
    phrases = []
    for reason in reasons:
        if reason == "cross-unit":
            units_text = ", ".join(sorted(set(units)))
            phrases.append(_("you work in different units ({units})").format(units=units_text))
        elif reason == "same unit":
            phrases.append(_("you haven't been matched with each other yet"))
        elif reason == "no shared working hours":
            phrases.append(_("your working days barely overlap, so pick a time that suits both"))
        elif reason.endswith("shared working hours"):
            hours = reason.split("h ")[0]
            phrases.append(_("you share {hours} working hours a day").format(hours=hours))
        elif reason == "mixed seniority":
            phrases.append(_("you are at different stages of your careers"))
        elif reason.startswith("met before in "):
            when = reason.removeprefix("met before in ")
            phrases.append(_("you last met in {when}").format(when=when))
    return "; ".join(phrases)
