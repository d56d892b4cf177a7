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
        return _latest_on_postgresql(meta.db_table, columns, fields, start, end)
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


def _latest_on_postgresql(table, columns, fields, start, end) -> pa.Table:
    """The period's rows as they are stored (a plain scan for the server, which a per-citizen
    sort for each field would make ~two to three times as slow), copied to a spool file and
    picked client-side by DuckDB: per block of rows the latest non-empty value of each field
    with its (taken_at, id), then the latest over the blocks — memory in the number of
    citizens, not of rows."""
    import tempfile

    import duckdb

    picked = ", ".join(f'"{c}"' for c in columns)
    sql = (
        f"SELECT citizen_id, (extract(epoch FROM taken_at) * 1000000)::int8, id, {picked} "
        f'FROM "{table}" WHERE taken_at >= %s AND taken_at < %s'
    )
    raw_types = {"citizen_id": pa.int64(), "t": pa.int64(), "id": pa.int64()}
    raw_types |= {f: pa.float64() for f in fields}
    key = "{'t': t, 'i': id}"

    def latest(source: str, keyed: bool) -> str:
        picks = []
        for f in fields:
            order = f'"{f}__key"' if keyed else key
            where = f'FILTER (WHERE "{f}" IS NOT NULL)'
            picks.append(f'arg_max("{f}", {order}) {where} AS "{f}"')
            picks.append(f'max({order}) {where} AS "{f}__key"')
        return f"SELECT citizen_id, {', '.join(picks)} FROM {source} GROUP BY citizen_id"

    con = duckdb.connect()
    try:
        with tempfile.TemporaryFile() as spool:
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", [start, end]
                ) as copy,
            ):
                for block in copy:
                    spool.write(block)
            parts = []
            if spool.tell():
                spool.seek(0)
                reader = pacsv.open_csv(
                    spool,
                    read_options=pacsv.ReadOptions(
                        column_names=list(raw_types), block_size=32 << 20
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types=raw_types, strings_can_be_null=True
                    ),
                )
                for batch in reader:
                    con.register("part", pa.Table.from_batches([batch]))
                    parts.append(con.sql(latest("part", keyed=False)).to_arrow_table())
                    con.unregister("part")
        if not parts:
            types = {"citizen_id": pa.int64(), **{f: pa.float64() for f in fields}}
            return pa.table({k: pa.array([], type=t) for k, t in types.items()})
        con.register("parts", pa.concat_tables(parts))
        final = latest("parts", keyed=True)
        names = ", ".join(f'"{f}"' for f in fields)
        return con.sql(
            f"SELECT citizen_id, {names} FROM ({final}) ORDER BY citizen_id"
        ).to_arrow_table()
    finally:
        con.close()


def steps_in_period(*, start: date, end: date) -> pa.Table:
    """Per citizen, the mean of the daily step counts from `start` to `end` (both inclusive) and
    how many days were recorded. A day's count is the largest among its devices' rows (two
    exports of one day count the same walking; they are not added), and days flagged as
    implausible are left out (docs/methods.md, "Plausibility of steps").
    Columns: citizen_id, steps_mean, steps_days."""
    table = DailySteps._meta.db_table
    types = {"citizen_id": pa.int64(), "steps_mean": pa.float64(), "steps_days": pa.int64()}
    days = (
        f'SELECT citizen_id, "date", max(steps) AS steps FROM "{table}" '
        'WHERE "date" >= %s AND "date" <= %s AND NOT flagged GROUP BY citizen_id, "date"'
    )
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT citizen_id, avg(steps)::float8, count(*) FROM ({days}) d "
            "GROUP BY citizen_id ORDER BY citizen_id"
        )
        return _copy_table(sql, [start, end], types)
    sql = f"SELECT citizen_id, avg(steps), count(*) FROM ({days}) d GROUP BY citizen_id ORDER BY citizen_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        rows = cursor.fetchall()
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
