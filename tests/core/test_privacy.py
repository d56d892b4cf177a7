from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from healthycity.core.privacy import Cell, suppress, suppress_counts


def test_small_cells_are_suppressed_with_a_complement():
    result = suppress_counts({"a": 3, "b": 50, "c": 40}, k=10)
    assert result["a"] is None
    assert result["c"] is None  # the next-smallest, so 'a' cannot be derived from the total
    assert result["b"] == 50


def test_zero_cells_are_kept_and_large_cells_untouched():
    assert suppress_counts({"a": 0, "b": 12, "c": 30}, k=10) == {"a": 0, "b": 12, "c": 30}


def test_two_dimensional_margins_are_protected():
    # rows r1, r2; columns c1, c2 — r1c1 is small; its row and column margins are published.
    cells = [
        Cell(("r1", "c1"), 4),
        Cell(("r1", "c2"), 30),
        Cell(("r2", "c1"), 25),
        Cell(("r2", "c2"), 40),
    ]
    suppress(cells, k=10, groups=lambda c: [("row", c.key[0]), ("col", c.key[1])])
    hidden = {c.key for c in cells if c.suppressed}
    assert ("r1", "c1") in hidden
    for group in (("row", "r1"), ("row", "r2"), ("col", "c1"), ("col", "c2")):
        members = [c for c in cells if ("row", c.key[0]) == group or ("col", c.key[1]) == group]
        assert sum(c.suppressed for c in members) != 1


@given(
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), min_size=1, max_size=12)
)
def test_no_group_ever_has_exactly_one_hidden_cell(counts):
    result = suppress_counts(counts, k=10)
    hidden = [k for k, v in result.items() if v is None]
    assert len(hidden) != 1 or sum(1 for v in counts.values() if v > 0) == 1
    assert all(result[k] is None for k, v in counts.items() if 0 < v < 10)
