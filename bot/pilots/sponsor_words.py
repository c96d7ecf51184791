"""The sponsor's own words for the pilot's showcase: asked in chat with the final review,
written (and rewritten) through a form, or set by an admin with `kmbot pilot words`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat import FormSubmitted, Response
from bot.db.models import Member, Program
from bot.db.pilot_models import Pilot
from bot.db.pilot_showcase_models import PilotWords
from bot.i18n import _, speaking
from bot.outbox.enqueue import ToMember, enqueue_message
from bot.people.languages import member_language
from bot.pilots import showcase_messages as words
from bot.pilots.forms import required_text
from bot.privacy.audit import actor_of, record


@dataclass(frozen=True)
class SponsorWords:
    """What the showcase quotes: the words, and the sponsor's name and title."""

    text: str
    name: str
    title: str


def tidy(text: str) -> str:
    """One paragraph, trimmed to the form's limit."""
    return " ".join(text.split())[: words.WORDS_MAX_CHARS]


async def sponsor_of(session: AsyncSession, pilot: Pilot) -> Member | None:
    return await session.get(Member, pilot.sponsor_member_id) if pilot.sponsor_member_id else None


async def stored_words(session: AsyncSession, pilot: Pilot) -> PilotWords | None:
    return await session.scalar(select(PilotWords).where(PilotWords.pilot_id == pilot.id))


async def sponsor_words(session: AsyncSession, pilot: Pilot) -> SponsorWords | None:
    """The words with the sponsor's current name and title (their unit when no title)."""
    row = await stored_words(session, pilot)
    if row is None:
        return None
    sponsor = await sponsor_of(session, pilot)
    if sponsor is None:
        return SponsorWords(row.words, row.written_by, "")
    name = sponsor.display_name or sponsor.external_id
    return SponsorWords(row.words, name, sponsor.title or sponsor.unit or "")


async def save_words(
    session: AsyncSession,
    pilot: Pilot,
    program: Program,
    text: str,
    written_by: str,
    now: datetime,
) -> bool:
    """Store (or replace) the words; True when they replaced earlier ones."""
    row = await stored_words(session, pilot)
    changed = row is not None
    if row is None:
        row = PilotWords(pilot_id=pilot.id)
        session.add(row)
    row.words = tidy(text)
    row.member_id = pilot.sponsor_member_id
    row.written_by = written_by[:200]
    row.written_at = now
    await session.flush()
    return changed


async def _sponsored(
    session: AsyncSession, member: Member, value: str
) -> tuple[Pilot, Program] | Response:
    pilot = await session.get(Pilot, int(value)) if value.isdigit() else None
    program = await session.get(Program, pilot.program_id) if pilot else None
    if pilot is None or program is None:
        return Response(text=_(words.WORDS_GONE))
    if pilot.sponsor_member_id != member.id:
        return Response(text=_(words.ONLY_THE_SPONSOR))
    return pilot, program


async def open_form(session: AsyncSession, member: Member, value: str) -> Response:
    """The click: the form, holding the words so far."""
    found = await _sponsored(session, member, value)
    if isinstance(found, Response):
        return found
    pilot, program = found
    row = await stored_words(session, pilot)
    return Response(form=words.words_form(pilot.id, program.name, row.words if row else ""))


async def submit(
    session: AsyncSession, member: Member, event: FormSubmitted, now: datetime
) -> Response:
    """The form: words are needed, and stored (replacing earlier ones)."""
    found = await _sponsored(session, member, event.value)
    if isinstance(found, Response):
        return found
    text = required_text(event, "words", words.WORDS_MAX_CHARS, words.WORDS_NEEDED)
    if isinstance(text, Response):
        return text
    pilot, program = found
    name = member.display_name or member.external_id
    changed = await save_words(session, pilot, program, text, name, now)
    detail = {"words": "changed" if changed else "written", "by": "the sponsor, in chat"}
    await record(session, now, actor_of(member), "pilot.words", program.name, detail)
    return Response(text=words.words_saved(changed))


async def ask_sponsor(session: AsyncSession, pilot: Pilot, program: Program, now: datetime) -> int:
    """With the final review: ask the sponsor for their words (once); how many were queued."""
    sponsor = await sponsor_of(session, pilot)
    if sponsor is None or not sponsor.active:
        return 0
    with speaking(member_language(sponsor)):
        message = words.words_request(pilot.id, program.name)
    key = f"pilot-words:{pilot.id}:{sponsor.id}"
    to = ToMember(sponsor.workspace_id, sponsor.id)
    return await enqueue_message(session, key, "pilot_words", to, message, now)
