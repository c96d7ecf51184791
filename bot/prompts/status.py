"""A member's own view: streak, this week's question, recent shared answers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import PROMPT_ANSWER
from bot.chat import Button, OutgoingMessage
from bot.db.models import Member, Prompt, Question, Reply
from bot.i18n import _, ngettext
from bot.prompts.scope import programs_of
from bot.prompts.streaks import streak


@dataclass(frozen=True)
class MemberStatus:
    streak: int
    current_question: str | None
    current_prompt_id: int | None
    current_status: str | None
    recent_shared: tuple[str, ...]
    paused_until: str | None
    opted_out: bool


async def member_status(session: AsyncSession, member: Member) -> MemberStatus:
    history = list(
        (
            await session.execute(
                select(Prompt.id, Prompt.status, Question.text)
                .join(Question, Prompt.question_id == Question.id)
                .where(Prompt.member_id == member.id)
                .order_by(Prompt.opened_at)
            )
        ).all()
    )
    latest = history[-1] if history else None
    recent = await session.scalars(
        select(Reply.answers)
        .where(
            Reply.visibility != "private",
            Reply.member_id != member.id,
            Reply.program_id.in_(await programs_of(session, member)),
        )
        .order_by(Reply.created_at.desc())
        .limit(3)
    )
    return MemberStatus(
        streak=streak([status for _, status, _ in history]),
        current_question=latest.text if latest else None,
        current_prompt_id=latest.id if latest else None,
        current_status=latest.status if latest else None,
        recent_shared=tuple(answers[0]["text"][:200] for answers in recent),
        paused_until=member.paused_until.isoformat() if member.paused_until else None,
        opted_out=member.opted_out,
    )


def status_message(status: MemberStatus) -> OutgoingMessage:
    """The status reply and the home view share this text."""
    weeks = ngettext("{count} week", "{count} weeks", status.streak).format(count=status.streak)
    lines = ["🔥 " + _("Your streak: {weeks} in a row.").format(weeks=weeks)]
    buttons: tuple[Button, ...] = ()
    if status.current_question:
        state = {
            "open": _("waiting for your answer"),
            "answered": _("answered, thank you"),
            "missed": _("missed (you can still answer; it will be marked late)"),
            "skipped": _("skipped"),
        }.get(status.current_status or "", "")
        lines.append(
            _("This week: _{question}_ ({state})").format(
                question=_(status.current_question), state=state
            )
        )
        if status.current_status in ("open", "missed", "skipped"):
            buttons = (
                Button(PROMPT_ANSWER, _("Answer"), str(status.current_prompt_id), "primary"),
            )
    else:
        lines.append(_("No question yet: your first one arrives with the next round."))
    if status.opted_out:
        lines.append(_("You have opted out. Type `start` to come back."))
    elif status.paused_until:
        lines.append(paused_text(status.paused_until))
    if status.recent_shared:
        lines.append(_("Recently shared by colleagues:"))
        lines += [f"> {text}" for text in status.recent_shared]
    return OutgoingMessage(title=_("Your kmbot"), text="\n".join(lines), buttons=buttons)


def paused_text(until: str) -> str:
    return _("Paused until {date}. Type `resume` to come back sooner.").format(date=until)
