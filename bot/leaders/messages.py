"""What kmbot says to leads and champions: nudges, recognition digests, weekly summaries."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import NUDGE_LESSON, NUDGE_SNOOZE, NUDGE_THANK, REPLY_THANK
from bot.chat import Button, OutgoingMessage
from bot.leaders.rules import DEFAULT_RULES, LeadSignals, NudgeRules, TeamFigures

MAX_THANK_BUTTONS = 10


def reason_text(reason: str, signals: LeadSignals, rules: NudgeRules = DEFAULT_RULES) -> str:
    if reason == "not_shared":
        quiet = signals.weeks_since_shared
        return (
            "You haven't shared a lesson yet: teams share more when their lead goes first."
            if quiet is None
            else f"You haven't shared for {quiet} weeks: teams share more when their lead "
            "goes first."
        )
    if reason == "participation_drop":
        return "Your team's participation dropped well below its recent average."
    return (
        f"{signals.team.unacknowledged} answer(s) from your team haven't been "
        "acknowledged yet: a thank-you goes a long way."
    )


def figures_text(team: TeamFigures, rules: NudgeRules = DEFAULT_RULES) -> str:
    """The team's figures, or why they are withheld (small groups stay anonymous)."""
    if team.size < rules.min_group:
        return (
            f"Your team has fewer than {rules.min_group} people, so I don't show its "
            "figures: they would identify individuals."
        )
    parts = []
    if team.last_rate is not None:
        parts.append(f"last round {team.last_rate:.0%} answered")
    if team.average_rate is not None:
        parts.append(f"4-round average {team.average_rate:.0%}")
    parts.append(f"{team.unacknowledged} answer(s) not yet acknowledged")
    return f"Your team ({team.size} people): " + ", ".join(parts) + "."


def nudge_message(
    nudge_id: int, reasons: Sequence[str], figures: str, question: str
) -> OutgoingMessage:
    text = "\n".join(
        [*reasons, "", figures, "", f"A lesson you could share in two minutes: _{question}_"]
    )
    return OutgoingMessage(
        title="Your team's week: go first",
        text=text,
        buttons=(
            Button(NUDGE_LESSON, "Post a lesson", str(nudge_id), "primary"),
            Button(NUDGE_THANK, "Thank my team", str(nudge_id)),
            Button(NUDGE_SNOOZE, "Snooze for 2 weeks", str(nudge_id)),
        ),
    )


def recognition_message(
    program: str, week: str, answers: Sequence[tuple[int, str, str]]
) -> OutgoingMessage:
    """Answers from the lead's team this round (id, author, text), each with a Thank button."""
    if not answers:
        return OutgoingMessage(
            title=f"{program}: your team's answers ({week})",
            text="Nobody in your team shared openly this round.",
        )
    lines = [f"*{author}*: {text[:200]}" for _, author, text in answers]
    buttons = tuple(
        Button(REPLY_THANK, f"Thank {author}"[:30], str(reply_id))
        for reply_id, author, _ in answers[:MAX_THANK_BUTTONS]
    )
    return OutgoingMessage(
        title=f"{program}: your team's answers ({week})",
        text="\n".join(lines),
        buttons=buttons,
        context=("A thank-you tells the author who noticed.",),
    )


def thanked_message(lead: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(
        title="Someone noticed your answer", text=f"{lead} thanked you for sharing: “{text[:200]}”"
    )


def summary_message(week: str, lines: Sequence[str]) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"kmbot weekly summary ({week})",
        text="\n".join(lines) or "No program has run a round yet.",
    )
