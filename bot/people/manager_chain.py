"""Manager chains: loops, and each person's level as their depth from the top; pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def loop_through(start: str, managers: Mapping[str, str | None]) -> list[str] | None:
    """The loop `start`'s chain of managers runs round back to `start`, or None."""
    path = [start]
    seen = {start}
    node = managers.get(start)
    while node is not None:
        if node == start:
            return path
        if node in seen:  # a loop further up that does not pass through `start`
            return None
        seen.add(node)
        path.append(node)
        node = managers.get(node)
    return None


def chain_levels(
    nodes: Iterable[str], managers: Mapping[str, str | None], fixed: Mapping[str, int]
) -> dict[str, int]:
    """Each node's level: its own when `fixed`, else one below its manager's, else 1 (the top).

    A loop already stored (from before loops were refused) counts as reaching the top.
    """
    levels: dict[str, int] = dict(fixed)

    def level_of(start: str) -> int:
        chain = []  # the people above `start` whose level is not known yet, nearest first
        node = start
        while node not in levels:
            manager = managers.get(node)
            if manager is None or manager in chain:  # the top (or a loop stored long ago)
                levels[node] = 1
                break
            chain.append(node)
            node = manager
        for below in reversed(chain):
            levels[below] = levels[managers[below] or ""] + 1
        return levels[start]

    return {node: level_of(node) for node in nodes}
