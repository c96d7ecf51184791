"""What pilots and the program commands say: previews, overlaps, the seeds' advice, history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.i18n import N_, _

PREVIEW_NOTHING = "nothing would be sent in these two weeks"
SHOWN_NAMES = 8

ADVICE = {
    "everyone": "the audience is everyone: a pilot needs a unit to compare with, and a "
    "whole-organisation launch has none",
    "km_team": "the audience is the KM team or the champions: KM showing KM works convinces "
    "no sceptic (a car salesman selling a Lexus by saying he drives one)",
    "support": "a support function: pick a frontline function, where a business benefit "
    "can be shown to the people who decide",
    "no_metric": "no business metric: without one there is no baseline, so no saving can be "
    "shown to convince the sceptic",
    "no_comparison": "no comparison unit: without one a change cannot be told from what "
    "would have happened anyway",
    "not_established": "the practice is not established: a new practice mixes two changes, "
    "so the pilot cannot say which one worked",
}


def when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M UTC")


def preview_header(name: str, status: str, start: datetime, end: datetime) -> str:
    return f"program {name!r} ({status}): what it would send from {when(start)} to {when(end)}"


def preview_line(opens: datetime, cycle: int, question: str, people: Sequence[str]) -> str:
    shown = ", ".join(people[:SHOWN_NAMES])
    more = f" and {len(people) - SHOWN_NAMES} more" if len(people) > SHOWN_NAMES else ""
    return f"{when(opens)}  round {cycle + 1}: {question!r} to {len(people)}: {shown}{more}"


def preview_followups(remind_at: datetime | None, closes: datetime, share_mode: str) -> str:
    parts = [f"reminder {when(remind_at)} to those who have not answered"] if remind_at else []
    closing = f"round closes {when(closes)}"
    if share_mode == "digest":
        closing += ", then the digest"
    return "    " + "; ".join([*parts, closing])


def overlap_warning(name: str, other: str, people: int, weeks: Sequence[str]) -> str:
    more = f" (and {len(weeks) - 1} more weeks)" if len(weeks) > 1 else ""
    return (
        f"warning: {name!r} and {other!r} both reach the same {people} people in week "
        f"{weeks[0]}{more}: they would get two prompts that week"
    )


def advice_warning(key: str) -> str:
    return f"warning: {ADVICE[key]}"


def history_line(at: datetime, actor: str, what: str, why: str) -> str:
    return f"{at.strftime('%Y-%m-%d %H:%M')}\t{actor}\t{what}\t{why or '-'}"


HISTORY_HEADER = "when (UTC)\twho\twhat\twhy"
NO_HISTORY = "no recorded changes"


def _amount(value: float, unit: str) -> str:
    """12 points, 4.5%, 3 hours: one decimal at most."""
    shown = f"{round(value, 1):g}"
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def estimate_sentence(
    kind: str,
    effect: float | None,
    low: float | None,
    high: float | None,
    conclusive: bool,
    what: str,
    unit: str,
) -> str:
    """A statistics.Estimate in one plain sentence (see bot.pilots.statistics)."""
    if kind == "too_few" or effect is None or low is None or high is None:
        return _("Too few people to tell.")
    spread = {"low": _amount(low, unit), "high": _amount(high, unit), "what": what}
    if not conclusive:
        if kind == "did":
            return _(
                "The difference in {what} between the pilot and the comparison is "
                "inconclusive: the interval, {low} to {high}, includes no change."
            ).format(**spread)
        return _(
            "The change in {what} in the pilot is inconclusive: the interval, {low} to "
            "{high}, includes no change (and with no comparison unit, it could not show a "
            "cause)."
        ).format(**spread)
    values = {**spread, "What": what[:1].upper() + what[1:], "size": _amount(abs(effect), unit)}
    if kind == "did":
        if effect > 0:
            text = _(
                "{What} rose {size} more in the pilot than in the comparison "
                "(95% interval {low} to {high})."
            )
        else:
            text = _(
                "{What} fell {size} more in the pilot than in the comparison "
                "(95% interval {low} to {high})."
            )
        return text.format(**values)
    if effect > 0:
        text = _(
            "{What} rose {size} in the pilot from before to after (95% interval {low} to "
            "{high}); with no comparison unit this is a before/after change, not a measure "
            "of what the pilot caused."
        )
    else:
        text = _(
            "{What} fell {size} in the pilot from before to after (95% interval {low} to "
            "{high}); with no comparison unit this is a before/after change, not a measure "
            "of what the pilot caused."
        )
    return text.format(**values)


# The baseline pulse (three items, sent to the target and comparison units in chat)
PULSE_ITEMS = ("find", "ask", "hours")
PULSE_HOURS = ((0, "0"), (1, "1"), (2, "2"), (3, "3-4"), (5, "5-7"), (8, N_("8 or more")))
PULSE_GONE = N_("That survey is no longer open.")


def pulse_question(item: str) -> str:
    if item == "find":
        return _("I can easily find what colleagues have learned.")
    if item == "ask":
        return _("I know whom to ask.")
    return _("How many hours did you lose last week searching for information or redoing work?")


def pulse_intro() -> str:
    return _(
        "A three-question survey for a pilot your team is part of. Answers are only ever "
        "shown counted together with at least four others', never with your name."
    )


def pulse_scale() -> str:
    return _("1 = strongly disagree, 5 = strongly agree.")


def pulse_thanks() -> str:
    return _("Thank you: your answers are counted with your colleagues', never shown alone.")
