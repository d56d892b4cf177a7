"""Tables of counts that leave the city: small cells suppressed, and nothing derivable.

On top of `healthycity.core.privacy.suppress` (primary cells 0 < n < k, plus complementary
suppression so no single hidden cell can be recovered from the total), a published table here
also keeps the *sum* of its hidden cells at k or more (suppressing the next-smallest cell until it
is), so the hidden cells together never form a group smaller than k; and a total below k hides
the total and every cell. A true zero is shown: it reveals no one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from healthycity.core.privacy import Cell, small_cell_k, suppress


@dataclass
class Row:
    key: Hashable
    label: str
    count: int | None  # None when suppressed
    suppressed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. a mean, only for shown rows

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Table:
    id: str
    title: str
    rows: list[Row]
    total: int | None
    total_suppressed: bool = False
    unit: str = ""
    method: str = ""
    gri: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": str(self.title),
            "unit": str(self.unit),
            "method": str(self.method),
            "gri": self.gri,
            "total": self.total,
            "total_suppressed": self.total_suppressed,
            "rows": [{**r.as_dict(), "key": str(r.key), "label": str(r.label)} for r in self.rows],
        }


def safe_rows(
    items: Iterable[tuple[Hashable, str, int]], *, k: int | None = None
) -> tuple[list[Row], int | None]:
    """(key, label, count) → rows with small cells suppressed, and the total (None if < k)."""
    k = small_cell_k() if k is None else k
    items = list(items)
    cells = suppress([Cell(key, n) for key, _, n in items], k=k)
    total = sum(n for _, _, n in items)
    while 0 < sum(c.count for c in cells if c.suppressed) < k:
        visible = sorted(
            (c for c in cells if not c.suppressed and c.count > 0), key=lambda c: c.count
        )
        if not visible:
            break
        visible[0].suppressed = True
    total_hidden = 0 < total < k
    rows = []
    for (key, label, _), cell in zip(items, cells, strict=True):
        hidden = cell.suppressed or (total_hidden and cell.count > 0)
        rows.append(
            Row(
                key=key,
                label=label,
                count=None if hidden else cell.count,
                suppressed=hidden,
            )
        )
    return rows, (None if total_hidden else total)


def safe_count(n: int, *, k: int | None = None) -> int | None:
    """A single published count: None when 0 < n < k."""
    k = small_cell_k() if k is None else k
    return None if 0 < n < k else n


def table(id: str, title: str, items, *, unit="", method="", gri=(), k=None) -> Table:
    rows, total = safe_rows(items, k=k)
    return Table(
        id=id,
        title=title,
        rows=rows,
        total=total,
        total_suppressed=total is None,
        unit=unit,
        method=method,
        gri=list(gri),
    )
