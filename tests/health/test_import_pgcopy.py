"""The binary COPY encoder: the byte layout, NULLs, values a column cannot hold, and (on
PostgreSQL) a round trip of every type the import writes."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest
from django.db import connection

from healthycity.health.imports import pgcopy


def test_layout_of_one_row():
    data = pgcopy.encode([pgcopy.bigint([1]), pgcopy.text(["가"]), pgcopy.double([np.nan])], 1)
    row = struct.pack(">hiqi", 3, 8, 1, 3) + "가".encode() + struct.pack(">i", -1)
    assert data == pgcopy.SIGNATURE + row + pgcopy.TRAILER


def test_rows_of_different_widths_are_packed_without_gaps():
    data = pgcopy.encode([pgcopy.text(["a", None, "bcd"]), pgcopy.integer([1, None, 3], ">i2")], 3)
    rows = (
        struct.pack(">hi", 2, 1) + b"a" + struct.pack(">ih", 2, 1),
        struct.pack(">hii", 2, -1, -1),
        struct.pack(">hi", 2, 3) + b"bcd" + struct.pack(">ih", 2, 3),
    )
    assert data == pgcopy.SIGNATURE + b"".join(rows) + pgcopy.TRAILER


def test_no_rows():
    assert pgcopy.encode([], 0) == pgcopy.SIGNATURE + pgcopy.TRAILER


def test_a_value_the_column_cannot_hold_is_refused_not_wrapped():
    with pytest.raises(ValueError, match="32767"):
        pgcopy.integer([40000], ">i2")


def test_integers_are_rounded_half_to_even_like_the_csv_path():
    field = pgcopy.integer(pd.Series([2.5, 3.5, np.nan]), ">i4")
    assert field.payload.tolist() == [2, 4, 0]
    assert field.length.tolist() == [4, 4, -1]


@pytest.mark.postgres
@pytest.mark.django_db
def test_round_trip_through_postgresql():
    n = 4
    micros = np.array([0, 1, 1_742_016_130_000_000, -5], dtype=np.int64)
    fields = [
        pgcopy.uuid4(n),
        pgcopy.bigint(np.arange(n) + 10**12),
        pgcopy.timestamptz(micros),
        pgcopy.text(["a", "한국어", None, ""]),
        pgcopy.constant("centre", n, pgcopy.text),
        pgcopy.constant(None, n, pgcopy.bigint),
        pgcopy.double([1.5, np.nan, -2.25, 0.1]),
        pgcopy.integer([1, None, 32767, 0], ">i2"),
        pgcopy.double([np.nan] * n),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE t (u uuid, b bigint, t timestamptz, s varchar(10), k text,"
            " nb bigint, d float8, i smallint, dn float8)"
        )
        with cursor.cursor.copy("COPY t FROM STDIN (FORMAT binary)") as copy:
            copy.write(pgcopy.encode(fields, n))
        cursor.execute(
            "SELECT u::text, b, (extract(epoch from t) * 1000000)::bigint, s, k, nb, d, i, dn"
            " FROM t ORDER BY b"
        )
        rows = cursor.fetchall()
    assert len({r[0] for r in rows}) == n and all(r[0][14] == "4" for r in rows)
    assert [r[1:] for r in rows] == [
        (10**12, 0, "a", "centre", None, 1.5, 1, None),
        (10**12 + 1, 1, "한국어", "centre", None, None, None, None),
        (10**12 + 2, 1_742_016_130_000_000, None, "centre", None, -2.25, 32767, None),
        (10**12 + 3, -5, "", "centre", None, 0.1, 0, None),
    ]
