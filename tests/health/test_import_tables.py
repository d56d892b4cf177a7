"""Reading device files in blocks: line numbers, blank lines, rows that are not rows, and the
regrouping of Arrow's record batches into chunks of exactly the chunk size."""

from __future__ import annotations

import io

import pyarrow as pa
import pytest

from healthycity.health.imports.tables import _rebatch, read_blocks

CSV = (
    b"ID,Weight,Note\r\n"
    b"a,61.5,x\r\n"
    b"\r\n"
    b'b,62.0,"two\r\nlines"\r\n'
    b"c,63.0\r\n"
    b"d,64.0,y\r\n"
    b",,\r\n"
    b"e,65.0,z\r\n"
)


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 100])
def test_blocks_keep_line_numbers_and_account_for_every_row(chunk_rows):
    header, blocks = read_blocks(io.BytesIO(CSV), chunk_rows)
    assert header == ["ID", "Weight", "Note"]
    good, bad = [], []
    # Line 3 and 8 are blank; "b" spans lines 4-5; line 6 has two cells of three (Arrow numbers
    # records, not lines: the rows after a multi-line value were numbered one line too early).
    for block in blocks:
        assert len(block) <= chunk_rows
        good += [(int(ln), block.cell(i, 0)) for i, ln in enumerate(block.lines)]
        bad += [ln for ln, _text, _problem in block.bad]
    assert good == [(2, "a"), (4, "b"), (7, "d"), (9, "e")]
    assert bad == [6]


def test_rebatch_makes_chunks_of_exactly_the_chunk_size():
    def batch(n, start):
        return pa.record_batch([pa.array([str(i) for i in range(start, start + n)])], names=["c0"])

    sizes = [3, 7, 1, 10, 4]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    parts = list(_rebatch(iter(batch(n, s) for n, s in zip(sizes, starts, strict=True)), 5))
    assert [p.num_rows for p in parts] == [5, 5, 5, 5, 5]
    assert [v for p in parts for v in p.column(0).to_pylist()] == [str(i) for i in range(25)]
    assert list(_rebatch(iter([batch(2, 0)]), 5))[0].num_rows == 2
    assert list(_rebatch(iter([]), 5)) == []


def test_the_csv_module_path_numbers_a_record_by_its_first_line_as_arrow_does():
    """The fall-back reader (used when Arrow cannot read a file) and Arrow's reader number a
    record that spans several lines (a quoted line break) the same way: by its first line."""
    from healthycity.health.imports.tables import _read_csv

    text = 'a,b\n1,"two\nlines"\n\n3,4\n5,"open\n'
    header, rows = _read_csv(io.BytesIO(text.encode()))
    assert header == ["a", "b"]
    assert [line for line, _cells in rows] == [2, 5, 6]
    arrow = io.BytesIO(b'a,b\n1,"two\nlines"\n3,4\n')
    _header, blocks = read_blocks(arrow, 10)
    assert [int(x) for block in blocks for x in block.lines] == [2, 4]
