"""Which question a member gets this cycle: the program's rotation, never a recent repeat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def choose_question(
    pool: Sequence[int],
    cycle: int,
    last_asked: Mapping[int, int],
    no_repeat_cycles: int,
    first: Sequence[int] = (),
) -> int:
    """Pick the rotation's question for `cycle`, skipping any asked within `no_repeat_cycles`.

    `last_asked` maps question id to the last cycle this member was asked it. Everyone in a
    cycle gets the same question where possible (so answers can be compared in a digest);
    when every question is recent, the least recently asked one is used. `first` (members'
    adopted questions not yet asked, most voted first) goes before the rotation.
    """
    for question in first:
        if question not in last_asked:
            return question
    if not pool:
        raise ValueError("the question bank is empty")
    start = cycle % len(pool)
    ordered = [pool[(start + i) % len(pool)] for i in range(len(pool))]
    for question in ordered:
        asked = last_asked.get(question)
        if asked is None or cycle - asked > no_repeat_cycles:
            return question
    return min(ordered, key=lambda q: last_asked.get(q, -1))
