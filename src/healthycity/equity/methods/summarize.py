"""Summarise a HEAT Plus upload file into one record per setting, year, indicator, dimension, measure.

The upload template is WHO HEAT Plus's (columns below; see WHO, *HEAT Plus user manual*, 2024).
A file is validated before anything is computed: unknown or missing columns, text in a number
cell, a negative population or SE, and inconsistent indicator/dimension settings within a group
are errors naming the column and the line. When ``se`` is empty but ``ci_lb`` and ``ci_ub`` are
given, se = (ci_ub − ci_lb)/(2·1.96), as HEAT Plus does.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import HeatCsvError, MethodInputError
from .heat import DEFAULT_SEED, MEASURES, Dimension, Subgroup, summary_measures
from .i18n import gettext as _
from .intervals import z_value

REQUIRED_COLUMNS = (
    "setting", "year", "indicator_abbr", "dimension", "subgroup", "estimate", "se", "population",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
)  # fmt: skip
OPTIONAL_COLUMNS = ("ci_lb", "ci_ub", "setting_average")
GROUP_CONSTANTS = ("favourable_indicator", "indicator_scale", "ordered_dimension")


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One validated line of a HEAT Plus upload file (``line`` is the 1-based file line)."""

    line: int
    setting: str
    year: int
    indicator_abbr: str
    dimension: str
    subgroup: str
    estimate: float
    se: float | None
    population: float | None
    favourable_indicator: bool
    indicator_scale: float
    ordered_dimension: bool
    subgroup_order: int | None
    reference_subgroup: bool
    setting_average: float | None = None

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.setting, self.year, self.indicator_abbr, self.dimension)


