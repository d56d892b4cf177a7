"""Published tables: small cells, complements, the hidden sum and small totals (partners.cells)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from healthycity.partners.cells import safe_count, safe_rows

K = 10


def rows_of(counts):
    rows, total = safe_rows([(i, str(i), n) for i, n in enumerate(counts)], k=K)
    return [r.count for r in rows], total


def test_small_cell_and_its_complement_are_hidden():
    assert rows_of([3, 40, 12, 25]) == ([None, 40, None, 25], 80)


def test_zero_is_shown():
    assert rows_of([0, 40, 25]) == ([0, 40, 25], 65)


def test_hidden_cells_together_reach_k():
    # 2 and 3 are hidden primarily; their sum 5 < k, so the next smallest (11) goes too.
    assert rows_of([2, 3, 11, 50]) == ([None, None, None, 50], 66)


def test_a_small_total_hides_everything_but_zeros():
    assert rows_of([4, 0, 3]) == ([None, 0, None], None)


def test_safe_count():
    assert safe_count(0, k=K) == 0 and safe_count(9, k=K) is None and safe_count(10, k=K) == 10


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_nothing_small_can_be_read_or_derived(counts):
    shown, total = rows_of(counts)
    for n in shown:
        assert n is None or n == 0 or n >= K
    if total is not None:
        hidden = total - sum(n for n in shown if n is not None)
        assert hidden == 0 or hidden >= K
