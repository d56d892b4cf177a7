"""LookinBody exports (CSV or XLSX) → chunks of validated sittings.

Columns are matched by label without the number (data/inbody_labels.csv), never by position.
People are identified by the platform's citizen id (the device's ID field) or by a Korean mobile
or phone number; resolving them to citizens is the loader's job.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from healthycity.health.codes import code_for
from healthycity.health.enums import RejectReason
from healthycity.health.imports import columns
from healthycity.health.imports.base import ImportFailed, Rejection, not_a_number
from healthycity.health.imports.chunks import CHUNK_ROWS, Chunk, batched, reject_rows
from healthycity.health.imports.tables import Row, normalise_label
from healthycity.health.models import VALUE_FIELDS

LABELS_FILE = Path(__file__).resolve().parent.parent / "data" / "inbody_labels.csv"
INTEGER_FIELDS = (
    "vfl",
    "bmr_kcal",
    "inbody_score",
    "systolic_mmhg",
    "diastolic_mmhg",
    "heart_rate_bpm",
)


@cache
def label_map() -> dict[str, str]:
    """normalised label → field."""
    with LABELS_FILE.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        return {normalise_label(r["label"]): r["field"] for r in csv.DictReader(lines)}


def map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """(field → column index, labels we ignore). Raises ImportFailed naming missing columns."""
    labels = label_map()
    found: dict[str, int] = {}
    ignored = []
    for i, cell in enumerate(header):
        field = labels.get(normalise_label(cell))
        if field is None:
            if cell.strip():
                ignored.append(cell.strip())
        else:
            found.setdefault(field, i)
    missing = []
    if "taken_at" not in found and "test_date" not in found:
        missing.append(_("test date ('Test Date / Time' or '측정일시')"))
    if not {"id", "mobile", "phone"} & found.keys():
        missing.append(_("person ('ID', 'Mobile Number' or '휴대폰번호')"))
    if not set(VALUE_FIELDS) & found.keys():
        missing.append(_("any measured value (e.g. 'Weight' or '체중')"))
    if missing:
        raise ImportFailed(
            _("This file is missing required columns: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    return found, ignored


def parse(header: list[str], rows: Iterator[Row], chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    where, _ignored = map_header(header)
    width = len(header)
    for block in batched(rows, chunk_rows):
        yield parse_block(block, header, where, width)


def parse_block(block: list[Row], header: list[str], where: dict[str, int], width: int) -> Chunk:
    good: list[Row] = []
    rejections: list[Rejection] = []
    for line, cells in block:
        problem = _shape_problem(cells, width)
        if problem:
            rejections.append(
                Rejection(line, RejectReason.MALFORMED, problem, raw=",".join(cells)[:2000])
            )
        else:
            good.append((line, cells))
    frame = _frame(good, header, where)
    rejections += _validate(frame, header, where)
    frame = frame[~frame["line"].isin({r.line for r in rejections})]
    return Chunk(frame=frame.reset_index(drop=True), rejections=rejections, read=len(block))


def _shape_problem(cells: list[str], width: int) -> str:
    if cells == ["\x00malformed"]:
        return _("The file ends in the middle of this row (truncated?).")
    if len(cells) < width or any(c.strip() for c in cells[width:]):
        return _("This row has %(n)s cells; the header has %(m)s (truncated or shifted row?).") % {
            "n": len(cells),
            "m": width,
        }
    if any("\ufffd" in c for c in cells):
        return _("This row has characters that cannot be read (wrong encoding?).")
    return ""


def _frame(good: list[Row], header: list[str], where: dict[str, int]) -> pd.DataFrame:
    n = len(good)
    cols = list(zip(*(cells for _, cells in good), strict=False)) if n else []

    def col(field: str) -> pd.Series:
        i = where.get(field)
        return (
            columns.clean(cols[i]) if (i is not None and n) else pd.Series([""] * n, dtype=object)
        )

    frame = pd.DataFrame({"line": [line for line, _ in good]}, dtype="int64")
    frame["raw"] = [",".join(cells) for _, cells in good]
    ident = col("id")
    frame["ident_uuid"] = columns.uuids(ident) if n else ident
    phone = col("mobile")
    if "phone" in where:
        phone = phone.where(columns.phones(phone) != "", col("phone")) if n else phone
    frame["ident_phone"] = columns.phones(phone) if n else phone
    frame["ident_text"] = (ident.where(ident != "", phone)) if n else ident
    if "taken_at" in where:
        when = col("taken_at")
    else:
        when = (col("test_date") + " " + col("test_time")).str.strip() if n else col("test_date")
    frame["when_text"] = when
    frame["taken_at"] = columns.datetimes(when) if n else pd.Series([], dtype="datetime64[ns, UTC]")
    frame["device_model"] = col("device_model").str.slice(0, 60) if n else ""
    frame["device_serial"] = col("device_serial").str.slice(0, 60) if n else ""
    for field in VALUE_FIELDS:
        if field in where and n:
            frame[field] = col(field)
    return frame


def _validate(frame: pd.DataFrame, header: list[str], where: dict[str, int]) -> list[Rejection]:
    """Rejections for bad cells; converts the value columns of `frame` to numbers in place.
    One reason per row: the first problem found, in column order."""
    out: list[Rejection] = []
    taken = set()

    def add(mask: pd.Series, reason: str, messages) -> None:
        mask = mask & ~frame["line"].isin(taken)
        found = reject_rows(frame, mask, reason, messages)
        taken.update(r.line for r in found)
        out.extend(found)

    if frame.empty:
        return out
    no_when = frame["taken_at"].isna()
    add(
        no_when,
        RejectReason.BAD_DATE,
        frame["when_text"].map(
            lambda v: (
                _("The test date '%(value)s' cannot be read; expected e.g. 2024-03-15 14:22.")
                % {"value": v}
            )
        ),
    )
    add(
        columns.future(frame["taken_at"]),
        RejectReason.FUTURE_DATE,
        frame["taken_at"].map(lambda v: _("The date %(value)s is in the future.") % {"value": v}),
    )
    add(
        (frame["ident_uuid"] == "") & (frame["ident_phone"] == ""),
        RejectReason.NO_CITIZEN,
        _("This row has no citizen ID and no valid phone number."),
    )
    has_value = pd.Series(False, index=frame.index)
    for field in VALUE_FIELDS:
        if field not in frame:
            continue
        label = header[where[field]].strip()
        code = code_for(field)
        text = frame[field]
        num, bad = columns.numbers(text)
        add(
            bad,
            RejectReason.NOT_A_NUMBER,
            pd.Series(
                [
                    not_a_number(label, v, int(ln), code.ucum)
                    for v, ln in zip(text, frame["line"], strict=True)
                ],
                index=frame.index,
            )
            if bad.any()
            else "",
        )
        off = num.notna() & ((num < code.min) | (num > code.max))
        if off.any():
            add(
                off,
                RejectReason.IMPLAUSIBLE,
                num.map(
                    lambda v, label=label, code=code: (
                        _(
                            "Column '%(column)s' has %(value)s, which is impossible; expected %(lo)s–%(hi)s %(unit)s."
                        )
                        % {
                            "column": label,
                            "value": f"{v:g}",
                            "lo": f"{code.min:g}",
                            "hi": f"{code.max:g}",
                            "unit": code.ucum,
                        }
                    )
                ),
            )
        if field in INTEGER_FIELDS:
            num = num.round()
        frame[field] = num
        has_value |= num.notna()
    add(~has_value, RejectReason.NO_VALUES, _("This row has no measured value."))
    return out


def empty_values(frame: pd.DataFrame) -> pd.DataFrame:
    for field in VALUE_FIELDS:
        if field not in frame:
            frame[field] = np.nan
    return frame
