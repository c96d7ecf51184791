"""What a pilot's review says to its sponsor and KM lead: figures, buttons, the reason form."""

from __future__ import annotations

from collections.abc import Sequence

from bot.actions import PILOT_ADJUST, PILOT_CONTINUE, PILOT_STOP
from bot.chat import Button, Form, FormField, Image, OutgoingMessage
from bot.i18n import N_, _

REASON_MAX_CHARS = 1000
INTERNAL = N_("For the pilot's sponsor and KM lead only.")
GONE = N_("That pilot is no longer there.")
NOT_A_REVIEWER = N_("Only the pilot's sponsor and its KM lead (admins, champions) decide on it.")
REASON_NEEDED = N_("Please say why, in a sentence: it goes in the program's history.")
CONTINUED = N_("Recorded: the pilot continues as planned.")
ADJUSTED = N_("Recorded: the pilot is to be adjusted; your reason is in its history.")
STOPPED = N_("Recorded: the pilot is stopped and has ended; your reason is in its history.")
NO_ESTIMATE = N_(
    "Business metric: no comparison yet (values are imported with `kmbot pilot metric import`)."
)


def review_title(program: str, week: int) -> str:
    if week == 0:
        return _("{program}: the pilot's final review").format(program=program)
    return _("{program}: week {week} review").format(program=program, week=week)


def target_line(what: str, figure: str, target: str, met: bool | None) -> str:
    """'Participation: 6/8, 75% (41–93%); target at least 60%: met'."""
    if not target:
        return _("{what}: {figure}").format(what=what, figure=figure)
    verdict = {True: _("met"), False: _("not met"), None: _("too few to tell")}[met]
    return _("{what}: {figure}; target {target}: {verdict}").format(
        what=what, figure=figure, target=target, verdict=verdict
    )


def participation_name(comparison: bool) -> str:
    return _("Comparison units, participation") if comparison else _("Participation")


def reuse_name() -> str:
    return _("Reuse (This helped me)")


def at_least(value: str) -> str:
    return _("at least {value}").format(value=value)


NOT_RECORDED = N_("not recorded in this database")
NOT_ASKED = N_("not asked by this program")


def review_message(
    pilot_id: int,
    week: int,
    program: str,
    lines: Sequence[str],
    chart: Image | None,
    dashboard: str,
) -> OutgoingMessage:
    """The review with Continue / Adjust / Stop; the value names the pilot and the review."""
    value = f"{pilot_id}:{week}"
    context = [_(INTERNAL)]
    if dashboard:
        context.append(_("The dashboard: {url}").format(url=dashboard))
    return OutgoingMessage(
        title=review_title(program, week),
        text="\n".join(lines),
        context=tuple(context),
        image=chart,
        buttons=(
            Button(PILOT_CONTINUE, _("Continue"), value, "primary"),
            Button(PILOT_ADJUST, _("Adjust…"), value),
            Button(PILOT_STOP, _("Stop…"), value, "danger"),
        ),
    )


def reason_form(action_id: str, value: str) -> Form:
    """Adjust and Stop ask why; the reason goes in the program's history."""
    stop = action_id == PILOT_STOP
    return Form(
        action_id,
        _("Stop the pilot") if stop else _("Adjust the pilot"),
        (
            FormField(
                "reason",
                _("Why? The other reviewers and the program's history show it."),
                max_length=REASON_MAX_CHARS,
            ),
        ),
        value=value,
        submit_label=_("Stop") if stop else _("Adjust"),
    )


def choice_name(choice: str) -> str:
    return {"continue": _("Continue"), "adjust": _("Adjust"), "stop": _("Stop")}[choice]


def already_decided(program: str, who: str, choice: str) -> str:
    return _("{who} already decided on this review of {program}: {choice}.").format(
        who=who, program=program, choice=choice_name(choice)
    )


def decided_note(program: str, week: int, who: str, choice: str, reason: str) -> OutgoingMessage:
    """What the other reviewers get: who decided, what, and why."""
    text = _("{who} chose {choice} on {review}.").format(
        who=who, choice=choice_name(choice), review=review_title(program, week)
    )
    if reason:
        text += "\n" + _("Their reason: “{reason}”").format(reason=reason)
    return OutgoingMessage(
        title=_("{program}: a review decision").format(program=program),
        text=text,
        context=(_(INTERNAL),),
    )
