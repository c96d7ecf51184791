"""Digests people read: the question once, highlights in the post (one per unit) and the other
answers in its thread, plurals right."""

from __future__ import annotations

from bot.prompts.digest_messages import digest_messages
from bot.prompts.highlights import DigestEntry

Q = "What did you learn?"


def entry(author: str | None, unit: str, helpful: int = 0) -> DigestEntry:
    return DigestEntry(
        author, Q, [{"label": Q, "text": f"{author or 'anon'} wrote"}], unit, helpful
    )


def test_highlights_come_first_one_per_unit_most_helpful_and_every_answer_once() -> None:
    entries = [
        entry("Ana", "Sales", 1),
        entry("Ben", "Sales", 3),
        entry(None, "Eng", 9),  # anonymous: never a highlight (it would name the unit)
        entry("Cy", "Eng", 0),
        entry("Dee", "Ops", 0),
    ]

    digest, reply = digest_messages("Weekly learning", "week of 2026-03-02", entries, 6)

    highlights, rest = digest.text, reply.text
    assert highlights.startswith("5 shared answers from 6 colleagues asked.")
    assert "Highlights, one per unit* (3)" in highlights
    assert highlights.endswith("The other answers are in the replies to this post.")
    assert reply.title == "More answers"
    assert [n for n in ("Ana", "Ben", "Cy", "Dee") if f"*{n}*" in highlights] == [
        "Ben",
        "Cy",
        "Dee",
    ]
    assert "*Ana*" in rest and "*Anonymous*" in rest and "*Ben*" not in rest
    assert highlights.count(f"_{Q}_") == rest.count(f"_{Q}_") == 1  # never before every answer


def test_a_small_round_is_not_split_and_one_answer_is_singular() -> None:
    [digest] = digest_messages("Weekly learning", "week of 2026-03-02", [entry("Ana", "Sales")], 1)

    assert digest.text.startswith("1 shared answer from 1 colleague asked.")
    assert "Highlights" not in digest.text and digest.text.count(f"_{Q}_") == 1
