"""Small-cell suppression for every aggregate that leaves the city.

Primary suppression hides any cell counting fewer than `k` people (but more than zero — a true zero
reveals no one and is kept, as is common statistical-disclosure practice). Complementary suppression
then hides, within each group of cells that sum to a published total, the next-smallest cell whenever
exactly one cell of the group is hidden, so the hidden value cannot be recovered by subtraction.
Source: Hundepool et al., *Statistical Disclosure Control* (Wiley, 2012), ch. 7 (tabular data).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings


def small_cell_k() -> int:
    return int(settings.SMALL_CELL_K)


@dataclass
class Cell:
    key: Any
    count: int
    suppressed: bool = False


def suppress(
    cells: Sequence[Cell],
    *,
    k: int | None = None,
    groups: Callable[[Cell], Sequence[Hashable]] | None = None,
) -> list[Cell]:
    """Mark cells to suppress in place and return them.

    `groups(cell)` names the groups (margins) a cell belongs to; cells of one group sum to a total
    that is published. Without `groups` all cells form one group.
    """
    k = small_cell_k() if k is None else k
    for cell in cells:
        cell.suppressed = 0 < cell.count < k
    members: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in cells:
        for group in groups(cell) if groups else ("all",):
            members[group].append(cell)
    changed = True
    while changed:
        changed = False
        for group_cells in members.values():
            hidden = [c for c in group_cells if c.suppressed]
            if len(hidden) != 1:
                continue
            candidates = sorted(
                (c for c in group_cells if not c.suppressed and c.count > 0),
                key=lambda c: c.count,
            )
            if candidates:
                candidates[0].suppressed = True
                changed = True
    return list(cells)


def suppress_counts(
    counts: dict[Hashable, int], *, k: int | None = None
) -> dict[Hashable, int | None]:
    """One-dimensional convenience: {key: count} → {key: count or None when suppressed}."""
    cells = suppress([Cell(key, n) for key, n in counts.items()], k=k)
    return {c.key: (None if c.suppressed else c.count) for c in cells}


def suppress_rows(
    rows: list[dict],
    *,
    counts: Sequence[str],
    blank: Sequence[str],
    k: int | None = None,
    by: str = "group_by",
) -> None:
    """Rows of a breakdown table (one per group, `by` naming the breakdown: "all", "district"…):
    where a row's count in any of `counts` is small (primary), or must be hidden so that such a
    count cannot be recovered from the other rows of the same breakdown and its total
    (complementary), set `suppressed` and empty the `blank` fields. In place."""
    hidden = set()
    for breakdown in {r[by] for r in rows}:
        members = [r for r in rows if r[by] == breakdown]
        for count in counts:
            cells = suppress([Cell(id(r), r[count]) for r in members], k=k)
            hidden |= {c.key for c in cells if c.suppressed}
    for row in rows:
        if id(row) in hidden:
            row["suppressed"] = True
            for name in blank:
                row[name] = None
