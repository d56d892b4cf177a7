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
import pyarrow.compute as pc
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.health.codes import code_for
from healthycity.health.enums import RejectReason
from healthycity.health.imports import columns
from healthycity.health.imports.base import ImportFailed, Rejection, not_a_number
from healthycity.health.imports.chunks import Chunk
from healthycity.health.imports.tables import Block, normalise_label, replaced_characters
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
            gettext_noop("This file is missing required columns: %(missing)s."),
            missing="; ".join(missing),
        )
    return found, ignored


def parse(header: list[str], blocks: Iterator[Block]) -> Iterator[Chunk]:
    where, _ignored = map_header(header)
    for block in blocks:
        yield parse_block(block, header, where)


# The quarantine keeps only what the import reads, and not who the row is about: a rejected row
# may be of someone who is not a citizen (PIPA: collect the minimum). The line number finds the
# row in the user's own file.
IDENTITY_FIELDS = frozenset({"id", "mobile", "phone"})


def kept_columns(header: list[str], where: dict[str, int]) -> list[tuple[int, str]]:
    return sorted((i, header[i].strip()) for f, i in where.items() if f not in IDENTITY_FIELDS)


def parse_block(block: Block, header: list[str], where: dict[str, int]) -> Chunk:
    # A row with the wrong number of cells cannot be told apart column by column: nothing kept.
    rejections = [
        Rejection(ln, RejectReason.MALFORMED, problem) for ln, _text, problem in block.bad
    ]
    block.keep = kept_columns(header, where)
    cols, when_text, texts = _columns(block, where)
    found, values, accepted = _validate(cols, when_text, texts, header, where, block)
    frame = pd.DataFrame({**cols, **values})  # built once: adding 60 columns one by one is slow
    if found:
        rejections += found
        rejections.sort(key=lambda r: r.line)  # the report reads in file order
        frame = frame[accepted]
    return Chunk(
        frame=frame.reset_index(drop=True), rejections=rejections, read=len(block) + len(block.bad)
    )


def _columns(block: Block, where: dict[str, int]) -> tuple[dict, np.ndarray, dict]:
    """The chunk's columns (people, dates, device; `block`/`_row` point back to the row as
    read), the date cells as read, and the value columns, still unparsed. Cells are cleaned
    with Arrow's compute functions (C++), not one Python call per cell."""
    n = len(block)

    def col(field: str):
        i = where.get(field)
        return columns.clean_text(block.columns[i]) if i is not None else columns.empty_text(n)

    rows = np.empty(n, dtype=object)
    rows.fill(block)
    ident = col("id")
    phone = col("mobile")
    if "phone" in where:
        phone = pc.if_else(pc.not_equal(columns.phones_text(phone), ""), phone, col("phone"))
    if "taken_at" in where:
        when = col("taken_at")
    elif "test_time" in where:
        when = pc.utf8_trim_whitespace(
            pc.binary_join_element_wise(col("test_date"), col("test_time"), " ")
        )
    else:
        when = col("test_date")
    when_text = _objects(when)
    cols = {
        "line": block.lines,
        "block": rows,
        "_row": np.arange(n, dtype=np.int64),
        "ident_uuid": _objects(columns.uuids_text(ident)),
        "ident_phone": _objects(columns.phones_text(phone)),
        "ident_text": _objects(pc.if_else(pc.not_equal(ident, ""), ident, phone)),
        "taken_at": columns.datetimes(pd.Series(when_text, dtype=object)),
        "device_model": _objects(pc.utf8_slice_codeunits(col("device_model"), 0, 60)),
        "device_serial": _objects(pc.utf8_slice_codeunits(col("device_serial"), 0, 60)),
    }
    texts = {f: block.columns[where[f]] for f in VALUE_FIELDS if f in where}
    return cols, when_text, texts


def _objects(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False).astype(object, copy=False)


