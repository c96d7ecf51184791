"""Editing one's answer while its round is open, and withdrawing it at any time: the feed post
is updated or removed on its platform, and a withdrawn answer leaves digests and figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import REPLY_EDIT_FORM
from bot.chat import Form, FormField, FormSubmitted, OutgoingMessage, Response
from bot.db.models import Delivery, Member, Program, Prompt, Question, Reply, Round
from bot.i18n import N_, _
from bot.outbox.codec import PayloadEncoder
from bot.outbox.enqueue import DELETE, UPDATE, WAITING, ToMessage, enqueue_message
from bot.prompts.answers import check_lengths, find_prompt, update_prompt_message
from bot.prompts.capture_messages import who_sees
from bot.prompts.content import content_of
from bot.prompts.messages import ANSWER_MAX_CHARS, field_id, withdrawn_message
from bot.prompts.sharing import digest_of, reply_post

GONE = N_("That answer is no longer there (it may have been withdrawn).")
CLOSED = N_(
    "This round is closed, so the answer can no longer be edited. You can still withdraw it."
)
REMOVED = OutgoingMessage(text=N_("(withdrawn by its author)"))  # a deletion's payload, unseen
WITHDRAWN = N_(
    "Withdrawn: your answer is deleted and taken out of the feed, the digest and the figures."
)


def edit_form(reply: Reply, labels: list[str]) -> Form:
    """The answer's parts, filled in with what was written."""
    written = {a["label"]: a["text"] for a in reply.answers}
    inputs = tuple(
        FormField(
            field_id(i), _(label), max_length=ANSWER_MAX_CHARS, initial=written.get(label, "")
        )
        for i, label in enumerate(labels)
    )
    return Form(
        REPLY_EDIT_FORM, _("Edit your answer"), inputs, value=str(reply.id), submit_label=_("Save")
    )


async def _editable(
    session: AsyncSession, member: Member, value: str, now: datetime
) -> tuple[Reply, Prompt] | Response:
    """The member's answer and its prompt while the round is open, else what to tell them."""
    found = await _answer_of(session, member, value)
    if found is None:
        return Response(text=_(GONE))
    if not await round_open(session, found[1], now):
        return Response(text=_(CLOSED))
    return found


async def open_edit(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    found = await _editable(session, member, value, now)
    if isinstance(found, Response):
        return found
    reply, prompt = found
    question = await session.get_one(Question, prompt.question_id)
    return Response(form=edit_form(reply, list(question.fields)))


async def submit_edit(
    session: AsyncSession, member: Member, event: FormSubmitted, now: datetime
) -> Response:
    """New words for the answer; a feed post already sent is updated on its platform."""
    found = await _editable(session, member, event.value, now)
    if isinstance(found, Response):
        return found
    reply, prompt = found
    program = await session.get_one(Program, prompt.program_id)
    question = await session.get_one(Question, prompt.question_id)
    reply.answers = check_lengths(event.fields, list(question.fields))
    post = reply_post(program, reply, member, question)
    for sent in await _posts_of(session, [f"feed:{reply.id}"]):
        await _replace(session, sent, post, f"feed-edit:{reply.id}:{now.isoformat()}", now)
    return Response(
        text=_("Your answer is updated. It is {where}.").format(
            where=who_sees(program.share_mode, reply.visibility, program.admins_see_private)
        )
    )


async def withdraw(session: AsyncSession, member: Member, value: str, now: datetime) -> Response:
    """Delete the answer; its feed post goes, a digest already posted is rewritten without it,
    and the prompt counts as unanswered again (answerable while the round is open)."""
    found = await _answer_of(session, member, value)
    if found is None:
        return Response(text=_(GONE))
    reply, prompt = found
    for sent in await _posts_of(session, [f"feed:{reply.id}"]):
        await _remove(session, sent, now)
    await session.execute(delete(Reply).where(Reply.id == reply.id))
    still_open = await round_open(session, prompt, now)
    prompt.status = "open" if still_open else "missed"
    prompt.answered_at = None
    program = await session.get_one(Program, prompt.program_id)
    question = await session.get_one(Question, prompt.question_id)
    content = content_of(program, question)
    message = withdrawn_message(content, prompt.id, still_open)
    await update_prompt_message(session, prompt, member, message, now)
    if not still_open:
        await _rewrite_digest(session, program, prompt.cycle, now)
    return Response(text=_(WITHDRAWN))


async def round_open(session: AsyncSession, prompt: Prompt, now: datetime) -> bool:
    closed = await session.scalar(
        select(Round.id).where(Round.program_id == prompt.program_id, Round.cycle == prompt.cycle)
    )
    return closed is None and now < prompt.closes_at


async def _answer_of(
    session: AsyncSession, member: Member, value: str
) -> tuple[Reply, Prompt] | None:
    """The member's own answer to a prompt, by the button's value."""
    reply = await session.get(Reply, int(value)) if value.isdigit() else None
    if reply is None or reply.member_id != member.id or reply.prompt_id is None:
        return None
    prompt = await find_prompt(session, reply.prompt_id)
    return (reply, prompt) if prompt is not None else None


async def _posts_of(session: AsyncSession, keys: list[str], prefix: str = "") -> list[Delivery]:
    """Outbox rows by key (and, with `prefix`, those whose key starts `prefix:`), in order."""
    where: ColumnElement[bool] = Delivery.dedupe_key.in_(keys)
    if prefix:
        where = or_(where, Delivery.dedupe_key.like(f"{prefix}:%"))
    return list(await session.scalars(select(Delivery).where(where).order_by(Delivery.id)))


async def _rewrite_digest(
    session: AsyncSession, program: Program, cycle: int, now: datetime
) -> None:
    """A posted digest, rewritten from the answers left; parts no longer needed are removed."""
    key = f"digest:{program.id}:{cycle}"
    posted = await _posts_of(session, [key], prefix=key)
    if not posted:
        return
    parts = await digest_of(session, program, cycle)
    for n, sent in enumerate(posted):
        if n < len(parts):
            await _replace(session, sent, parts[n], f"digest-edit:{sent.id}:{now.isoformat()}", now)
        else:
            await _remove(session, sent, now)


async def _replace(
    session: AsyncSession, sent: Delivery, message: OutgoingMessage, key: str, now: datetime
) -> None:
    """Not sent yet: the outbox row takes the new words; sent: an update on its platform."""
    if sent.status in ("pending", WAITING):
        sent.payload = PayloadEncoder().encode(message)
    elif sent.status == "sent" and sent.message_conversation and sent.message_id:
        to = ToMessage(sent.workspace_id, sent.message_conversation, sent.message_id)
        await enqueue_message(session, key, UPDATE, to, message, now)


async def _remove(session: AsyncSession, sent: Delivery, now: datetime) -> None:
    """Not sent yet: it never will be; sent: deleted on its platform."""
    cancelled = await session.execute(
        update(Delivery)
        .where(Delivery.id == sent.id, Delivery.status.in_(("pending", WAITING)))
        .values(status="cancelled", last_error="answer withdrawn")
    )
    if getattr(cancelled, "rowcount", 0):
        return
    if sent.status == "sent" and sent.message_conversation and sent.message_id:
        to = ToMessage(sent.workspace_id, sent.message_conversation, sent.message_id)
        await enqueue_message(session, f"delete:{sent.id}", DELETE, to, REMOVED, now)
