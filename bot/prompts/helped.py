"""'Who helped you this week?': the member names colleagues, and kmbot thanks each by name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import HELPED_FORM
from bot.chat import Form, FormField, FormSubmitted, OutgoingMessage, Response
from bot.db.models import Member, Prompt, Question, Reply
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.prompts.messages import format_answers


def helped_form(reply_id: int) -> Form:
    names = FormField(
        "names",
        _("Whom should I thank? Names, separated by commas"),
        multiline=False,
        max_length=500,
    )
    return Form(HELPED_FORM, _("Thank them"), (names,), value=str(reply_id), submit_label=_("Send"))


def helped_note(author: str, question: str, answers: list[dict[str, str]]) -> OutgoingMessage:
    return OutgoingMessage(
        title=_("{author} thanked you").format(author=author),
        text=_("{author} named you in answer to _{question}_").format(
            author=author, question=_(question)
        )
        + f"\n\n{format_answers(answers)}",
    )


async def open_helped(session: AsyncSession, member: Member, value: str) -> Response:
    reply = await session.get(Reply, int(value)) if value.isdigit() else None
    if reply is None or reply.member_id != member.id:
        return Response(text=_("That answer is no longer there."))
    return Response(form=helped_form(reply.id))


async def thank_named(
    session: AsyncSession, member: Member, event: FormSubmitted, now: datetime
) -> Response:
    """Each colleague named (by full or first name, in the member's workspace) is thanked."""
    reply = await session.get(Reply, int(event.value)) if event.value.isdigit() else None
    if reply is None or reply.member_id != member.id or reply.prompt_id is None:
        return Response(text=_("That answer is no longer there."))
    prompt = await session.get_one(Prompt, reply.prompt_id)
    question = await session.get_one(Question, prompt.question_id)
    names = [n.strip() for n in event.fields.get("names", "").split(",") if n.strip()]
    if not names:
        return Response(
            text=_("Write at least one name."), field_errors={"names": _("Write a name.")}
        )
    colleagues = list(
        await session.scalars(
            select(Member).where(
                Member.workspace_id == member.workspace_id,
                Member.active.is_(True),
                Member.id != member.id,
            )
        )
    )
    thanked: list[str] = []
    unknown: list[str] = []
    unclear: list[str] = []
    for name in names:
        found = _matching(colleagues, name)
        if len(found) == 1:
            colleague = found[0]
            with speaking(member_language(colleague)):
                note = helped_note(
                    member.display_name or _("A colleague"), question.text, reply.answers
                )
            to = ToMember(colleague.workspace_id, colleague.id)
            key = f"helped:{reply.id}:{colleague.id}"
            await enqueue_message(session, key, "thanks", to, note, now)
            thanked.append(colleague.display_name)
        else:
            (unclear if found else unknown).append(name)
    lines = [_("Thanked {names} by name.").format(names=", ".join(thanked))] if thanked else []
    if unknown:
        lines.append(_("I could not find {names}.").format(names=", ".join(unknown)))
    if unclear:
        lines.append(
            _("More than one colleague is called {names}: write the full name.").format(
                names=", ".join(unclear)
            )
        )
    return Response(text=" ".join(lines))


def _matching(colleagues: list[Member], name: str) -> list[Member]:
    wanted = name.casefold()
    full = [c for c in colleagues if c.display_name.casefold() == wanted]
    if full:
        return full
    return [c for c in colleagues if c.display_name.casefold().split(" ")[:1] == [wanted]]
