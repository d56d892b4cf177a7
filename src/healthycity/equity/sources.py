"""The one adapter through which the snapshot reads other apps (citizens, consent, health).

DESIGN.md: `equity` reads other apps only through their queries. Citizens and consent come from
`citizens.queries.with_consent`. The health app has no bulk, period-scoped query yet (its queries
are role-scoped, per user); until it has one, the two health reads below are the only place that
touch health models, and they are written so that swapping them for a health query is a one-line
change (see the report: `health.queries.values_in_period` / `steps_in_period`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection
from django.db.models import Avg, Count
from django.utils import timezone

from healthycity.citizens.enums import INCOME_BAND_ORDER, ConsentPurpose
from healthycity.citizens.models import Citizen
from healthycity.citizens.queries import with_consent

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
    return with_consent(Citizen.objects.all(), ConsentPurpose.STATISTICS).order_by("pk")


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


def measurement_values(*, period, first_pk: int, last_pk: int) -> pd.DataFrame:
    """Per citizen (index: citizen pk), the latest non-empty value of each measure in the period."""
    from healthycity.health.models import Measurement

    start, end = _period_bounds(period)
    qs = (
        Measurement.objects.filter(
            citizen_id__gte=first_pk, citizen_id__lte=last_pk, taken_at__gte=start, taken_at__lt=end
        )
        .order_by("citizen_id", "taken_at", "id")
        .values_list("citizen_id", *MEASUREMENT_FIELDS.values())
    )
    frame = pd.DataFrame.from_records(
        list(qs.iterator(chunk_size=20_000)), columns=["pk", *MEASUREMENT_FIELDS]
    )
    if frame.empty:
        return frame.set_index("pk")
    return frame.groupby("pk", sort=False).last()  # last() skips missing values per column


def steps_values(*, period, first_pk: int, last_pk: int) -> pd.DataFrame:
    """Per citizen (index: citizen pk), mean daily steps and the number of days recorded."""
    from healthycity.health.models import DailySteps

    qs = (
        DailySteps.objects.filter(
            citizen_id__gte=first_pk,
            citizen_id__lte=last_pk,
            date__gte=period.start,
            date__lte=period.end,
        )
        .values("citizen_id")
        .annotate(steps_mean=Avg("steps"), steps_days=Count("id"))
        .values_list("citizen_id", "steps_mean", "steps_days")
    )
    frame = pd.DataFrame.from_records(list(qs), columns=["pk", "steps_mean", "steps_days"])
    return frame.set_index("pk")


def snapshot_batches(*, period, pid) -> Iterator[pa.Table]:
    """The snapshot rows, chunk by chunk, in the snapshot schema."""
    for citizens in citizen_tables():
        if citizens.num_rows:
            yield _assemble(citizens, period=period, pid=pid)


def _assemble(citizens: pa.Table, *, period, pid) -> pa.Table:
    from healthycity.equity.snapshot import MEASURES, SCHEMA

    pks = citizens.column("pk").to_numpy()
    first, last = int(pks.min()), int(pks.max())
    health = measurement_values(period=period, first_pk=first, last_pk=last).join(
        steps_values(period=period, first_pk=first, last_pk=last), how="outer"
    )
    health = health.reindex(pks)
    birth = citizens.column("birth_year").to_numpy().astype(np.int16)
    age = (period.end.year - birth).astype(np.int16)
    income = citizens.column("income_band").to_pylist()
    n = citizens.num_rows
    columns = {
        "pid": pa.array([pid(x) for x in citizens.column("external_id").to_pylist()]),
        "period": pa.array([period.label] * n, type=pa.string()),
        "district": citizens.column("district__code"),
        "sex": citizens.column("sex"),
        "birth_year": pa.array(birth),
        "age": pa.array(age),
        "age_band": pa.array(np.minimum(np.maximum(age, 0) // 5 * 5, 100).astype(np.int16)),
        "income_band": citizens.column("income_band"),
        "income_order": pa.array([INCOME_BAND_ORDER.get(b) for b in income], type=pa.int8()),
        "medical_aid": citizens.column("medical_aid"),
        "living_alone": citizens.column("living_alone"),
        "disability": citizens.column("disability"),
    }
    for name, typ in MEASURES:
        values = health[name] if name in health else pd.Series([None] * n, dtype="float64")
        columns[name] = pa.array(
            values.to_numpy(dtype="float64"), type=pa.float64(), from_pandas=True
        ).cast(typ, safe=False)
    return pa.table(columns, schema=SCHEMA)
