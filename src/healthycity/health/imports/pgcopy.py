"""PostgreSQL's binary COPY format, built column-wise with numpy.

Why binary rather than CSV: the server reads numbers and times as they are stored instead of
parsing text (a LookinBody row has some 60 floats), and building the rows costs a few numpy
operations per column of a chunk instead of formatting every float as text. The layout
(https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"): a signature, then per
row a 16-bit field count and per field a 32-bit byte length (-1 for NULL) and the bytes, all in
network byte order; a 16-bit -1 ends the data.

Each column is encoded on its own (`Field`); `encode` lays the fields of every row side by side
in one numpy structured array. A field whose width varies from row to row (NULLs, text of
different lengths) gets a slot as wide as its longest value, and the unused bytes are dropped
at the end with one boolean mask.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, header extension length
TRAILER = b"\xff\xff"
PG_EPOCH_MICROS = 946_684_800_000_000  # 2000-01-01 UTC, PostgreSQL's zero time, in Unix µs
_INT_RANGE = {">i2": (-(2**15), 2**15 - 1), ">i4": (-(2**31), 2**31 - 1)}


@dataclass
class Field:
    """One column of a chunk: `payload` (n values of a fixed-width numpy dtype, or None when
    every value is NULL or empty) and `length`, the byte length of each value (-1 for NULL)."""

    payload: np.ndarray | None
    length: np.ndarray

    @property
    def width(self) -> int:
        return 0 if self.payload is None else self.payload.dtype.itemsize

    def used(self) -> np.ndarray:
        return np.maximum(self.length, 0)


def encode(fields: list[Field], n: int) -> memoryview:
    """The COPY data (signature to trailer) of `n` rows made of `fields`, in column order.
    When every row has the same width (no NULLs or text of varying length) the rows are built
    in place in the returned buffer: a chunk's data is never copied."""
    names, formats, offsets, varying = ["count"], [">i2"], [0], []
    position = 2
    for i, field in enumerate(fields):
        names.append(f"l{i}")
        formats.append(">i4")
        offsets.append(position)
        position += 4
        if field.width:
            names.append(f"v{i}")
            formats.append(field.payload.dtype)
            offsets.append(position)
            if not (field.length == field.width).all():
                varying.append((position, field))
            position += field.width
    layout = np.dtype(
        {"names": names, "formats": formats, "offsets": offsets, "itemsize": position}
    )
    head, size = len(SIGNATURE), n * position
    out = np.empty(head + (0 if varying else size) + len(TRAILER), dtype=np.uint8)
    rows = (np.empty(size, dtype=np.uint8) if varying else out[head : head + size]).view(layout)
    rows["count"] = len(fields)
    for i, field in enumerate(fields):
        rows[f"l{i}"] = field.length
        if field.width:
            rows[f"v{i}"] = field.payload
    if varying:
        keep = np.ones((n, position), dtype=bool)
        for start, field in varying:
            keep[:, start : start + field.width] = (
                np.arange(field.width)[None, :] < field.used()[:, None]
            )
        out = np.concatenate(
            (out[:head], rows.view(np.uint8).reshape(n, position)[keep], out[head:])
        )
    out[:head] = np.frombuffer(SIGNATURE, dtype=np.uint8)
    out[len(out) - len(TRAILER) :] = np.frombuffer(TRAILER, dtype=np.uint8)
    return memoryview(out)


def _floats(values) -> np.ndarray:
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(values, dtype=float)


def _fixed(values: np.ndarray, null: np.ndarray | None) -> Field:
    width = values.dtype.itemsize
    if null is None or not null.any():
        return Field(values, np.full(len(values), width, dtype=np.int32))
    if null.all():
        return Field(None, np.full(len(values), -1, dtype=np.int32))
    return Field(values, np.where(null, -1, width).astype(np.int32))


def double(values) -> Field:
    """float8; NaN is NULL."""
    values = _floats(values)
    return _fixed(values.astype(">f8"), np.isnan(values))


def integer(values, dtype: str = ">i8") -> Field:
    """int2 (">i2"), int4 (">i4") or int8 (">i8") from whole numbers given as floats or
    integers; NaN or None is NULL. A value the column cannot hold raises ValueError (packed
    into the column's width it would silently wrap around; the server would not see it)."""
    values = _floats(values)
    null = np.isnan(values)
    whole = np.where(null, 0, np.round(values))
    if dtype in _INT_RANGE:
        lo, hi = _INT_RANGE[dtype]
        if ((whole < lo) | (whole > hi)).any():
            raise ValueError(f"a value outside {lo}…{hi} cannot be written to an {dtype} column")
    return _fixed(whole.astype(np.int64).astype(dtype), null)


def bigint(values: np.ndarray) -> Field:
    """int8 from an integer array without NULLs (keys, ids)."""
    return _fixed(np.asarray(values, dtype=np.int64).astype(">i8"), None)


def constant(value, n: int, kind) -> Field:
    """The same value (or NULL, for None) in all `n` rows; `kind` is text, bigint, …"""
    if value is None:
        return Field(None, np.full(n, -1, dtype=np.int32))
    one = kind([value])
    payload = None if one.payload is None else np.repeat(one.payload, n)
    return Field(payload, np.repeat(one.length, n))


def timestamptz(unix_micros: np.ndarray) -> Field:
    """timestamptz from microseconds since 1970-01-01 UTC (no NULLs)."""
    micros = np.asarray(unix_micros, dtype=np.int64) - PG_EPOCH_MICROS
    return _fixed(micros.astype(">i8"), None)


def uuid4(n: int) -> Field:
    """`n` new random version-4 UUIDs."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return _fixed(raw.view("V16").reshape(n), None)


def text(values) -> Field:
    """text/varchar from str values (None or NaN is NULL). Each distinct value is encoded once:
    a device column holds a handful of models and serials per chunk."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    encoded = [str(u).encode("utf-8") for u in uniques]
    lengths = np.array([len(e) for e in encoded] + [-1], dtype=np.int32)
    length = lengths[codes]  # code -1 (NULL) picks the appended -1
    width = max((len(e) for e in encoded), default=0)
    if not width:
        return Field(None, length)
    table = np.array(encoded + [b""], dtype=f"S{width}")
    return Field(table[codes], length)
