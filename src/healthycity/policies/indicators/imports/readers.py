"""Readers: a file → `Raw` rows, streamed (memory does not grow with the file).

* WHO GHO OData JSON — ``{"value": [{"IndicatorCode", "SpatialDimType", "SpatialDim",
  "TimeDim", "Dim1Type", "Dim1", …, "NumericValue", "Low", "High", "Comments"}, …]}``, parsed
  item by item with ijson (its C backend). A row's "line" is its position in ``value`` (1 = first).
* SDMX-CSV (version 1: ``DATAFLOW`` first; version 2: ``STRUCTURE, STRUCTURE_ID, ACTION``) —
  ``REF_AREA, INDICATOR, TIME_PERIOD, OBS_VALUE`` required; ``UNIT_MEASURE, OBS_STATUS,
  LOWER_BOUND, UPPER_BOUND, COMMENT_OBS`` optional; other columns before ``OBS_VALUE`` are
  dimensions (the value's breakdown, e.g. ``SEX=F``), other columns after it attributes, which are
  ignored. Header cells and codes may carry labels (``REF_AREA: Reference area``, ``KRSEL: Seoul``).
  UTF-8 with or without BOM, else cp949 (Korean Windows); a row with undecodable bytes is rejected.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from healthycity.policies.indicators.enums import RejectReason
from healthycity.policies.indicators.imports.rows import Raw

GHO_NAMES = {
    "indicator": "IndicatorCode",
    "area": "SpatialDim",
    "period": "TimeDim",
    "value": "NumericValue",
    "lower": "Low",
    "upper": "High",
    "unit": "Unit",
    "status": "ObsStatus",
}
SDMX_NAMES = {
    "indicator": "INDICATOR",
    "area": "REF_AREA",
    "period": "TIME_PERIOD",
    "value": "OBS_VALUE",
    "lower": "LOWER_BOUND",
    "upper": "UPPER_BOUND",
    "unit": "UNIT_MEASURE",
    "status": "OBS_STATUS",
}
SDMX_REQUIRED = ("REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE")
SDMX_KNOWN = {
    *SDMX_REQUIRED, "DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION", "UNIT_MEASURE",
    "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND", "COMMENT_OBS",
}  # fmt: skip
GHO_AREA_TYPES = {"COUNTRY", "CITY"}


class FileError(Exception):
    """The file as a whole cannot be read; the message says what to fix."""


# --- WHO GHO OData JSON ------------------------------------------------------------------------


def gho_rows(path: Path) -> Iterator[Raw]:
    import ijson

    source = _("WHO Global Health Observatory")
    count = 0
    try:
        with path.open("rb") as fh:
            for count, item in enumerate(ijson.items(fh, "value.item", use_float=True), start=1):
                yield _gho_raw(item, count, source)
    except ijson.JSONError as exc:
        raise FileError(
            _("%(file)s is not valid JSON after row %(row)s of 'value': %(error)s")
            % {"file": path.name, "row": count, "error": exc}
        ) from None
    except UnicodeDecodeError as exc:
        raise FileError(
            _("%(file)s is not UTF-8 JSON: %(error)s") % {"file": path.name, "error": exc}
        ) from None
    if count == 0:
        _check_gho_shape(path)


def _check_gho_shape(path: Path) -> None:
    """No rows: an empty `value` array is a file without data; anything else is not GHO OData."""
    import ijson

    with path.open("rb") as fh:
        for prefix, event, _value in ijson.parse(fh):
            if prefix == "value" and event == "start_array":
                return
    raise FileError(
        _("%(file)s is not a WHO GHO OData JSON document: it has no 'value' array of rows.")
        % {"file": path.name}
    )


def _gho_raw(item: object, number: int, source: str) -> Raw:
    if not isinstance(item, dict):
        return Raw(
            line=number,
            raw=json.dumps(item, ensure_ascii=False, default=str)[:2000],
            problem=(
                "value",
                RejectReason.MALFORMED,
                _("Row %(line)s of 'value' is not an object.") % {"line": number},
            ),
        )
    raw = Raw(
        line=number,
        indicator=_text(item.get("IndicatorCode")),
        area=_text(item.get("SpatialDim")),
        period=_text(item.get("TimeDim")),
        value=item.get("NumericValue"),
        lower=item.get("Low"),
        upper=item.get("High"),
        breakdown=";".join(
            f"{_text(item.get(f'Dim{i}Type'))}={_text(item.get(f'Dim{i}'))}"
            for i in (1, 2, 3)
            if item.get(f"Dim{i}")
        ),
        source=source,
        comment=_text(item.get("Comments")),
        raw=json.dumps(item, ensure_ascii=False, default=str),
    )
    area_type = _text(item.get("SpatialDimType")).upper()
    if area_type and area_type not in GHO_AREA_TYPES:
        raw.problem = (
            "SpatialDimType",
            RejectReason.UNSUPPORTED,
            _(
                "Row %(line)s is an aggregate of type %(type)s; only countries and member cities are stored."
            )
            % {"line": number, "type": area_type[:40]},
        )
    elif isinstance(raw.value, (dict, list)) or isinstance(raw.lower, (dict, list)):
        raw.problem = (
            "NumericValue",
            RejectReason.MALFORMED,
            _("Row %(line)s has an object where a number belongs.") % {"line": number},
        )
    return raw


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- SDMX-CSV ----------------------------------------------------------------------------------


def sniff_encoding(path: Path) -> str:
    """'utf-8-sig' for UTF-8 with or without BOM, else 'cp949' (Korean Windows)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the end of the sample
            return "cp949"
    return "utf-8-sig"


