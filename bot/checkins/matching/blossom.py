"""Maximum-cardinality matching in a general graph (Edmonds' blossoms), grown from a start."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence


def maximum_matching(adjacency: Sequence[Sequence[int]], mate: list[int]) -> list[int]:
    """Grow `mate` (vertex -> partner or -1) to a maximum matching of the graph; returns it.

    A perfect matching exists exactly when the result leaves nobody unmatched, which is how
    the matcher proves that a repeat-free round of pairs exists (or does not).
    """
    for root in range(len(adjacency)):
        if mate[root] == -1:
            end = _augmenting_path(adjacency, mate, root)
            if end is not None:
                _flip(mate, end[0], end[1])
    return mate


def _flip(mate: list[int], parent: list[int], end: int) -> None:
    vertex = end
    while vertex != -1:
        before = parent[vertex]
        after = mate[before]
        mate[vertex], mate[before] = before, vertex
        vertex = after


def _augmenting_path(
    adjacency: Sequence[Sequence[int]], mate: list[int], root: int
) -> tuple[list[int], int] | None:
    size = len(adjacency)
    parent = [-1] * size
    base = list(range(size))
    in_tree = [False] * size
    in_tree[root] = True
    queue = deque([root])

    def common_base(a: int, b: int) -> int:
        seen = [False] * size
        while True:
            a = base[a]
            seen[a] = True
            if mate[a] == -1:
                break
            a = parent[mate[a]]
        while True:
            b = base[b]
            if seen[b]:
                return b
            b = parent[mate[b]]

    def mark(vertex: int, stem: int, child: int, blossom: list[bool]) -> None:
        while base[vertex] != stem:
            blossom[base[vertex]] = blossom[base[mate[vertex]]] = True
            parent[vertex] = child
            child = mate[vertex]
            vertex = parent[mate[vertex]]

    while queue:
        vertex = queue.popleft()
        for other in adjacency[vertex]:
            if base[vertex] == base[other] or mate[vertex] == other:
                continue
            if other == root or (mate[other] != -1 and parent[mate[other]] != -1):
                stem = common_base(vertex, other)
                blossom = [False] * size
                mark(vertex, stem, other, blossom)
                mark(other, stem, vertex, blossom)
                for node in range(size):
                    if blossom[base[node]]:
                        base[node] = stem
                        if not in_tree[node]:
                            in_tree[node] = True
                            queue.append(node)
            elif parent[other] == -1:
                parent[other] = vertex
                if mate[other] == -1:
                    return parent, other
                in_tree[mate[other]] = True
                queue.append(mate[other])
    return None
