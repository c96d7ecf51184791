"""Why a member skipped (optional: no time, not relevant, not comfortable, other), only ever
shown counted together, and only when enough reasons were given that nobody stands out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import PROMPT_SKIP_REASON
from bot.chat import Button, OutgoingMessage, Response
from bot.db.models import Member, Prompt
from bot.i18n import _
from bot.programs.skip_figures import REASONS
from bot.prompts.answers import SKIPPED

__all__ = ["SKIPPED", "record_reason", "skipped_reply"]


def skipped_reply(prompt_id: int) -> OutgoingMessage:
    """The skip's confirmation, asking (optionally) why."""
    return OutgoingMessage(
        text=_(SKIPPED)
        + "\n\n"
        + _(
            "If you like, tell us why. Reasons are only ever counted together "
            "with others', never shown with your name."
        ),
        buttons=tuple(
            Button(PROMPT_SKIP_REASON, _(label), f"{prompt_id}:{reason}")
            for reason, label in REASONS.items()
        ),
    )


async def record_reason(session: AsyncSession, member: Member, value: str) -> Response:
    prompt_id, _sep, reason = value.partition(":")
    prompt = await session.get(Prompt, int(prompt_id)) if prompt_id.isdigit() else None
    if prompt is None or prompt.member_id != member.id or reason not in REASONS:
        return Response(text=_("That choice is no longer available."))
    if prompt.status != "skipped":
        return Response(
            text=_("This question is not skipped any more, so there is no reason to give.")
        )
    prompt.skip_reason = reason
    return Response(text=_("Thanks for telling us. It is counted, never shown with your name."))
