"""Indicator values as SDMX-CSV (version 1: ``DATAFLOW`` first), which the importer reads back.

Columns: ``DATAFLOW, REF_AREA, INDICATOR, TIME_PERIOD``, one column per breakdown dimension found
in the values (e.g. ``SEX``), ``OBS_VALUE, UNIT_MEASURE, OBS_STATUS, LOWER_BOUND, UPPER_BOUND,
COMMENT_OBS``. REF_AREA is the member city's UN/LOCODE or the country's ISO 3166-1 alpha-3 code.
Synthetic (demo) values say so in COMMENT_OBS, and the importer marks them synthetic again.
Cells that a spreadsheet would take for a formula are neutralised (a leading ', see OWASP "CSV
injection").
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from healthycity.core import csvsafe
from healthycity.policies.indicators.imports.rows import SYNTHETIC_MARK

DATAFLOW = "HEALTHYCITY:CITY_INDICATORS(1.0)"
HEAD = ("DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD")
TAIL = ("OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND", "COMMENT_OBS")
SYNTHETIC_COMMENT = f"{SYNTHETIC_MARK}: a made-up figure of the demo, not a statistic"


def _dimensions(breakdown: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in breakdown.split(";") if "=" in part)


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def rows(values: Iterable) -> Iterator[list[str]]:
    """Header and rows of SDMX-CSV for IndicatorValue objects (with their `indicator`). Text
    cells go through core.csvsafe one by one; numbers are written by `_number` as text and are
    left alone, so a negative value stays a number."""
    values = list(values)
    dims = sorted({d for v in values for d in _dimensions(v.breakdown)})
    yield [*HEAD, *dims, *TAIL]
    for v in values:
        breakdown = _dimensions(v.breakdown)
        yield [
            DATAFLOW,
            csvsafe.cell(v.area),
            csvsafe.cell(v.indicator.code),
            csvsafe.cell(v.period),
            *(csvsafe.cell(breakdown.get(d, "")) for d in dims),
            _number(v.value),
            csvsafe.cell(v.indicator.unit_code or ""),
            csvsafe.cell(v.status),
            _number(v.lower),
            _number(v.upper),
            SYNTHETIC_COMMENT if v.synthetic else "",
        ]


def to_csv(values: Iterable) -> str:
    buffer = io.StringIO()
    csvsafe.writer(buffer, lineterminator="\n", neutralise=False).writerows(rows(values))
    return buffer.getvalue()
