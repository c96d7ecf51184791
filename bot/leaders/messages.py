"""What kmbot says to leads and champions: nudges, recognition digests, weekly summaries."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import NUDGE_LESSON, NUDGE_SNOOZE, NUDGE_THANK, REPLY_THANK
from bot.chat import Button, Image, OutgoingMessage
from bot.i18n import _
from bot.leaders.rules import DEFAULT_RULES, LeadSignals, NudgeRules, TeamFigures
from bot.prompts.digest_messages import weight

MAX_THANK_BUTTONS = 10
# How much of one message a lead's or a champion's weekly list fills at most (`weight`):
# read in one go, and well inside every platform's message.
WEEKLY_SHARE = 0.75
LINE = weight("\n")


def condensed(lines: Sequence[str], more: str, share: float = WEEKLY_SHARE) -> list[str]:
    """The first `lines` that fit `share` of a message, then `more` (formatted with how many
    were left out) when some did not: a weekly message is condensed, never split."""
    kept = fitting(lines, share - weight(more.format(len(lines))))
    return list(lines) if kept == len(lines) else [*lines[:kept], more.format(len(lines) - kept)]


def fitting(lines: Sequence[str], share: float) -> int:
    """How many of the first `lines`, a line each, fit `share` of a message."""
    filled = 0.0
    for count, line in enumerate(lines):
        filled += weight(line) + LINE
        if filled > share:
            return count
    return len(lines)


def reason_text(reason: str, signals: LeadSignals, rules: NudgeRules = DEFAULT_RULES) -> str:
    if reason == "not_shared":
        quiet = signals.weeks_since_shared
        return (
            _("You haven't shared a lesson yet: teams share more when their lead goes first.")
            if quiet is None
            else _(
                "You haven't shared for {weeks} weeks: teams share more when their lead goes first."
            ).format(weeks=quiet)
        )
    if reason == "participation_drop":
        return _("Your team's participation dropped well below its recent average.")
    return _(
        "{count} answer(s) from your team haven't been "
        "acknowledged yet: a thank-you goes a long way."
    ).format(count=signals.team.unacknowledged)


def figures_text(team: TeamFigures, rules: NudgeRules = DEFAULT_RULES) -> str:
    """The team's figures, or why they are withheld (small groups stay anonymous)."""
    if team.size < rules.min_group:
        return _(
            "Your team has fewer than {count} people, so I don't show its "
            "figures: they would identify individuals."
        ).format(count=rules.min_group)
    parts = []
    if team.last_rate is not None:
        parts.append(_("last round {rate} answered").format(rate=f"{team.last_rate:.0%}"))
    if team.average_rate is not None:
        parts.append(_("4-round average {rate}").format(rate=f"{team.average_rate:.0%}"))
    parts.append(_("{count} answer(s) not yet acknowledged").format(count=team.unacknowledged))
    return _("Your team ({size} people): {figures}.").format(
        size=team.size, figures=", ".join(parts)
    )


def nudge_message(
    nudge_id: int, reasons: Sequence[str], figures: str, question: str
) -> OutgoingMessage:
    text = "\n".join(
        [
            *reasons,
            "",
            figures,
            "",
            _("A lesson you could share in two minutes: _{question}_").format(question=_(question)),
        ]
    )
    return OutgoingMessage(
        title=_("Your team's week: go first"),
        text=text,
        buttons=(
            Button(NUDGE_LESSON, _("Post a lesson"), str(nudge_id), "primary"),
            Button(NUDGE_THANK, _("Thank my team"), str(nudge_id)),
            Button(NUDGE_SNOOZE, _("Snooze for 2 weeks"), str(nudge_id)),
        ),
    )


def dashboard_line(url: str) -> tuple[str, ...]:
    return (_("Trends, units and the archive: {url}").format(url=url),) if url else ()


def recognition_message(
    program: str,
    week: str,
    answers: Sequence[tuple[int, str, str]],
    figures: Sequence[str] = (),
    chart: Image | None = None,
    dashboard: str = "",
) -> OutgoingMessage:
    """Answers from the lead's team this round (id, author, text), with Thank buttons.

    A big team's answers are condensed, not split: the lead reads as many as fit one message
    (`fitting`) and "…and N more"; the first `MAX_THANK_BUTTONS` shown get a button.
    """
    head = condensed(figures, _("…and {} more program(s)."), WEEKLY_SHARE / 4)
    title = _("{program}: your team's answers ({week})").format(program=program, week=week)
    if not answers:
        return OutgoingMessage(
            title=title,
            text="\n".join([*head, _("Nobody in your team shared openly this round.")]),
            image=chart,
            context=dashboard_line(dashboard),
        )
    lines = [f"*{author[:80]}*: {text[:200]}" for _id, author, text in answers]
    more = _("…and {} more answer(s) from your team.")
    room = WEEKLY_SHARE - weight(more.format(len(lines))) - sum(weight(h) + LINE for h in head)
    listed = fitting(lines, room)
    if listed < len(lines):
        lines = [*lines[:listed], more.format(len(lines) - listed)]
    buttons = tuple(
        Button(REPLY_THANK, _("Thank {name}").format(name=author)[:30], str(reply_id))
        for reply_id, author, _text in answers[: min(listed, MAX_THANK_BUTTONS)]
    )
    return OutgoingMessage(
        title=title,
        text="\n".join([*head, *lines]),
        buttons=buttons,
        image=chart,
        context=(_("A thank-you tells the author who noticed."), *dashboard_line(dashboard)),
    )


def thanked_message(lead: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("Someone noticed your answer"),
        text=_("{lead} thanked you for sharing: “{text}”").format(lead=lead, text=text[:200]),
    )


def summary_message(
    week: str,
    lines: Sequence[str],
    chart: Image | None = None,
    dashboard: str = "",
    rounds_ran: bool = False,
) -> OutgoingMessage:
    """One line per running program; past what fits one message, "…and N more program(s)";
    the trend as a chart image and the dashboard's address when kmbot serves them. With no
    program running, whether any ever ran a round (`rounds_ran`)."""
    nothing = (
        _("No program is running now: those that ran rounds have ended or are paused.")
        if rounds_ran
        else _("No program has run a round yet.")
    )
    return OutgoingMessage(
        title=_("kmbot weekly summary ({week})").format(week=week),
        text="\n".join(condensed(lines, _("…and {} more program(s)."))) or nothing,
        image=chart if lines else None,
        context=dashboard_line(dashboard),
    )
