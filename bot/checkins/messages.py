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
    names = " and ".join(p.name for p in partners)
    lines = [f"This round you're matched with {names}."]
    for partner in partners:
        lines.append(f"• *{partner.name}*: {partner.unit or 'no unit'}, {partner.zone}")
        if partner.recently_shared:
            lines.append(f"  recently shared: “{partner.recently_shared}”")
    lines += [
        f"Why you: {why}",
        f"A conversation starter: _{starter}_",
        "Find 20 minutes before the next round; I'll ask how it went.",
    ]
    return OutgoingMessage(
        title=f"{program}: peer check-in with {names}",
        text="\n".join(lines),
        buttons=(
            Button(CHECKIN_MET, "We met", str(group_id), "primary"),
            Button(CHECKIN_SKIP_NEXT, "Skip next round", str(group_id)),
        ),
        people=tuple(PersonLink(p.address, p.name, p.email) for p in partners),
    )


def followup_message(group_id: int, names: str) -> OutgoingMessage:
    return OutgoingMessage(
        title="Peer check-in: how did it go?",
        text=f"Did you meet {names}?",
        buttons=(
            Button(CHECKIN_MET, "Yes, we met", str(group_id), "primary"),
            Button(CHECKIN_NOT_YET, "Not yet", str(group_id)),
            Button(CHECKIN_COULD_NOT, "We could not", str(group_id)),
        ),
    )


def learning_form(group_id: int) -> Form:
    return Form(
        CHECKIN_LEARNING_FORM,
        "What did you learn?",
        (
            FormField(
                "q0",
                "What did you learn from each other? (one line, optional)",
                multiline=False,
                optional=True,
                max_length=300,
            ),
            FormField(
                "visibility",
                "Share it as a lesson?",
                multiline=False,
                choices=(
                    Choice("shared", "Yes, share it with my name"),
                    Choice("anonymous", "Share it anonymously"),
                    Choice("private", "No, keep it private"),
                ),
            ),
        ),
        value=str(group_id),
        submit_label="Save",
    )


def moved_out_message() -> OutgoingMessage:
    return OutgoingMessage(
        title="Peer check-ins paused for you",
        text=(
            "You haven't answered the last three check-ins, so I've stopped matching you. "
            "No hard feelings: come back whenever you like."
        ),
        buttons=(Button(CHECKIN_REJOIN, "Match me again", "", "primary"),),
    )


def reason_sentence(units: Sequence[str], reasons: Sequence[str]) -> str:
    """The matcher's terse reasons ('cross-unit', '3h shared working hours') for people."""
    phrases = []
    for reason in reasons:
        if reason == "cross-unit":
            phrases.append(f"you work in different units ({', '.join(sorted(set(units)))})")
        elif reason == "same unit":
            phrases.append("you haven't been matched with each other yet")
        elif reason == "no shared working hours":
            phrases.append("your working days barely overlap, so pick a time that suits both")
        elif reason.endswith("shared working hours"):
            phrases.append(f"you share {reason.split('h ')[0]} working hours a day")
        elif reason == "mixed seniority":
            phrases.append("you are at different stages of your careers")
        elif reason.startswith("met before in "):
            phrases.append(f"you last met in {reason.removeprefix('met before in ')}")
    return "; ".join(phrases)
