"""Moments of trust the demo plays once, by rule and not by dice (the seeded habits play as
before): an answer edited, a skip with its reason, and an archived answer that helped."""

from __future__ import annotations

from bot.actions import (
    ARCHIVE_HELPED,
    PROMPT_ANSWER,
    PROMPT_SKIP,
    PROMPT_SKIP_REASON,
    REPLY_EDIT,
    REPLY_HELPFUL,
)
from bot.chat import ActionClicked, FormSubmitted, MemberAddress, MessageReceived, Response
from bot.demo.members import Act, Simulation
from bot.demo.organisation import FEED, WORKSPACE

SEARCHED = "checklist"  # a word the simulated answers use


def _who(user: str) -> MemberAddress:
    return MemberAddress("memory", WORKSPACE, user)


def _said(response: Response | None) -> str:
    if response is None:
        return ""
    text = response.text or (response.message.text if response.message else "")
    return text or (f"(a form opened: {response.form.title})" if response.form else "")


def _note(simulation: Simulation, user: str, did: str, response: Response | None) -> None:
    simulation.acts.append(Act(simulation.clock.now(), user, did, _said(response)))


async def edit_one_answer(simulation: Simulation) -> None:
    """The first colleague whose answered prompt offers Edit rewords their answer."""
    for _ref, message in simulation.platform.updates:
        edit = next((b for b in message.buttons if b.action_id == REPLY_EDIT), None)
        if edit is None:
            continue
        member = next(
            s.to.user
            for s in simulation.platform.transcript
            if s.ref == _ref and isinstance(s.to, MemberAddress)
        )
        opened = await simulation.core.inbound.handle(
            ActionClicked(f"demo-edit-{edit.value}", _who(member), REPLY_EDIT, edit.value)
        )
        _note(simulation, member, "clicked: Edit", opened)
        if opened is None or opened.form is None:
            return
        form = opened.form
        fields = {f.field_id: f.initial for f in form.fields}
        first = form.fields[0].field_id
        fields[first] = (fields[first] + " (And we wrote it down for the next team.)").strip()
        saved = await simulation.core.inbound.handle(
            FormSubmitted(
                f"demo-edited-{edit.value}", _who(member), form.form_id, form.value, fields
            )
        )
        _note(simulation, member, "edited the answer", saved)
        return


async def skip_with_a_reason(simulation: Simulation) -> None:
    """The first colleague who is not answering this week's prompt skips it, saying why."""
    for sent in simulation.platform.transcript:
        button = sent.message.buttons[0] if sent.message.buttons else None
        if (
            button is None
            or button.action_id != PROMPT_ANSWER
            or not isinstance(sent.to, MemberAddress)
            or int(button.value) in simulation.answered_prompts
        ):
            continue
        user = sent.to.user
        simulation.answered_prompts.add(int(button.value))  # no later answer is planned for it
        skipped = await simulation.core.inbound.handle(
            ActionClicked(f"demo-skip-{button.value}", _who(user), PROMPT_SKIP, button.value)
        )
        _note(simulation, user, "clicked: Skip this week", skipped)
        message = skipped.message if skipped is not None else None
        reason = next(
            (b for b in (message.buttons if message else ()) if b.value.endswith(":no_time")),
            None,
        )
        if reason is not None:
            given = await simulation.core.inbound.handle(
                ActionClicked(
                    f"demo-why-{button.value}", _who(user), PROMPT_SKIP_REASON, reason.value
                )
            )
            _note(simulation, user, f"gave a reason: {reason.label}", given)
        return


async def an_answer_helped(simulation: Simulation, user: str) -> None:
    """`user` searches the archive and says a colleague's answer helped them (its author
    hears of it in a batched note)."""
    found = await simulation.core.inbound.handle(
        MessageReceived(f"demo-search-{user}", _who(user), f"D-{user}", f"search {SEARCHED}")
    )
    _note(simulation, user, f"typed: search {SEARCHED}", found)
    message = found.message if found is not None else None
    for button in message.buttons if message else ():
        if button.action_id != ARCHIVE_HELPED:
            continue
        helped = await simulation.core.inbound.handle(
            ActionClicked(f"demo-helped-{button.value}", _who(user), ARCHIVE_HELPED, button.value)
        )
        _note(simulation, user, f"clicked: {button.label}", helped)
        if "yours" not in _said(helped):
            return


async def a_lesson_was_helpful(simulation: Simulation, user: str) -> None:
    """`user` clicks Helpful on the first lead's lesson in the feed (its author hears of it
    in the day's Helpful note)."""
    for sent in simulation.platform.posted_in(FEED):
        helpful = next((b for b in sent.message.buttons if b.action_id == REPLY_HELPFUL), None)
        if helpful is None:
            continue
        clicked = await simulation.core.inbound.handle(
            ActionClicked(f"demo-helpful-{helpful.value}", _who(user), REPLY_HELPFUL, helpful.value)
        )
        _note(simulation, user, "clicked Helpful on a lesson in the feed", clicked)
        if "yours" not in _said(clicked).lower():
            return
