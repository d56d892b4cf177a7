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
from typing import IO

from django.utils.translation import gettext as _

from healthycity.health.imports.base import ImportFailed

SNIFF_BYTES = 256 * 1024
XLSX_MAGIC = b"PK\x03\x04"
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.)]\s*")
_SPACES = re.compile(r"\s+")

Row = tuple[int, list[str]]


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
    sample = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if b"\x00" in sample[:4096]:
        raise ImportFailed(_("This is not a CSV or XLSX file (it contains binary data)."))
    encoding = detect_encoding(sample)
    # errors="replace": a row with undecodable bytes is quarantined, not the whole file lost.
    text = io.TextIOWrapper(fileobj, encoding=encoding, errors="replace", newline="")
    first_line = sample.split(b"\n", 1)[0]
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
        while not any(c.strip() for c in header):
            header = next(reader)
    except StopIteration:
        raise ImportFailed(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFailed(
            _("The header line cannot be read: %(error)s") % {"error": exc}
        ) from None

    def rows() -> Iterator[Row]:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                # An unterminated quote runs to the end of the file: the rest is one bad row.
                yield reader.line_num, ["\x00malformed"]
                return
            if any(c.strip() for c in cells):
                yield reader.line_num, cells

    return header, rows()


def _read_xlsx(fileobj: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            _("The XLSX file is damaged or truncated (%(error)s).") % {"error": exc}
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
        raise ImportFailed(_("The file is empty."))

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