@dataclass(frozen=True, slots=True)
class Record:
    """One summary measure of one setting, year, indicator and dimension."""

    setting: str
    year: int
    indicator_abbr: str
    dimension: str
    measure: str
    estimate: float | None
    se: float | None
    lower: float | None
    upper: float | None
    reason: str | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def read_heat_csv(path: str | Path) -> list[HeatRow]:
    """Read and validate a HEAT Plus upload CSV; raises :class:`HeatCsvError` naming the line."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return parse_heat_rows(csv.reader(fh))
    except OSError as exc:
        raise HeatCsvError(
            _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc},
            field="path",
            value=str(path),
        ) from exc


def parse_heat_rows(lines: Iterable[list[str]]) -> list[HeatRow]:
    """Validate rows of cells (the first is the header) into :class:`HeatRow` objects."""
    iterator = iter(lines)
    header = [h.strip() for h in next(iterator, [])]
    _check_columns(header)
    rows = []
    for line_no, cells in enumerate(iterator, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise HeatCsvError(
                _("Line %(line)s has %(cells)s cells; the header has %(columns)s.")
                % {"line": line_no, "cells": len(cells), "columns": len(header)},
                field="row",
                value=len(cells),
                line=line_no,
            )
        rows.append(_parse_row(dict(zip(header, cells, strict=True)), line_no))
    if not rows:
        raise HeatCsvError(_("The file has no data rows."), field="row", value=0, line=None)
    _check_groups(rows)
    return rows


def _check_columns(header: list[str]) -> None:
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        raise HeatCsvError(
            _(
                "The header does not match the HEAT Plus template: missing columns %(missing)s, "
                "unknown columns %(unknown)s."
            )
            % {"missing": missing, "unknown": unknown},
            field="header",
            value={"missing": missing, "unknown": unknown},
            line=1,
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise HeatCsvError(
            _("Columns %(columns)s appear more than once.") % {"columns": duplicated},
            field="header",
            value=duplicated,
            line=1,
        )


def _parse_row(cell: dict[str, str], line: int) -> HeatRow:
    def text(name: str) -> str:
        value = cell[name].strip()
        if not value:
            raise _error(name, value, line, _("it must not be empty"))
        return value

    se = _number(cell, "se", line, minimum=0)
    if se is None:
        se = _se_from_ci(cell, line)
    ordered = _flag(cell, "ordered_dimension", line, required=True)
    scale = _required(cell, "indicator_scale", line)
    if scale <= 0:
        raise _error(
            "indicator_scale", cell["indicator_scale"], line, _("expected a number above 0")
        )
    return HeatRow(
        line=line,
        setting=text("setting"),
        year=int(_required(cell, "year", line, integer=True)),
        indicator_abbr=text("indicator_abbr"),
        dimension=text("dimension"),
        subgroup=text("subgroup"),
        estimate=_required(cell, "estimate", line),
        se=se,
        population=_number(cell, "population", line, minimum=0),
        favourable_indicator=_flag(cell, "favourable_indicator", line, required=True),
        indicator_scale=scale,
        ordered_dimension=ordered,
        subgroup_order=_order(cell, line, required=ordered),
        reference_subgroup=_flag(cell, "reference_subgroup", line, required=False),
        setting_average=_number(cell, "setting_average", line),
    )


def _error(column: str, value: str, line: int, expected: str) -> HeatCsvError:
    return HeatCsvError(
        _("Column '%(column)s' has '%(value)s' on line %(line)s; %(expected)s.")
        % {"column": column, "value": value, "line": line, "expected": expected},
        field=column,
        value=value,
        line=line,
    )


def _number(
    cell: dict[str, str],
    column: str,
    line: int,
    *,
    required: bool = False,
    minimum: float | None = None,
    integer: bool = False,
) -> float | None:
    raw = cell.get(column, "").strip()
    if not raw:
        if required:
            raise _error(column, raw, line, _("a number is required"))
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (integer and value != int(value)):
        expected = _("expected a whole number") if integer else _("expected a number")
        raise _error(column, raw, line, expected)
    if minimum is not None and value < minimum:
        expected = _("expected a number ≥ %(minimum)s") % {"minimum": f"{minimum:g}"}
        raise _error(column, raw, line, expected)
    return value


def _required(cell: dict[str, str], column: str, line: int, *, integer: bool = False) -> float:
    value = _number(cell, column, line, required=True, integer=integer)
    assert value is not None  # _number raises when a required cell is empty
    return value


def _flag(cell: dict[str, str], column: str, line: int, *, required: bool) -> bool:
    value = _number(cell, column, line, required=required)
    if value not in (None, 0, 1):
        raise _error(column, cell[column].strip(), line, _("expected 0 or 1"))
    return bool(value)


def _order(cell: dict[str, str], line: int, *, required: bool) -> int | None:
    value = _number(cell, "subgroup_order", line, required=required, integer=True)
    if value is not None and required and value < 1:
        raise _error("subgroup_order", cell["subgroup_order"], line, _("expected 1, 2, 3, ..."))
    return int(value) if value is not None and required else None


def _se_from_ci(cell: dict[str, str], line: int) -> float | None:
    lower = _number(cell, "ci_lb", line)
    upper = _number(cell, "ci_ub", line)
    if lower is None or upper is None:
        return None
    if upper < lower:
        expected = _("expected a number ≥ ci_lb (%(lower)s)") % {"lower": f"{lower:g}"}
        raise _error("ci_ub", cell["ci_ub"], line, expected)
    return (upper - lower) / (2 * z_value(confidence=0.95))


def _check_groups(rows: list[HeatRow]) -> None:
    first: dict[tuple, HeatRow] = {}
    for row in rows:
        head = first.setdefault(row.key, row)
        for column in (*GROUP_CONSTANTS, "setting_average"):
            if getattr(row, column) != getattr(head, column):
                raise _error(
                    column,
                    str(getattr(row, column)),
                    row.line,
                    _(
                        "every row of %(indicator)s/%(dimension)s in %(setting)s %(year)s "
                        "must have %(expected)s as on line %(line)s"
                    )
                    % {
                        "indicator": row.indicator_abbr,
                        "dimension": row.dimension,
                        "setting": row.setting,
                        "year": row.year,
                        "expected": getattr(head, column),
                        "line": head.line,
                    },
                )


def summarize_rows(
    rows: Iterable[HeatRow], *, confidence: float = 0.95, seed: int | None = None
) -> list[Record]:
    """One :class:`Record` per setting, year, indicator, dimension and HEAT measure."""
    groups: dict[tuple, list[HeatRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    records = []
    for key, members in groups.items():
        dimension = _dimension(members)
        results = summary_measures(
            data=dimension, confidence=confidence, seed=DEFAULT_SEED if seed is None else seed
        )
        setting, year, indicator, dim = key
        for measure in MEASURES:
            r = results[measure]
            records.append(
                Record(
                    setting=setting,
                    year=year,
                    indicator_abbr=indicator,
                    dimension=dim,
                    measure=measure,
                    estimate=r.estimate,
                    se=r.se,
                    lower=r.lower,
                    upper=r.upper,
                    reason=r.reason,
                )
            )
    return records


def summarize_csv(path: str | Path, *, confidence: float = 0.95) -> list[Record]:
    """Read, validate and summarise a HEAT Plus upload file."""
    return summarize_rows(read_heat_csv(path), confidence=confidence)


def _dimension(members: list[HeatRow]) -> Dimension:
    head = members[0]
    try:
        return Dimension(
            subgroups=tuple(
                Subgroup(
                    name=m.subgroup,
                    estimate=m.estimate,
                    se=m.se,
                    population=m.population,
                    order=m.subgroup_order,
                    reference=m.reference_subgroup,
                )
                for m in members
            ),
            favourable=head.favourable_indicator,
            ordered=head.ordered_dimension,
            scale=head.indicator_scale,
            setting_average=head.setting_average,
        )
    except MethodInputError as exc:
        lines = ", ".join(str(m.line) for m in members)
        raise HeatCsvError(
            _("%(setting)s %(year)s %(indicator)s/%(dimension)s (lines %(lines)s): %(error)s")
            % {
                "setting": head.setting,
                "year": head.year,
                "indicator": head.indicator_abbr,
                "dimension": head.dimension,
                "lines": lines,
                "error": exc,
            },
            field=exc.field,
            value=exc.value,
            line=head.line,
        ) from exc
