"""The one adapter through which the snapshot reads other apps (citizens, consent, health).

DESIGN.md: `equity` reads other apps only through their queries. Citizens with an active
statistics consent come from `citizens.queries.consented_citizens("statistics")`; health values
from the health app's set-based analytics reads (`health.analytics.latest_values_in_period`,
`steps_in_period`), walking missions from `missions.analytics.mission_values_in_period` — ONE query per source for the whole period, joined to the citizens here by
primary key with numpy (no per-chunk or per-row queries).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection
from django.utils import timezone

from healthycity.citizens.enums import INCOME_BAND_ORDER, ConsentPurpose
from healthycity.citizens.queries import consented_citizens as _consented

CHUNK = 100_000
CITIZEN_FIELDS = (
    "pk",
    "external_id",
    "birth_year",
    "sex",
    "district__code",
    "income_band",
    "medical_aid",
    "living_alone",
    "disability",
)
# snapshot column <- health.Measurement field
MEASUREMENT_FIELDS = {
    "bmi": "bmi",
    "waist_cm": "waist_cm",
    "pbf": "pbf_percent",
    "asm_index": "smi_kg_m2",
    "grip_kg": "grip_kg",
    "gait_speed": "gait_speed_mps",
    "chair_stand_s": "chair_stand_s",
    "sbp": "systolic_mmhg",
    "dbp": "diastolic_mmhg",
}
_CITIZEN_TYPES = {
    "pk": pa.int64(),
    "external_id": pa.string(),
    "birth_year": pa.int16(),
    "sex": pa.string(),
    "district__code": pa.string(),
    "income_band": pa.string(),
    "medical_aid": pa.bool_(),
    "living_alone": pa.bool_(),
    "disability": pa.bool_(),
}


def consented_citizens():
    """Citizens with an active statistics consent, in primary-key order."""
    return _consented(ConsentPurpose.STATISTICS).order_by("pk")


def count_consented() -> int:
    return consented_citizens().count()


def citizen_tables(chunk: int = CHUNK) -> Iterator[pa.Table]:
    """The consented citizens' fields as Arrow tables of up to `chunk` rows (COPY on PostgreSQL)."""
    qs = consented_citizens().values_list(*CITIZEN_FIELDS)
    if connection.vendor == "postgresql":
        yield from _copy_tables(qs, chunk_bytes=32 << 20)
        return
    rows: list[tuple] = []
    for row in qs.iterator(chunk_size=min(chunk, 20_000)):
        rows.append(row)
        if len(rows) >= chunk:
            yield _rows_to_table(rows)
            rows = []
    if rows:
        yield _rows_to_table(rows)


def _rows_to_table(rows: list[tuple]) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    arrays = {}
    for name, values in zip(CITIZEN_FIELDS, columns, strict=True):
        if name == "external_id":
            values = [str(v) for v in values]
        arrays[name] = pa.array(values, type=_CITIZEN_TYPES[name])
    return pa.table(arrays)


def _copy_tables(qs, *, chunk_bytes: int) -> Iterator[pa.Table]:
    """Stream a queryset's SQL through PostgreSQL's COPY ... TO STDOUT as CSV into a temporary
    file, then parse it with Arrow block by block. The COPY finishes before the first chunk is
    handed out, because the health queries of each chunk need the same connection (which cannot
    serve a query in the middle of a COPY) and must see the same transaction."""
    sql, params = qs.query.sql_with_params()
    opts = pacsv.ReadOptions(column_names=list(CITIZEN_FIELDS), block_size=chunk_bytes)
    conv = pacsv.ConvertOptions(
        column_types=_CITIZEN_TYPES,
        true_values=["t"],
        false_values=["f"],
        strings_can_be_null=False,
    )
    with tempfile.TemporaryFile() as spool:
        copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
            for block in copy:
                spool.write(block)
        if spool.tell() == 0:
            return
        spool.seek(0)
        for batch in pacsv.open_csv(spool, read_options=opts, convert_options=conv):
            yield pa.Table.from_batches([batch])


