"""Vectorised cell parsing (pandas over one chunk of rows): numbers, dates, phones, citizen ids.
A chunk of 5 000 rows is parsed in C, not cell by cell in Python — that is what keeps a
validated import within a factor of two of a bare COPY."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.utils import timezone

from healthycity.health.validators import FUTURE_TOLERANCE

MISSING = {"", "-", "--", "n/a", "N/A", "NA", "null", "NULL"}
UUID_RE = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"

# 2024-03-15 14:22:10 · 2024.03.15 14:22 · 20240315142210 · 2024-03-15 오후 2:22:10 · 2024-03-15T14:22
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})[-./]?\s*(?P<m>\d{1,2})[-./]?\s*(?P<d>\d{1,2})\.?"
    r"(?:[ T]*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})[:.]?(?P<M>\d{2})(?:[:.]?(?P<S>\d{2}))?"
    r"\s*(?P<ampm2>오전|오후|AM|PM|am|pm)?)?\s*$"
)
# 03/15/2024 2:22:10 PM (LookinBody in an English-US Windows locale)
_US = re.compile(
    r"^\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm2>AM|PM|am|pm)?)?\s*$"
)


def clean(values) -> pd.Series:
    s = pd.Series(values, dtype=object).astype(str).str.strip()
    return s.mask(s.isin(MISSING), "")


# The same cleaning on Arrow string arrays, with Arrow's compute functions (C++; one call per
# column of a chunk, not one Python call per cell). Used for device files read by Arrow.


def clean_text(array: pa.Array) -> pa.Array:
    """`clean` for an Arrow string array: trimmed; MISSING markers become ''."""
    s = pc.utf8_trim_whitespace(array)
    return pc.if_else(pc.is_in(s, value_set=_MISSING_TEXT), "", s)


def empty_text(n: int) -> pa.Array:
    return pa.nulls(n, pa.string()).fill_null("")


def phones_text(s: pa.Array) -> pa.Array:
    """`phones` for an Arrow string array."""
    d = pc.replace_substring_regex(s, r"[^\p{Nd}]+", "")  # Python's \D: not a Unicode digit
    intl = pc.and_(pc.starts_with(d, "82"), pc.greater_equal(pc.utf8_length(d), 11))
    d = pc.if_else(intl, pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(d, 2), ""), d)
    size = pc.utf8_length(d)
    ok = pc.and_(
        pc.and_(pc.greater_equal(size, 9), pc.less_equal(size, 11)), pc.starts_with(d, "0")
    )
    return pc.if_else(ok, d, "")


def uuids_text(s: pa.Array) -> pa.Array:
    """`uuids` for an Arrow string array."""
    ok = pc.match_substring_regex(s, UUID_RE)
    if not pc.any(ok).as_py():
        return empty_text(len(s))
    hexed = pc.utf8_lower(pc.replace_substring(s, "-", ""))
    parts = [pc.utf8_slice_codeunits(hexed, a, b) for a, b in _UUID_PARTS]
    return pc.if_else(ok, pc.binary_join_element_wise(*parts, "-"), "")


_MISSING_TEXT = pa.array(sorted(MISSING), pa.string())
_UUID_PARTS = ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))


def numbers(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values as float with NaN where empty or bad, mask of cells that are text, not numbers)."""
    num = pd.to_numeric(s.str.replace(",", "", regex=False), errors="coerce").astype(float)
    num = num.where(np.isfinite(num))
    bad = (s != "") & num.isna()
    return num, bad


# Exact formats tried first, in C (a device writes one format; the regex below is the slow,
# general path for whatever is left).
# A clock time followed by a UTC offset (+09:00, +0900, +09) or Z, at the end of the cell.
_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"

FAST_FORMATS = (
    "%Y.%m.%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y-%m-%d %H:%M",
    "%Y%m%d%H%M%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d",
)  # fmt: skip


