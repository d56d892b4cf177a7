"""Indicator values as SDMX-CSV (version 1: ``DATAFLOW`` first), which the importer reads back.

Columns: ``DATAFLOW, REF_AREA, INDICATOR, TIME_PERIOD``, one column per breakdown dimension found
in the values (e.g. ``SEX``), ``OBS_VALUE, UNIT_MEASURE, OBS_STATUS, LOWER_BOUND, UPPER_BOUND,
COMMENT_OBS``. REF_AREA is the member city's UN/LOCODE or the country's ISO 3166-1 alpha-3 code.
Synthetic (demo) values say so in COMMENT_OBS, and the importer marks them synthetic again.
Cells that a spreadsheet would take for a formula are neutralised (a leading ', see OWASP "CSV
injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from healthycity.policies.indicators.imports.rows import SYNTHETIC_MARK

DATAFLOW = "HEALTHYCITY:CITY_INDICATORS(1.0)"
HEAD = ("DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD")
TAIL = ("OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND", "COMMENT_OBS")
SYNTHETIC_COMMENT = f"{SYNTHETIC_MARK}: a made-up figure of the demo, not a statistic"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _dimensions(breakdown: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in breakdown.split(";") if "=" in part)


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _safe(text: str) -> str:
    """Text cells only: numbers are written by `_number`, so a negative value stays a number."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def rows(values: Iterable) -> Iterator[list[str]]:
    """Header and rows of SDMX-CSV for IndicatorValue objects (with their `indicator`)."""
    values = list(values)
    dims = sorted({d for v in values for d in _dimensions(v.breakdown)})
    yield [*HEAD, *dims, *TAIL]
    for v in values:
        breakdown = _dimensions(v.breakdown)
        yield [
            DATAFLOW,
            v.area,
            _safe(v.indicator.code),
            v.period,
            *(_safe(breakdown.get(d, "")) for d in dims),
            _number(v.value),
            _safe(v.indicator.unit_code or ""),
            v.status,
            _number(v.lower),
            _number(v.upper),
            SYNTHETIC_COMMENT if v.synthetic else "",
        ]


def to_csv(values: Iterable) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows(values))
    return buffer.getvalue()
