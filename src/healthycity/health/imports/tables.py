"""Reading tabular device files as a stream of (line number, cells): CSV in UTF-8 (with or
without BOM) or cp949 (Korean Windows), and XLSX (openpyxl read-only). Memory stays flat."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.health.imports.base import ImportFailed

SNIFF_BYTES = 256 * 1024
XLSX_MAGIC = b"PK\x03\x04"
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.)]\s*")
_SPACES = re.compile(r"\s+")

Row = tuple[int, list[str]]
REPLACE = "healthycity-replace"
_replacements = [0]


def _count_and_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    _replacements[0] += 1
    return "\ufffd", exc.end


codecs.register_error(REPLACE, _count_and_replace)


def replaced_characters() -> int:
    """How many undecodable byte runs were replaced so far in this process (rows are searched
    for U+FFFD only once this is non-zero; a clean file costs nothing)."""
    return _replacements[0]


def normalise_label(label: str) -> str:
    """'27. Protein ' → 'protein'; '\ufeff1. Name' → 'name'. Numbers differ between models."""
    label = (label or "").replace("\ufeff", "").strip()
    return _SPACES.sub(" ", _NUMBER_PREFIX.sub("", label)).strip().lower()


def read_table(fileobj: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    """The header cells and an iterator over the data rows (blank rows skipped)."""
    head = fileobj.read(len(XLSX_MAGIC))
    fileobj.seek(0)
    if head == XLSX_MAGIC:
        return _read_xlsx(fileobj)
    return _read_csv(fileobj)


def detect_encoding(sample: bytes) -> str:
    """utf-8-sig when the sample decodes as UTF-8 (a multi-byte character cut at the end of the
    sample is fine); otherwise cp949, what Korean Windows writes."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp949"


