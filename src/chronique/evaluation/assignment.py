"""Maximum-weight one-to-one assignment (the Hungarian algorithm), in pure Python.

GOLD.md asks for an *exact* one-to-one event matching that maximises several criteria in
order. A greedy pass cannot guarantee that (taking the best pair first can strand a
required gold event), so the scorer solves the assignment problem. Weights are Python
ints: lexicographic criteria are packed into one integer exactly, with no float rounding
deciding a tie.
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Pairs (row, column) of a one-to-one assignment of maximum total weight.

    `weights[r][c]` is the gain of pairing row r with column c; a weight <= 0 means the
    pair is not allowed (leaving both unpaired gains 0, so a non-positive pair is never
    worth taking). Rows and columns may differ in number; returned pairs are sorted.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if n_rows == 0 or n_cols == 0:
        return []
    if any(len(row) != n_cols for row in weights):
        raise ValueError("weights must be a rectangular matrix")
    # The algorithm below assigns every row, so it needs rows <= columns: transpose if not.
    transposed = n_rows > n_cols
    if transposed:
        matrix = [[weights[r][c] for r in range(n_rows)] for c in range(n_cols)]
    else:
        matrix = [list(row) for row in weights]
    # Disallowed pairs cost 0 like "unpaired"; they are dropped from the result at the end.
    cost = [[-max(0, w) for w in row] for row in matrix]
    assigned = _min_cost_rows(cost)
    pairs = []
    for row, col in assigned:
        if matrix[row][col] > 0:
            pairs.append((col, row) if transposed else (row, col))
    return sorted(pairs)


def _min_cost_rows(cost: list[list[int]]) -> list[tuple[int, int]]:
    """Assign every row to a distinct column at minimum total cost (rows <= columns).

    The O(n²m) shortest-augmenting-path form with row/column potentials (Kuhn–Munkres as
    usually written for competitive programming), 1-indexed with column 0 as a sentinel.
    """
    n, m = len(cost), len(cost[0])
    largest = max(abs(c) for row in cost for c in row)
    # Reduced costs stay within a few multiples of n·largest; this bound is never reached,
    # and Python ints make a generous one free.
    infinity = (largest + 1) * 4 * (n + m + 2)
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row assigned to column j (0: none)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        min_reduced = [infinity] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = infinity
            j1 = 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if reduced < min_reduced[j]:
                    min_reduced[j] = reduced
                    way[j] = j0
                if min_reduced[j] < delta:
                    delta = min_reduced[j]
                    j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    min_reduced[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while True:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
            if j0 == 0:
                break
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def max_matching(compatible: Sequence[Sequence[bool]]) -> int:
    """Size of a maximum matching in a bipartite compatibility matrix."""
    return len(max_weight_assignment([[1 if ok else 0 for ok in row] for row in compatible]))
