"""A member's export holds every table's rows that are theirs, and nobody else's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.archive_models import ReuseEvent, SignInLink
from bot.db.capture_models import AnswerDraft
from bot.db.checkin_models import CheckinSkip, DoNotPair
from bot.db.engine import make_sessions
from bot.db.event_models import Event, EventInvite
from bot.db.leader_models import Nudge, Thanks
from bot.db.models import Base, GroupMembership, HelpfulMark, Member, Program, Prompt, Reply
from bot.db.newcomer_models import NewcomerPartner, NewcomerStep
from bot.db.people_models import LeadQuestion
from bot.db.pilot_baseline_models import PilotPulseAnswer
from bot.db.pilot_models import Pilot
from bot.db.pilot_review_models import PilotDecision
from bot.db.pilot_showcase_models import PilotWords
from bot.db.question_models import ProposalVote, QuestionProposal, QuestionRating
from bot.db.sponsor_models import ProgramEndorsement, SponsorSummary
from bot.demo.organisation import DemoOptions
from bot.demo.run import run_demo
from bot.privacy.export import NOT_THEIRS, member_export, member_links, owner_column

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


async def busy_organisation(engine: AsyncEngine, url: str) -> tuple[Member, Member]:
    """Six simulated weeks (prompts, answers, check-ins, nudges, thanks), plus the rows the
    simulation never makes, for two members who name each other."""
    await run_demo(DemoOptions(members=6, weeks=3, seed=3, db=url))
    async with make_sessions(engine).begin() as session:
        members = (await session.scalars(select(Member).order_by(Member.id))).all()
        ana = next(m for m in members if m.role == "lead")
        bo = next(m for m in members if m.role != "lead")
        program = await session.scalar(select(Program))
        assert program is not None
        event = Event(
            title="Field day",
            starts_at=NOW,
            ends_at=NOW,
            zone="UTC",
            host_id=ana.id,
            ics_token="t" * 32,
            created_at=NOW,
        )
        session.add(event)
        await session.flush()
        for one, other in ((ana, bo), (bo, ana)):
            session.add(DoNotPair(member_id=one.id, other_member_id=other.id))
            session.add(GroupMembership(group_id="C-eng", member_id=one.id))
            session.add(CheckinSkip(program_id=program.id, cycle=99, member_id=one.id))
            reply = await session.scalar(select(Reply).where(Reply.member_id == other.id))
            assert reply is not None
            session.add(HelpfulMark(reply_id=reply.id, member_id=one.id, created_at=NOW))
            session.add(ReuseEvent(reply_id=reply.id, member_id=one.id, created_at=NOW))
            session.add(EventInvite(event_id=event.id, member_id=one.id, status="going"))
            session.add(
                SignInLink(
                    token_hash=f"{one.id:064d}",
                    member_id=one.id,
                    created_at=NOW,
                    expires_at=NOW,
                )
            )
            if await session.get(Thanks, (reply.id, one.id)) is None:
                session.add(Thanks(reply_id=reply.id, member_id=one.id, created_at=NOW))
            session.add(Nudge(member_id=one.id, week="2099-W01", signals="quiet", created_at=NOW))
            prompt = await session.scalar(select(Prompt).where(Prompt.member_id == one.id))
            assert prompt is not None
            session.add(
                AnswerDraft(
                    prompt_id=prompt.id, member_id=one.id, text="Keep notes.", created_at=NOW
                )
            )
            proposal = QuestionProposal(
                program_id=program.id,
                member_id=one.id,
                text=f"What did {one.display_name} learn?",
                status="declined",
                reviewer_id=other.id,
                created_at=NOW,
            )
            session.add(proposal)
            await session.flush()
            session.add(ProposalVote(proposal_id=proposal.id, member_id=other.id, created_at=NOW))
            session.add(
                QuestionRating(
                    prompt_id=prompt.id,
                    question_id=prompt.question_id,
                    member_id=one.id,
                    rating="good",
                    created_at=NOW,
                )
            )
            session.add(
                LeadQuestion(
                    member_id=one.id,
                    unit="Eng",
                    text="How do we budget field visits?",
                    asked_at=NOW,
                    answered_by=other.id,
                    answer="Per quarter.",
                    answered_at=NOW,
                )
            )
        session.add(
            ProgramEndorsement(program_id=program.id, member_id=ana.id, line="Yes.", set_at=NOW)
        )
        session.add(
            SponsorSummary(program_id=program.id, member_id=ana.id, month=NOW.date(), sent_at=NOW)
        )
        pilot = Pilot(program_id=program.id, function="frontline", established=True, created_at=NOW)
        session.add(pilot)
        await session.flush()
        for one in (ana, bo):
            session.add(
                PilotPulseAnswer(
                    pilot_id=pilot.id, wave="baseline", member_id=one.id, role="target", sent_at=NOW
                )
            )
        session.add(
            PilotWords(
                pilot_id=pilot.id,
                words="Quotes went out faster.",
                member_id=ana.id,
                written_by="Ana",
                written_at=NOW,
            )
        )
        session.add(
            PilotDecision(
                pilot_id=pilot.id,
                week=6,
                choice="stop",
                reason="Nobody answers.",
                member_id=ana.id,
                decided_by="Ana",
                decided_at=NOW,
            )
        )
        for one, other in ((ana, bo), (bo, ana)):
            session.add(NewcomerStep(member_id=one.id, step="welcome", done_at=NOW))
            session.add(
                NewcomerPartner(
                    member_id=one.id, partner_id=other.id, program_id=program.id, matched_at=NOW
                )
            )
        bo.manager_id = ana.id
        return ana, bo


def test_every_link_to_a_member_is_either_whose_row_it_is_or_named_as_someone_elses() -> None:
    for table in Base.metadata.sorted_tables:
        owner = owner_column(table)
        for column in member_links(table):
            if column is not owner:
                assert (table.name, column.name) in NOT_THEIRS, (table.name, column.name)


async def test_the_export_has_each_table_s_rows_for_the_member_and_nobody_else_s(
    engine: AsyncEngine, database_url: str
) -> None:
    ana, bo = await busy_organisation(engine, database_url)

    async with make_sessions(engine)() as session:
        member = await session.get(Member, ana.id)
        assert member is not None
        document = json.loads(json.dumps(await member_export(session, member, NOW)))
        expected: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            owner = owner_column(table)
            if owner is None:
                continue
            count = await session.scalar(
                text(f"SELECT count(*) FROM {table.name} WHERE {owner.name} = :m"), {"m": ana.id}
            )
            expected[table.name] = int(count or 0)

    tables = document["tables"]
    assert {name: len(rows) for name, rows in tables.items()} == expected
    assert all(expected.values()), expected  # the organisation gave Ana rows in every table
    for name, rows in tables.items():
        owner = "id" if name == "members" else "member_id"
        assert {row[owner] for row in rows} == {ana.id}, name  # nobody else's rows
    assert tables["do_not_pair"] == [{"member_id": ana.id, "other_member_id": bo.id}]
    assert tables["members"][0]["display_name"] == ana.display_name
    assert document["kmbot_export"]["rows"] == sum(expected.values())