def _read_csv(fileobj: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    header, rows, _lines = _read_csv_lines(fileobj)
    return header, rows


def _read_csv_lines(fileobj: IO[bytes]) -> tuple[list[str], Iterator[Row], int]:
    sample = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if b"\x00" in sample[:4096]:
        raise ImportFailed(
            gettext_noop("This is not a CSV or XLSX file (it contains binary data).")
        )
    encoding = detect_encoding(sample)
    # Undecodable bytes become U+FFFD: the row is quarantined, not the whole file lost.
    text = io.TextIOWrapper(fileobj, encoding=encoding, errors=REPLACE, newline="")
    first_line = sample.split(b"\n", 1)[0]
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
        while not any(c.strip() for c in header):
            header = next(reader)
    except StopIteration:
        raise ImportFailed(gettext_noop("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFailed(
            gettext_noop("The header line cannot be read: %(error)s"), error=exc
        ) from None

    header_lines = reader.line_num

    def rows() -> Iterator[Row]:
        while True:
            start = reader.line_num + 1  # a record's first line, as the Arrow path numbers it
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                # An unterminated quote runs to the end of the file: the rest is one bad row.
                yield start, ["\x00malformed"]
                return
            if cells and (cells[0] or any(cells)):  # blank lines are not rows
                yield start, cells

    return header, rows(), header_lines


def _read_xlsx(fileobj: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            gettext_noop("The XLSX file is damaged or truncated (%(error)s)."), error=exc
        ) from None
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    line = 0
    header: list[str] = []
    for values in it:
        line += 1
        header = [_cell(v) for v in values]
        if any(header):
            break
    if not any(header):
        book.close()
        raise ImportFailed(gettext_noop("The file is empty."))

    def rows() -> Iterator[Row]:
        n = line
        try:
            for values in it:
                n += 1
                cells = [_cell(v) for v in values]
                if any(c.strip() for c in cells):
                    yield n, cells
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            yield n + 1, ["\x00malformed"]
        finally:
            book.close()

    return header, rows()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- blocks: the same rows, column-wise ------------------------------------------------------


@dataclass
class Block:
    """Up to CHUNK_ROWS data rows, column-wise. `columns[j]` is a pyarrow string array (made by
    Arrow's CSV reader, or from the cells read by openpyxl or the csv module). `bad` holds rows
    that are not rows (wrong number of cells, truncated): (line, text, message)."""

    lines: np.ndarray
    columns: list
    bad: list[tuple[int, str, str]] = field(default_factory=list)
    # (column, label) of the cells a rejected row keeps in the quarantine; None keeps them all.
    keep: list[tuple[int, str]] | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def cell(self, row: int, col: int) -> str:
        return self.columns[col][row].as_py()

    def full(self, row: int) -> str:
        return ",".join(self.cell(row, j) or "" for j in range(len(self.columns)))

    def raw(self, row: int) -> str:
        """The row as the quarantine keeps it: the `keep` cells as `label=value` (empty cells
        left out), or the whole row when the importer set no `keep`."""
        if self.keep is None:
            return self.full(row)
        return "; ".join(f"{label}={v}" for j, label in self.keep if (v := self.cell(row, j)))


def read_blocks(fileobj: IO[bytes], chunk_rows: int) -> tuple[list[str], Iterator[Block]]:
    """Header and blocks of a CSV or XLSX file. CSV goes through Arrow's C++ reader (about ten
    times faster than the csv module, which matters for a million rows); if Arrow cannot read
    the rest of a file (bad bytes, odd quoting), reading continues with the csv module from the
    first line not yet handed out, so every row is still accounted for."""
    head = fileobj.read(len(XLSX_MAGIC))
    fileobj.seek(0)
    if head == XLSX_MAGIC:
        header, rows = _read_xlsx(fileobj)
        return header, _row_blocks(rows, len(header), chunk_rows)
    start = fileobj.tell()
    header, _rows, header_lines = _read_csv_lines(io.BufferedReader(_Unclosable(fileobj)))
    return header, _arrow_blocks(fileobj, start, header, header_lines, chunk_rows)


def _row_blocks(rows: Iterator[Row], width: int, chunk_rows: int) -> Iterator[Block]:
    import pyarrow as pa

    from healthycity.health.imports.chunks import batched

    for block in batched(rows, chunk_rows):
        good, bad = [], []
        for line, cells in block:
            problem = shape_problem(cells, width)
            if problem:
                bad.append((line, ",".join(cells), problem))
            else:
                good.append((line, cells[:width]))
        cells = list(zip(*(c for _, c in good), strict=True)) if good else [()] * width
        lines = np.fromiter((ln for ln, _ in good), dtype=np.int64, count=len(good))
        yield Block(lines=lines, columns=[pa.array(c, pa.string()) for c in cells], bad=bad)


def shape_problem(cells: list[str], width: int) -> str:
    if len(cells) == width:
        return ""
    if len(cells) == 1 and cells[0] == "\x00malformed":
        return _("The file ends in the middle of this row (truncated?).")
    if len(cells) < width or any(c.strip() for c in cells[width:]):
        return _("This row has %(n)s cells; the header has %(m)s (truncated or shifted row?).") % {
            "n": len(cells),
            "m": width,
        }
    return ""


def _arrow_blocks(
    fileobj, start: int, header: list[str], header_lines: int, chunk_rows: int
) -> Iterator[Block]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    fileobj.seek(start)
    sample = fileobj.read(SNIFF_BYTES)
    fileobj.seek(start)
    encoding = detect_encoding(sample)
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    # Where reading stands: Arrow numbers records (the header's included), a record may span
    # several lines (a quoted value with a line break), and the quarantine wants lines.
    at = _Position(record=header_lines, line=header_lines)
    try:
        reader = pacsv.open_csv(
            _Unclosable(fileobj),
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=header_lines,
                use_threads=False,
                # 1 MiB: 4 MiB blocks took ~150 MiB more memory and were slower (measured).
                block_size=1 << 20,
                encoding="utf8" if encoding == "utf-8-sig" else encoding,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter="\t"
                if sample.split(b"\n", 1)[0].count(b"\t") > sample.split(b"\n", 1)[0].count(b",")
                else ",",
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        for part in _rebatch(reader, chunk_rows):
            block = _arrow_block(part, at, invalid, width, pc)
            invalid = [x for x in invalid if x[0] > at.record]
            yield block
        if invalid:
            bad = [(at.skip(number, text), text) for number, text in sorted(invalid)]
            yield Block(
                lines=np.zeros(0, dtype=np.int64),
                columns=[pa.array([], pa.string())] * width,
                bad=[(ln, text, _bad_text(text, width)) for ln, text in bad if text.strip()],
            )
    except (pa.ArrowException, UnicodeDecodeError, ValueError):
        # Arrow gave up (e.g. bytes that are not UTF-8): carry on with the csv module.
        fileobj.seek(start)
        _header, rows = _read_csv(io.BufferedReader(_Unclosable(fileobj)))
        rest = ((ln, cells) for ln, cells in rows if ln > at.line)
        yield from _row_blocks(rest, width, chunk_rows)


def _rebatch(reader, rows: int) -> Iterator:
    """Arrow's record batches (cut by bytes, not rows) regrouped into batches of exactly `rows`
    rows (the last one shorter): every chunk then costs the same fixed work, none is a small
    remainder. Each column of a batch is one contiguous array."""
    import pyarrow as pa

    held: list = []
    count = 0
    for batch in reader:
        held.append(batch)
        count += batch.num_rows
        if count < rows:
            continue
        table = pa.Table.from_batches(held)
        start = 0
        while count - start >= rows:
            yield _one_batch(table.slice(start, rows))
            start += rows
        held = table.slice(start).to_batches() if count > start else []
        count -= start
    if count:
        yield _one_batch(pa.Table.from_batches(held))


def _one_batch(table):
    return table.combine_chunks().to_batches()[0]


@dataclass
class _Position:
    """The last record handed out (Arrow's number) and the last line it ends on."""

    record: int
    line: int

    def skip(self, number: int, text: str) -> int:
        """Steps over the invalid record `number` (its cells in `text`); returns its line."""
        line = self.line + (number - self.record)
        self.record, self.line = number, line + text.count("\n")
        return line


def _arrow_block(part, at: _Position, invalid, width: int, pc) -> Block:
    """The rows of `part` as a Block with their line numbers, and the invalid records read
    before them as bad rows; moves `at` past both."""
    columns = part.columns
    n = part.num_rows
    extra = np.zeros(n, dtype=np.int64)  # line breaks inside each row's values
    for column in columns:
        if _may_hold(column, b"\n"):
            extra += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
    skipped = dict(x for x in invalid if x[0] > at.record)
    bad = []
    if not skipped:
        before = np.concatenate(([0], np.cumsum(extra)[:-1])) if n else extra
        lines = at.line + 1 + np.arange(n, dtype=np.int64) + before
        at.record, at.line = at.record + n, int(at.line + n + extra.sum())
    else:
        lines = np.empty(n, dtype=np.int64)
        for i in range(n):
            while at.record + 1 in skipped:
                number = at.record + 1
                bad.append((at.skip(number, skipped[number]), skipped[number]))
            lines[i] = at.line + 1
            at.record, at.line = at.record + 1, at.line + 1 + int(extra[i])
    bad = [(ln, text, _bad_text(text, width)) for ln, text in bad if text.strip()]
    empty = np.ones(n, dtype=bool)
    for column in columns:
        if not empty.any():
            break
        empty &= _lengths(column) == 0
    if n and empty.any():
        keep = pc.invert(pa_array(empty))
        columns = [pc.filter(c, keep) for c in columns]
        lines = lines[~empty]
    return Block(lines=lines, columns=list(columns), bad=bad)


def _lengths(column) -> np.ndarray:
    """Byte length of each string of an Arrow string array, read from its offsets (no copy)."""
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
    return np.diff(offsets[column.offset : column.offset + len(column) + 1])


def _may_hold(column, byte: bytes) -> bool:
    """Whether the data of an Arrow string array contains `byte` (a quick test on the whole
    buffer, which may hold more than the array: false positives are possible, not misses)."""
    data = column.buffers()[2]
    return data is not None and np.frombuffer(data, dtype=np.uint8).__contains__(byte[0])


def pa_array(values):
    import pyarrow as pa

    return pa.array(values)


def _bad_text(text: str, width: int) -> str:
    cells = next(csv.reader([text]), [])
    return shape_problem(cells, width) or _("This row cannot be read.")


class _Unclosable(io.RawIOBase):
    """Hands a file to Arrow without letting Arrow close it (the caller owns it)."""

    def __init__(self, f):
        self._f = f

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def readinto(self, b) -> int:
        data = self._f.read(len(b))
        b[: len(data)] = data
        return len(data)