def datetimes(s: pd.Series) -> pd.Series:
    """Local date-times (settings.TIME_ZONE) as tz-aware Timestamps; NaT where unreadable."""
    s = pd.Series(s, dtype=object).reset_index(drop=True)
    stamp = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    left = s.index
    # A device writes one format: the format of the first cell, if it is one of FAST_FORMATS,
    # is tried first on every cell (pandas' strptime, in C). A cell an exact format reads gets
    # the same value from every path below, so the order changes only the speed.
    first = _format_of(s)
    if first:
        got = pd.to_datetime(s, format=first, errors="coerce").astype("datetime64[us]")
        stamp[left] = got
        left = left[got.isna().to_numpy()]
    # Device dates are nearly always Y.M.D or Y-M-D H:M[:S]: rewrite to ISO 8601, which pandas
    # parses in C, and fall back to the other formats only for what is left.
    if len(left):
        text = pd.Series(s[left].to_numpy(dtype=str), dtype="string[pyarrow]").str.strip()
        head = (
            text.str.slice(0, 10)
            .str.replace(".", "-", regex=False)
            .str.replace("/", "-", regex=False)
        )
        iso = head + text.str.slice(10)
        # A time with an explicit offset or Z (FHIR-style exports) is converted to local time;
        # pandas refuses to parse such cells together with cells without one.
        zoned = iso.str.contains(_OFFSET).fillna(False).to_numpy(dtype=bool)
        got = pd.Series(pd.NaT, index=iso.index, dtype="datetime64[us]")
        if zoned.any():
            aware = pd.to_datetime(iso[zoned], format="ISO8601", utc=True, errors="coerce")
            local = aware.dt.tz_convert(settings.TIME_ZONE).dt.tz_localize(None)
            got[zoned] = local.astype("datetime64[us]")
        if not zoned.all():
            plain = pd.to_datetime(iso[~zoned], format="ISO8601", errors="coerce")
            got[~zoned] = plain.astype("datetime64[us]")
        stamp[left] = got.to_numpy()
        left = left[got.isna().to_numpy()]
    for fmt in FAST_FORMATS:
        if not len(left):
            break
        got = pd.to_datetime(s[left], format=fmt, errors="coerce").astype("datetime64[us]")
        stamp[left] = got
        left = left[got.isna().to_numpy()]
    if len(left):
        stamp[left] = _datetimes_slow(s[left]).astype("datetime64[us]")
    stamp = stamp.where(stamp.dt.year >= 1900)
    return stamp.dt.tz_localize(settings.TIME_ZONE, ambiguous="NaT", nonexistent="NaT")


def _format_of(s: pd.Series) -> str:
    """The first of FAST_FORMATS that reads the first non-empty cell ('' if none does)."""
    cell = next((c for c in s.iloc[:100] if isinstance(c, str) and c.strip()), "")
    for fmt in FAST_FORMATS:
        try:
            dt.datetime.strptime(cell, fmt)
        except ValueError:
            continue
        return fmt
    return ""


def _datetimes_slow(s: pd.Series) -> pd.Series:
    parts = s.str.extract(_ISO)
    us = parts["y"].isna()
    if us.any():
        parts.loc[us, ["m", "d", "y", "H", "M", "S", "ampm2"]] = (
            s[us].str.extract(_US)[["m", "d", "y", "H", "M", "S", "ampm2"]].to_numpy()
        )
    for col in ("ampm", "ampm2"):
        if col not in parts:
            parts[col] = np.nan
    pm = parts["ampm"].isin(["오후", "PM", "pm"]) | parts["ampm2"].isin(["오후", "PM", "pm"])
    am = parts["ampm"].isin(["오전", "AM", "am"]) | parts["ampm2"].isin(["오전", "AM", "am"])
    hour = pd.to_numeric(parts["H"], errors="coerce").fillna(0)
    hour = hour.where(~(pm & (hour < 12)), hour + 12).where(~(am & (hour == 12)), 0)
    stamp = pd.to_datetime(
        pd.DataFrame(
            {
                "year": pd.to_numeric(parts["y"], errors="coerce"),
                "month": pd.to_numeric(parts["m"], errors="coerce"),
                "day": pd.to_numeric(parts["d"], errors="coerce"),
                "hour": hour,
                "minute": pd.to_numeric(parts["M"], errors="coerce").fillna(0),
                "second": pd.to_numeric(parts["S"], errors="coerce").fillna(0),
            }
        ),
        errors="coerce",
    )
    return stamp


def future(stamps: pd.Series) -> pd.Series:
    limit = pd.Timestamp(timezone.now() + FUTURE_TOLERANCE)
    return stamps.notna() & (stamps > limit)


def dates(s: pd.Series) -> pd.Series:
    """Calendar dates (as naive midnight Timestamps); NaT where unreadable."""
    return datetimes(s).dt.tz_localize(None).dt.normalize()


def today() -> pd.Timestamp:
    return pd.Timestamp(timezone.localdate())


def phones(s: pd.Series) -> pd.Series:
    """Korean phone numbers as bare digits with a leading 0 (as citizens.validators.normalise_phone
    does, vectorised); '' where the cell is not a phone number."""
    d = s.str.replace(r"\D+", "", regex=True)
    d = d.where(~(d.str.startswith("82") & (d.str.len() >= 11)), "0" + d.str[2:])
    ok = d.str.len().between(9, 11) & d.str.startswith("0")
    return d.where(ok, "")


def uuids(s: pd.Series) -> pd.Series:
    """Citizen external ids in canonical form; '' where the cell is not a UUID."""
    ok = s.str.match(UUID_RE)
    hexed = s.str.replace("-", "", regex=False).str.lower()
    canon = (
        hexed.str[0:8]
        + "-"
        + hexed.str[8:12]
        + "-"
        + hexed.str[12:16]
        + "-"
        + hexed.str[16:20]
        + "-"
        + hexed.str[20:32]
    )
    return canon.where(ok, "")
