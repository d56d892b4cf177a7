"""Set-based reads of health records for analytics jobs that act for no user (the equity
snapshot). Public API of the health app for bulk, period-scoped reads — one query per source,
whatever the number of citizens; never use it to show a person's record to a user (that goes
through `health.queries`, role-scoped and access-logged).

Both functions return an Arrow table keyed by ``citizen_id`` (one row per citizen with any
record in the period, sorted by citizen_id). On PostgreSQL the query is streamed with
``COPY (…) TO STDOUT`` and parsed by Arrow; elsewhere (SQLite in tests) it is aggregated from
an ordered row iterator.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection

from healthycity.health.models import DailySteps, Measurement

# Measurement fields whose latest value in a period is read by default.
MEASURE_FIELDS = (
    "bmi",
    "waist_cm",
    "pbf_percent",
    "smi_kg_m2",
    "grip_kg",
    "gait_speed_mps",
    "chair_stand_s",
    "systolic_mmhg",
    "diastolic_mmhg",
)


def latest_values_in_period(
    *, start: datetime, end: datetime, fields: Sequence[str] = MEASURE_FIELDS
) -> pa.Table:
    """Per citizen, the latest non-empty value of each field among the measurements taken in
    [start, end) — each field on its own (a later sitting without a waist keeps the earlier
    waist). Columns: citizen_id (int64), then one float64 column per field."""
    meta = Measurement._meta
    columns = [meta.get_field(f).column for f in fields]
    types = {"citizen_id": pa.int64(), **{f: pa.float64() for f in fields}}
    if connection.vendor == "postgresql":
        picks = ", ".join(
            f'(array_agg("{c}" ORDER BY taken_at DESC, id DESC) FILTER '
            f'(WHERE "{c}" IS NOT NULL))[1]'
            for c in columns
        )
        sql = (
            f'SELECT citizen_id, {picks} FROM "{meta.db_table}" '
            "WHERE taken_at >= %s AND taken_at < %s GROUP BY citizen_id ORDER BY citizen_id"
        )
        return _copy_table(sql, [start, end], types)
    rows = (
        Measurement.objects.filter(taken_at__gte=start, taken_at__lt=end)
        .order_by("citizen_id", "taken_at", "id")
        .values_list("citizen_id", *fields)
    )
    latest: dict[int, list] = {}
    for citizen_id, *values in rows.iterator(chunk_size=20_000):
        current = latest.setdefault(citizen_id, [None] * len(fields))
        for i, value in enumerate(values):
            if value is not None:
                current[i] = float(value)
    ids = list(latest)
    data = {"citizen_id": ids}
    for i, f in enumerate(fields):
        data[f] = [latest[c][i] for c in ids]
    return pa.table({k: pa.array(v, type=types[k]) for k, v in data.items()})


def steps_in_period(*, start: date, end: date) -> pa.Table:
    """Per citizen, the mean of the daily step counts recorded from `start` to `end` (both
    inclusive) and how many were recorded. Columns: citizen_id, steps_mean, steps_days."""
    meta = DailySteps._meta
    types = {"citizen_id": pa.int64(), "steps_mean": pa.float64(), "steps_days": pa.int64()}
    if connection.vendor == "postgresql":
        sql = (
            f'SELECT citizen_id, avg(steps)::float8, count(*) FROM "{meta.db_table}" '
            'WHERE "date" >= %s AND "date" <= %s GROUP BY citizen_id ORDER BY citizen_id'
        )
        return _copy_table(sql, [start, end], types)
    from django.db.models import Avg, Count

    rows = list(
        DailySteps.objects.filter(date__gte=start, date__lte=end)
        .values("citizen_id")
        .annotate(steps_mean=Avg("steps"), steps_days=Count("id"))
        .order_by("citizen_id")
        .values_list("citizen_id", "steps_mean", "steps_days")
    )
    columns = list(zip(*rows, strict=True)) if rows else [[], [], []]
    return pa.table(
        {name: pa.array(col, type=types[name]) for name, col in zip(types, columns, strict=True)}
    )


def _copy_table(sql: str, params: list, types: dict[str, pa.DataType]) -> pa.Table:
    """Run `sql` through COPY … TO STDOUT (CSV) and parse the result with Arrow."""
    buffer = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for block in copy:
            buffer.write(block)
    if buffer.tell() == 0:
        return pa.table({k: pa.array([], type=t) for k, t in types.items()})
    buffer.seek(0)
    return pacsv.read_csv(
        buffer,
        read_options=pacsv.ReadOptions(column_names=list(types)),
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True),
    )