def _period_bounds(period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    return start, datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)


def health_values(period) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Snapshot column → (sorted citizen pks, values) for every health input of the period,
    read with one set-based query per source."""
    from healthycity.health import analytics

    start, end = _period_bounds(period)
    out = {}
    latest = analytics.latest_values_in_period(
        start=start, end=end, fields=tuple(MEASUREMENT_FIELDS.values())
    )
    ids = latest.column("citizen_id").to_numpy()
    for column, field in MEASUREMENT_FIELDS.items():
        out[column] = (ids, latest.column(field).to_numpy(zero_copy_only=False))
    steps = analytics.steps_in_period(start=period.start, end=period.end)
    ids = steps.column("citizen_id").to_numpy()
    for column in ("steps_mean", "steps_days"):
        values = steps.column(column).cast(pa.float64()).to_numpy(zero_copy_only=False)
        out[column] = (ids, values)
    from healthycity.missions.analytics import mission_values_in_period

    missions = mission_values_in_period(start=period.start, end=period.end)
    ids = missions.column("citizen_id").to_numpy()
    for column in ("mission_member", "mission_goal_share", "mission_points"):
        values = missions.column(column).cast(pa.float64()).to_numpy(zero_copy_only=False)
        out[column] = (ids, values)
    return out


def _lookup(pks: np.ndarray, ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values[ids == pk] for each pk (NaN where the citizen has no value); ids sorted."""
    out = np.full(pks.size, np.nan)
    if ids.size:
        pos = np.minimum(np.searchsorted(ids, pks), ids.size - 1)
        hit = ids[pos] == pks
        out[hit] = values[pos[hit]]
    return out


def snapshot_batches(*, period, pid) -> Iterator[pa.Table]:
    """The snapshot rows, chunk by chunk, in the snapshot schema. The health values are read
    first (two set-based queries), then the citizens streamed and joined by primary key."""
    health = health_values(period)
    for citizens in citizen_tables():
        if citizens.num_rows:
            yield _assemble(citizens, period=period, pid=pid, health=health)


_INCOME_BANDS = pa.array(list(INCOME_BAND_ORDER), type=pa.string())
_INCOME_ORDERS = pa.array(list(INCOME_BAND_ORDER.values()), type=pa.int8())


def _assemble(citizens: pa.Table, *, period, pid, health) -> pa.Table:
    from healthycity.equity.snapshot import MEASURES, SCHEMA

    pks = citizens.column("pk").to_numpy()
    birth = citizens.column("birth_year").to_numpy().astype(np.int16)
    age = (period.end.year - birth).astype(np.int16)
    income = citizens.column("income_band")
    n = citizens.num_rows
    pseudonyms = getattr(pid, "many", None)
    ext = citizens.column("external_id").to_pylist()
    columns = {
        "pid": pa.array(pseudonyms(ext) if pseudonyms else [pid(x) for x in ext], pa.string()),
        "period": pa.repeat(pa.scalar(period.label, pa.string()), n),
        "district": citizens.column("district__code"),
        "sex": citizens.column("sex"),
        "birth_year": pa.array(birth),
        "age": pa.array(age),
        "age_band": pa.array(np.minimum(np.maximum(age, 0) // 5 * 5, 100).astype(np.int16)),
        "income_band": income,
        "income_order": pc.take(_INCOME_ORDERS, pc.index_in(income, value_set=_INCOME_BANDS)),
        "medical_aid": citizens.column("medical_aid"),
        "living_alone": citizens.column("living_alone"),
        "disability": citizens.column("disability"),
    }
    for name, typ in MEASURES:
        values = _lookup(pks, *health[name]) if name in health else np.full(n, np.nan)
        columns[name] = pa.array(values, type=pa.float64(), from_pandas=True).cast(typ, safe=False)
    return pa.table(columns, schema=SCHEMA)
