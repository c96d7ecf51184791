"""`kmbot question list [PROGRAM]` and `kmbot question retire ID`: what an admin reads of the
bank (ids, source, votes, rating, times asked) and how a question leaves the rotation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.engine import make_engine, make_sessions
from bot.db.models import Member, Program, Prompt, Question, Workspace
from bot.db.question_models import QuestionRating
from tests.test_cli import CREATE, isolated, one_line, run

__all__ = ["isolated"]  # the CLI tests' own database for each test

NOW = datetime(2026, 3, 5, 15, tzinfo=UTC)
ASKED = "What did a customer teach you?"


async def _asked_and_rated(url: str, ratings: list[str], votes: int) -> int:
    """ASKED put to one member per rating, each rating it; returns the question's id."""
    engine = make_engine(url)
    async with make_sessions(engine).begin() as session:
        program = await session.scalar(select(Program))
        question = await session.scalar(select(Question).where(Question.text == ASKED))
        assert program is not None and question is not None
        question.votes = votes
        workspace = Workspace(platform="memory", external_id="T1", created_at=NOW)
        session.add(workspace)
        await session.flush()
        for n, rating in enumerate(ratings):
            member = Member(workspace_id=workspace.id, external_id=f"U{n}", created_at=NOW)
            session.add(member)
            await session.flush()
            prompt = Prompt(
                program_id=program.id,
                cycle=1,
                member_id=member.id,
                question_id=question.id,
                status="answered",
                opened_at=NOW,
                closes_at=NOW,
            )
            session.add(prompt)
            await session.flush()
            session.add(
                QuestionRating(
                    prompt_id=prompt.id,
                    question_id=question.id,
                    member_id=member.id,
                    rating=rating,
                    created_at=NOW,
                )
            )
        question_id = question.id
    await engine.dispose()
    return question_id


def line_of(out: str, text: str) -> list[str]:
    [line] = [row for row in out.splitlines() if text in row]
    return line.split()


def test_list_shows_source_votes_rating_and_times_asked(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert run(capsys, "question", "add", ASKED, "--program", "Weekly learning")[0] == 0
    ratings = ["good", "good", "good", "good", "not_for_me"]
    question_id = asyncio.run(_asked_and_rated(isolated, ratings, votes=3))

    code, out, _ = run(capsys, "question", "list", "Weekly learning")

    assert code == 0
    assert out.splitlines()[0].split() == ["id", "source", "votes", "rating", "asked", "question"]
    assert line_of(out, ASKED)[:7] == [str(question_id), "admin", "3", "80%", "good", "(5)", "5"]
    bank = line_of(out, "What should a newcomer to your team know")
    assert bank[1:5] == ["bank", "0", "<5", "ratings"] and bank[5] == "0"


def test_a_rating_from_fewer_than_five_people_is_not_shown(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert run(capsys, "question", "add", ASKED)[0] == 0
    asyncio.run(_asked_and_rated(isolated, ["not_for_me"] * 4, votes=0))

    out = run(capsys, "question", "list")[1]

    assert line_of(out, ASKED)[2:6] == ["0", "<5", "ratings", "4"]


def test_retire_takes_a_question_out_and_bad_ids_get_one_line(
    capsys: pytest.CaptureFixture[str], isolated: str
) -> None:
    assert run(capsys, *CREATE)[0] == 0
    assert run(capsys, "question", "add", ASKED)[0] == 0
    listed = run(capsys, "question", "list")[1]
    question_id = line_of(listed, ASKED)[0]

    code, out, _ = run(capsys, "question", "retire", question_id)

    assert code == 0
    assert out == f"retired question {question_id}: “{ASKED}” is no longer asked\n"
    assert line_of(run(capsys, "question", "list")[1], ASKED)[-1] == "(retired)"
    code, _, err = run(capsys, "question", "retire", question_id)
    assert code == 2 and one_line(err) == f"question {question_id} is already retired"
    for unknown in ("99999", "abc"):
        code, _, err = run(capsys, "question", "retire", unknown)
        assert code == 2
        assert one_line(err) == f"no question with id '{unknown}' (see `kmbot question list`)"
    code, _, err = run(capsys, "question", "list", "Nope")
    assert code == 2 and one_line(err).startswith("no program named 'Nope'")
