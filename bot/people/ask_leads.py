"""Ask up: a member sends a question to their leads, openly or anonymously; the first lead
to answer sends it back, and the member is told and credited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import Response
from bot.db.leader_models import UnitLead
from bot.db.models import Member
from bot.db.people_models import LeadQuestion
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people import ask_messages as words
from bot.people.languages import member_language

ANONYMOUS_WORDS = ("anonymously", "anonymous", "anon")


def split_question(argument: str) -> tuple[str, bool]:
    """`leads [anonymously] QUESTION` -> (QUESTION, anonymous); ("", …) when malformed."""
    parts = argument.split(maxsplit=1)
    if not parts or parts[0].lower() not in ("leads", "lead"):
        return "", False
    rest = parts[1].strip() if len(parts) > 1 else ""
    first = rest.split(maxsplit=1)
    if first and first[0].lower() in ANONYMOUS_WORDS:
        return (first[1].strip() if len(first) > 1 else ""), True
    return rest, False


async def ask_leads(
    session: AsyncSession, member: Member, argument: str, now: datetime
) -> Response:
    """Send the question to the leads of the member's unit (and, when it is signed, to their
    manager); an anonymous question waits for the next full hour, so its moment names nobody."""
    text, anonymous = split_question(argument)
    if not text:
        return Response(text=_(words.USAGE))
    if len(text) > words.QUESTION_MAX_CHARS:
        return Response(text=keep_under(words.QUESTION_MAX_CHARS))
    leads = await _leads_of(session, member, include_manager=not anonymous)
    if not leads:
        return Response(text=words.nobody_to_ask(member.unit))
    if anonymous and await _could_have_asked(session, member, leads) < words.ANONYMITY_FLOOR:
        return Response(text=words.too_small_for_anonymity(member.unit))
    question = LeadQuestion(
        member_id=member.id, unit=member.unit, text=text, anonymous=anonymous, asked_at=now
    )
    session.add(question)
    await session.flush()
    asker = None if anonymous else _name(member)
    not_before = _next_hour(now) if anonymous else None
    for lead in leads:
        with speaking(member_language(lead)):
            message = words.question_for_lead(question.id, text, asker, member.unit)
        to = ToMember(lead.workspace_id, lead.id)
        key = f"ask:{question.id}:{lead.id}"
        await enqueue_message(session, key, "ask_leads", to, message, now, not_before=not_before)
    return Response(text=words.asked_text([_name(lead) for lead in leads], anonymous))


async def open_answer_form(session: AsyncSession, lead: Member, value: str) -> Response:
    question = await _question(session, value)
    if question is None:
        return Response(text=_("That question is no longer available."))
    if question.answered_at is not None:
        return Response(text=await _already_answered(session, question))
    return Response(form=words.answer_form(question.id, question.text))


async def record_answer(
    session: AsyncSession, lead: Member, value: str, answer: str, now: datetime
) -> Response:
    """The first lead's answer goes to the asker; a later one is told it came second."""
    question = await _question(session, value)
    answer = answer.strip()
    if question is None:
        return Response(text=_("That question is no longer available."))
    if not answer:
        return Response(text=_("Write your answer first."), field_errors={"answer": _("Required.")})
    if len(answer) > words.ANSWER_MAX_CHARS:
        return Response(text=keep_under(words.ANSWER_MAX_CHARS))
    if question.answered_at is not None:
        return Response(text=await _already_answered(session, question))
    question.answered_by, question.answer, question.answered_at = lead.id, answer, now
    asker = await session.get(Member, question.member_id)
    if asker is not None:
        with speaking(member_language(asker)):
            message = words.answer_for_asker(_name(lead), question.text, answer)
        to = ToMember(asker.workspace_id, asker.id)
        await enqueue_message(session, f"ask-answer:{question.id}", "ask_answer", to, message, now)
    who = _("the person who asked") if question.anonymous or asker is None else _name(asker)
    return Response(text=_("Thank you, your answer is on its way to {who}.").format(who=who))


def keep_under(limit: int) -> str:
    return _("Please keep it under {limit} characters.").format(limit=limit)


async def _leads_of(
    session: AsyncSession, member: Member, *, include_manager: bool
) -> list[Member]:
    ids = set(await session.scalars(select(UnitLead.member_id).where(UnitLead.unit == member.unit)))
    if include_manager and member.manager_id:
        ids.add(member.manager_id)
    ids.discard(member.id)
    if not ids:
        return []
    found = await session.scalars(
        select(Member)
        .where(Member.id.in_(ids), Member.active.is_(True), Member.opted_out.is_(False))
        .order_by(Member.display_name, Member.id)
    )
    return list(found)


async def _could_have_asked(session: AsyncSession, member: Member, leads: list[Member]) -> int:
    """How many people of the asker's unit, leads aside, the question could have come from."""
    count = await session.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            Member.unit == member.unit,
            Member.active.is_(True),
            Member.id.not_in([lead.id for lead in leads]),
        )
    )
    return int(count or 0)


async def _question(session: AsyncSession, value: str) -> LeadQuestion | None:
    return await session.get(LeadQuestion, int(value)) if value.isdigit() else None


async def _already_answered(session: AsyncSession, question: LeadQuestion) -> str:
    lead = await session.get(Member, question.answered_by) if question.answered_by else None
    return _("{lead} has already answered this question. Thank you!").format(
        lead=_name(lead) if lead else _("A lead")
    )


def _name(member: Member) -> str:
    return member.display_name or member.external_id


def _next_hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
