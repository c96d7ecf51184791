"""Deleting a member: their identity goes; each program's rule says whether their answers go
too (`delete`) or stay, detached, under an anonymous stand-in (`anonymise`).

The stand-in is a new member row with a random id and no name, email or unit, so a program's
figures (prompts sent, answered, check-ins met) still add up and nothing leads back to the
person. Every other row that was theirs is deleted by walking the schema (bot.privacy.export),
links to them in other people's rows are cut, and kmbot's copies of channel posts that named
them are emptied (what Slack or Teams already show is the platform's to delete).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import CheckinGroup, CheckinParticipant, CheckinRound
from bot.db.models import Base, Delivery, Member, Program, Prompt, Reply, Workspace
from bot.db.privacy_models import AuditEntry
from bot.privacy.audit import ERASED_TARGET
from bot.privacy.export import NOT_THEIRS, owner_column

ANONYMISE = "anonymise"
ERASURE_RULES = ("delete", ANONYMISE)
REMOVED = {"text": "(removed: it named a member who has since deleted their data)"}
ERASED_ACTOR = "member:erased"


@dataclass(frozen=True)
class Erased:
    """What deleting a member did."""

    answers_deleted: int
    answers_anonymised: int
    rows_deleted: int
    posts_emptied: int

    def text(self) -> str:
        return (
            f"deleted: {self.rows_deleted} rows about them ({self.answers_deleted} answers); "
            f"kept anonymously: {self.answers_anonymised} answers; "
            f"channel copies emptied: {self.posts_emptied}"
        )


async def erase_member(session: AsyncSession, member: Member, now: datetime) -> Erased:
    """Delete `member` as each program's rule says, in the caller's transaction."""
    address = await _address(session, member)
    await _delete_updates_in_their_chat(session, member)
    anonymised = await _anonymise(session, member, now)
    answers_deleted = await session.scalar(
        select(func.count()).select_from(Reply).where(Reply.member_id == member.id)
    )
    rows = 0
    for table in reversed(Base.metadata.sorted_tables):
        owner = owner_column(table)
        if owner is None or table.name == "members":
            continue
        rows += rows_touched(await session.execute(delete(table).where(owner == member.id)))
    for (table_name, column_name), _reason in NOT_THEIRS.items():
        table = Base.metadata.tables[table_name]
        column = table.c[column_name]
        cut = update(table).values({column_name: None}) if column.nullable else delete(table)
        await session.execute(cut.where(column == member.id))
    posts = await _empty_posts_naming(session, member)
    await _scrub_audit(session, member, address)
    await session.execute(delete(Member).where(Member.id == member.id))
    session.expunge(member)
    return Erased(answers_deleted or 0, anonymised, rows + 1, posts)


async def _delete_updates_in_their_chat(session: AsyncSession, member: Member) -> None:
    """Updates of messages in the member's own chat name no member but are theirs."""
    chats = select(Prompt.message_conversation).where(Prompt.member_id == member.id)
    sent = select(Delivery.message_conversation).where(Delivery.member_id == member.id)
    await session.execute(
        delete(Delivery).where(
            Delivery.member_id.is_(None),
            Delivery.message_id.is_not(None),
            Delivery.channel.in_(chats.union(sent)),
        )
    )


def rows_touched(result: object) -> int:
    """Rows a DELETE or UPDATE touched."""
    return int(getattr(result, "rowcount", 0) or 0)


async def _address(session: AsyncSession, member: Member) -> str:
    workspace = await session.get(Workspace, member.workspace_id)
    platform = workspace.platform if workspace else "?"
    external = workspace.external_id if workspace else "?"
    return f"{platform}:{external}:{member.external_id}"


async def _anonymise(session: AsyncSession, member: Member, now: datetime) -> int:
    """Move the member's prompts, answers and check-ins in `anonymise` programs to a
    stand-in; how many answers were kept."""
    programs = (await session.scalars(select(Program.id).where(Program.erasure == ANONYMISE))).all()
    if not programs:
        return 0
    stand_in = Member(
        workspace_id=member.workspace_id,
        external_id=f"erased-{uuid.uuid4().hex}",
        display_name="",
        unit="",
        role="member",
        active=False,
        opted_out=True,
        created_at=now,
    )
    session.add(stand_in)
    await session.flush()
    mine = (Prompt.member_id == member.id) & Prompt.program_id.in_(programs)
    await session.execute(  # the messages to them about those prompts (updates included)
        delete(Delivery).where(Delivery.prompt_id.in_(select(Prompt.id).where(mine)))
    )
    await session.execute(  # where the prompt was posted is their chat: it goes
        update(Prompt)
        .where(mine)
        .values(member_id=stand_in.id, message_conversation=None, message_id=None)
    )
    kept = await session.execute(
        update(Reply)
        .where(Reply.member_id == member.id, Reply.program_id.in_(programs))
        .values(member_id=stand_in.id)
    )
    groups = select(CheckinGroup.id).join(CheckinRound, CheckinGroup.round_id == CheckinRound.id)
    await session.execute(
        update(CheckinParticipant)
        .where(
            CheckinParticipant.member_id == member.id,
            CheckinParticipant.group_id.in_(groups.where(CheckinRound.program_id.in_(programs))),
        )
        .values(member_id=stand_in.id)
    )
    return rows_touched(kept)


async def _empty_posts_naming(session: AsyncSession, member: Member) -> int:
    """kmbot's copies of channel posts (feed, digests) that name the member: emptied, and
    cancelled if not yet sent."""
    names = [n for n in (member.display_name, member.external_id) if n and len(n) >= 2]
    rows = (await session.scalars(select(Delivery).where(Delivery.member_id.is_(None)))).all()
    emptied = 0
    for delivery in rows:
        text = str(delivery.payload)
        if any(name in text for name in names):
            delivery.payload = dict(REMOVED)
            if delivery.status == "pending":
                delivery.status = "cancelled"
            emptied += 1
    return emptied


async def _scrub_audit(session: AsyncSession, member: Member, address: str) -> None:
    """The audit log keeps what was done, not to whom: the member's name leaves it."""
    references = [address, *([member.email] if member.email else [])]
    await session.execute(
        update(AuditEntry).where(AuditEntry.target.in_(references)).values(target=ERASED_TARGET)
    )
    await session.execute(
        update(AuditEntry)
        .where(AuditEntry.actor.startswith(f"member:{member.id} ", autoescape=True))
        .values(actor=ERASED_ACTOR)
    )
