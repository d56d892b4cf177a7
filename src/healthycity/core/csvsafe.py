"""Cells for files people open in a spreadsheet (CSV, XLSX): text that a spreadsheet would run
as a formula is neutralised. Every export uses `cell` / `row`.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (`=HYPERLINK("http://evil.example","x")`, `=cmd|' /C calc'!A0`,
`@SUM(…)`): opening the report would follow links or run commands. A leading apostrophe makes the
spreadsheet show the text as it is (OWASP, "CSV Injection"). Numbers are not text and pass
unchanged, so a negative value stays a number. XLSX exports call `cell` on each text value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """`value` safe for a spreadsheet cell: text that would start a formula gets a leading
    apostrophe; numbers, dates, None and other text are returned as they are."""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def row(values: Iterable) -> list:
    return [cell(v) for v in values]


class _Writer:
    """`csv.writer` whose rows go through `row`. A text cell holding a carriage return or a line
    feed is always quoted: the csv module quotes only the characters of its line terminator, so
    with "\n" a bare "\r" would end the row early in a spreadsheet (and split one cell into two
    rows, the second starting wherever the attacker chose)."""

    def __init__(self, f, *, neutralise: bool, **kwargs):
        self._neutralise = neutralise
        self._inner = csv.writer(f, **kwargs)
        self._quoted = csv.writer(f, **{**kwargs, "quoting": csv.QUOTE_ALL})

    def writerow(self, values: Iterable):
        values = row(values) if self._neutralise else list(values)
        broken = any(isinstance(v, str) and ("\r" in v or "\n" in v) for v in values)
        return (self._quoted if broken else self._inner).writerow(values)

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for values in rows:
            self.writerow(values)


def writer(f, *, neutralise: bool = True, **kwargs) -> _Writer:
    """A CSV writer (the csv module's, same arguments) that neutralises every cell. Rows whose
    text cells were neutralised one by one already (numbers written as text, which `cell` would
    take for formulas) pass `neutralise=False` and keep only the quoting of line breaks."""
    return _Writer(f, neutralise=neutralise, **kwargs)