def _validate(
    cols: dict, when_text: np.ndarray, texts: dict, header: list[str], where: dict, block: Block
) -> tuple[list[Rejection], dict[str, np.ndarray], np.ndarray]:
    """(rejections for bad cells, the value columns as numbers, mask of the rows accepted).
    One reason per row: the first problem found, in column order. Messages are made only for
    the rows that are rejected (a clean file costs no translation lookups)."""
    out: list[Rejection] = []
    values: dict[str, np.ndarray] = {}
    lines = cols["line"]
    open_rows = np.ones(len(lines), dtype=bool)
    if not len(lines):
        return out, {f: np.zeros(0) for f in texts}, open_rows

    def add(mask, reason: str, message, column: str = "") -> None:
        mask = np.asarray(mask, dtype=bool) & open_rows
        for i in np.flatnonzero(mask):
            out.append(
                Rejection(int(lines[i]), reason, message(i), column=column, raw=block.raw(i))
            )
        open_rows[mask] = False

    if replaced_characters():
        unreadable = np.fromiter(
            ("\ufffd" in block.full(i) for i in range(len(block))), dtype=bool, count=len(block)
        )
        add(
            unreadable,
            RejectReason.MALFORMED,
            lambda i: _("This row has characters that cannot be read (wrong encoding?)."),
        )
    stamps = cols["taken_at"]
    add(
        stamps.isna().to_numpy(),
        RejectReason.BAD_DATE,
        lambda i: (
            _("The test date '%(value)s' cannot be read; expected e.g. 2024-03-15 14:22.")
            % {"value": when_text[i]}
        ),
    )
    add(
        columns.future(stamps).to_numpy(),
        RejectReason.FUTURE_DATE,
        lambda i: _("The date %(value)s is in the future.") % {"value": when_text[i]},
    )
    no_person = (cols["ident_uuid"] == "") & (cols["ident_phone"] == "")
    add(
        no_person,
        RejectReason.NO_CITIZEN,
        lambda i: _("This row has no citizen ID and no valid phone number."),
    )
    has_value = np.zeros(len(lines), dtype=bool)
    for field, text in texts.items():
        label = header[where[field]].strip()
        code = code_for(field)
        num, bad = _numbers(text)
        if bad.any():
            add(
                bad,
                RejectReason.NOT_A_NUMBER,
                lambda i, j=where[field], lb=label, u=code.ucum: not_a_number(
                    lb, block.cell(i, j), int(lines[i]), u
                ),
                label,
            )
        with np.errstate(invalid="ignore"):
            off = ~np.isnan(num) & ((num < code.min) | (num > code.max))
        if off.any():
            add(
                off,
                RejectReason.IMPLAUSIBLE,
                lambda i, v=num, lb=label, c=code: (
                    _(
                        "Column '%(column)s' has %(value)s, which is impossible; expected %(lo)s–%(hi)s %(unit)s."
                    )
                    % {
                        "column": lb,
                        "value": f"{v[i]:g}",
                        "lo": f"{c.min:g}",
                        "hi": f"{c.max:g}",
                        "unit": c.ucum,
                    }
                ),
                label,
            )
        values[field] = np.round(num) if field in INTEGER_FIELDS else num
        has_value |= ~np.isnan(num)
    add(~has_value, RejectReason.NO_VALUES, lambda i: _("This row has no measured value."))
    return out, values, open_rows


def _numbers(text) -> tuple[np.ndarray, np.ndarray]:
    """(float values with NaN where empty or bad, mask of cells that are text, not numbers).
    Fast path: a column of clean numbers converts in one call (Arrow's C++ cast, or numpy)."""
    if hasattr(text, "cast"):
        import pyarrow as pa

        try:
            num = text.cast(pa.float64()).to_numpy(zero_copy_only=False)
            if np.isfinite(num).all():
                return num, np.zeros(len(num), dtype=bool)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        text = text.to_pylist()
    try:
        num = np.array(text, dtype=float)
        if np.isfinite(num).all():
            return num, np.zeros(len(num), dtype=bool)
    except (ValueError, TypeError):
        pass
    num_s, bad_s = columns.numbers(columns.clean(text))
    return num_s.to_numpy(dtype=float, na_value=np.nan), bad_s.to_numpy(dtype=bool)
