"""Lessons posted at any time (`share`): a short form, stored and shared to a feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import LESSON_FORM
from bot.chat import Form, FormField
from bot.db.leader_models import UnitLead
from bot.db.models import Member, Program, Reply
from bot.i18n import N_, _, speaking
from bot.programs.programs import VISIBILITIES, audience_query
from bot.prompts.answers import AnswerRefused, check_lengths
from bot.prompts.messages import ANSWER_MAX_CHARS, feed_post, visibility_choices
from bot.prompts.sharing import author_name, post_to_feed

LESSON_PARTS = (
    N_("Title"),
    N_("What happened?"),
    N_("What did we learn?"),
    N_("Tags (comma-separated)"),
)


def lesson_form() -> Form:
    fields = tuple(
        FormField(
            f"q{i}",
            _(label),
            multiline=i in (1, 2),
            optional=i == 3,
            max_length=200 if i in (0, 3) else ANSWER_MAX_CHARS,
        )
        for i, label in enumerate(LESSON_PARTS)
    )
    visibility = FormField(
        "visibility",
        _("Who can see this?"),
        multiline=False,
        choices=visibility_choices(),
        initial="shared",
    )
    return Form(LESSON_FORM, _("Share a lesson"), fields + (visibility,), submit_label=_("Share"))


def chosen_visibility(fields: dict[str, str]) -> str:
    """Who the member chose to see it ("shared" unless they chose); refused if unknown."""
    visibility = fields.get("visibility") or "shared"
    if visibility not in VISIBILITIES:
        raise AnswerRefused(
            _("Unknown choice {choice} for who can see this.").format(choice=repr(visibility)),
            "visibility",
        )
    return visibility


def lesson_row(
    member: Member,
    program_id: int | None,
    answers: list[dict[str, str]],
    visibility: str,
    now: datetime,
    event_id: int | None = None,
) -> Reply:
    """A lesson as a reply that answers no prompt (from `share`, or after an event)."""
    return Reply(
        prompt_id=None,
        program_id=program_id,
        member_id=member.id,
        answers=answers,
        visibility=visibility,
        late=False,
        helpful_count=0,
        created_at=now,
        event_id=event_id,
    )


async def record_lesson(
    session: AsyncSession, member: Member, fields: dict[str, str], now: datetime
) -> str:
    """Store a lesson and post it to the feed of the member's first sharing program."""
    answers = check_lengths(fields, list(LESSON_PARTS))
    if not fields.get("q0", "").strip() or not fields.get("q2", "").strip():
        raise AnswerRefused(_("A lesson needs a title and what you learned."), "q2")
    visibility = chosen_visibility(fields)
    program = await _feed_program(session, member)
    reply = lesson_row(member, program.id if program else None, answers, visibility, now)
    session.add(reply)
    await session.flush()
    if program is None or visibility == "private":
        return _("Thanks, your lesson is saved.")
    is_lead = await session.scalar(select(UnitLead.unit).where(UnitLead.member_id == member.id))
    with speaking(program.language):  # a channel reads the program's language
        kind = _("A lead's lesson") if is_lead else _("Lesson")
        message = feed_post(
            reply.id,
            program.name,
            f"{kind}: {answers[0]['text']}",
            author_name(member, visibility),
            answers[1:],
        )
    await post_to_feed(session, program, f"lesson:{reply.id}", "feed", message, now)
    return _("Thanks, your lesson is saved and shared in {program}'s feed.").format(
        program=program.name
    )


async def _feed_program(session: AsyncSession, member: Member) -> Program | None:
    programs = await session.scalars(
        select(Program)
        .where(Program.active.is_(True), Program.feed_channel.is_not(None))
        .order_by(Program.id)
    )
    for program in programs:
        if await session.scalar(audience_query(program, Member.id).where(Member.id == member.id)):
            return program
    return None