def _code(cell: str) -> str:
    """'KRSEL: Seoul' → 'KRSEL' (SDMX-CSV with labels); plain codes unchanged."""
    return cell.split(":", 1)[0].strip() if ": " in cell else cell.strip()


class SdmxHeader:
    def __init__(self, cells: list[str], file_name: str):
        self.columns = [_code(c).upper() for c in cells]
        missing = [c for c in SDMX_REQUIRED if c not in self.columns]
        if not ({"DATAFLOW", "STRUCTURE_ID"} & set(self.columns)):
            missing.insert(0, "DATAFLOW")
        if missing:
            raise FileError(
                _("%(file)s is not SDMX-CSV: the header lacks %(missing)s (found: %(found)s).")
                % {
                    "file": file_name,
                    "missing": ", ".join(missing),
                    "found": ", ".join(self.columns[:12]) or _("nothing"),
                }
            )
        duplicated = sorted({c for c in self.columns if self.columns.count(c) > 1})
        if duplicated:
            raise FileError(
                _("%(file)s names the columns %(columns)s more than once.")
                % {"file": file_name, "columns": ", ".join(duplicated)}
            )
        self.index = {c: i for i, c in enumerate(self.columns)}
        value_at = self.index["OBS_VALUE"]
        self.dimensions = [
            (i, c) for i, c in enumerate(self.columns) if c not in SDMX_KNOWN and i < value_at
        ]
        self.ignored = [
            c for i, c in enumerate(self.columns) if c not in SDMX_KNOWN and i > value_at
        ]

    def get(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i] if i is not None else ""


def sdmx_rows(path: Path, *, header_out: list | None = None) -> Iterator[Raw]:
    encoding = sniff_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header_cells = next(csv.reader([first], delimiter=delimiter), [])
        header = SdmxHeader(header_cells, path.name)
        if header_out is not None:
            header_out.append(header)
        reader = csv.reader(fh, delimiter=delimiter)
        line = 2
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Raw(line=line, problem=("", RejectReason.MALFORMED, str(exc)))
                line = reader.line_num + 2
                continue
            start, line = line, reader.line_num + 2
            if not cells or not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            yield _sdmx_raw(header, cells, start, delimiter)


def _sdmx_raw(header: SdmxHeader, cells: list[str], line: int, delimiter: str) -> Raw:
    if len(cells) != len(header.columns):
        return Raw(
            line=line,
            cells=cells,
            delimiter=delimiter,
            problem=(
                "",
                RejectReason.MALFORMED,
                _("Line %(line)s has %(cells)s cells; the header has %(columns)s.")
                % {"line": line, "cells": len(cells), "columns": len(header.columns)},
            ),
        )
    get = header.get
    raw = Raw(
        line=line,
        indicator=_code(get(cells, "INDICATOR")),
        area=_code(get(cells, "REF_AREA")),
        period=get(cells, "TIME_PERIOD").strip(),
        value=get(cells, "OBS_VALUE"),
        lower=get(cells, "LOWER_BOUND"),
        upper=get(cells, "UPPER_BOUND"),
        unit=_code(get(cells, "UNIT_MEASURE")),
        status=_code(get(cells, "OBS_STATUS")),
        breakdown=";".join(
            f"{name}={_code(cells[i])}" for i, name in header.dimensions if cells[i].strip()
        ),
        source=_code(get(cells, "DATAFLOW") or get(cells, "STRUCTURE_ID")),
        comment=get(cells, "COMMENT_OBS"),
        cells=cells,
        delimiter=delimiter,
    )
    if any("\ufffd" in c for c in cells):
        raw.problem = (
            "",
            RejectReason.MALFORMED,
            _("Line %(line)s has bytes that are neither UTF-8 nor cp949 text.") % {"line": line},
        )
        return raw
    action = get(cells, "ACTION").strip().upper()
    if action and action not in ("I", "A", "R"):
        raw.problem = (
            "ACTION",
            RejectReason.UNSUPPORTED,
            _(
                "Line %(line)s asks for action '%(action)s'; only new or replacing observations (I, A, R) are imported."
            )
            % {"line": line, "action": action[:10]},
        )
    return raw
