"""Benchmark of the equity analytics (issue #4).

1. Full report — all indicators × all stratifiers, age-standardised (WHO 2000), every HEAT
   measure — on a generated snapshot of 10 million people, against ONE bare DuckDB GROUP BY over
   the same Parquet file: the grouping keys the report needs (period, every stratifier column,
   age band — which the report itself reads as one stored cell id) with a single COUNT(*), side
   by side; and against a straightforward pandas implementation of the same report.
2. Snapshot export from PostgreSQL (own database hc_bench_equity; citizens, statistics consents,
   one measurement for every second citizen and 30 daily step counts for every fifth) against a
   bare `COPY (SELECT <the same citizen columns>) TO STDOUT` plus bare COPYs of the raw health
   rows of the period.

BENCH_SCALE shrinks both (default 1: 10 M people; PostgreSQL part: 1 M citizens × scale).
BENCH_PG=0 skips the PostgreSQL part; BENCH_PART1=0 skips part 1. The generated Parquet file is
cached under var/bench/ between runs; generation time is not part of any ratio.
Run: DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_equity.py
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROWS = max(int(10_000_000 * SCALE), 1000)
PG_ROWS = max(int(1_000_000 * SCALE), 1000)
PG_DB = "hc_bench_equity"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
if os.environ.get("BENCH_PG", "1") != "0":
    os.environ["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from healthycity.equity import engine, report, snapshot, synthetic  # noqa: E402
from healthycity.equity.indicators import indicators, stratifiers  # noqa: E402

INDS = list(indicators().values())
STRATS = list(stratifiers().values())
INPUTS = [
    "bmi",
    "waist_cm",
    "pbf",
    "grip_kg",
    "gait_speed",
    "chair_stand_s",
    "sbp",
    "dbp",
    "steps_mean",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(fn, repeat: int = 2) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


KEYS = engine.grouping_columns(STRATS)


BARE = duckdb.connect()  # opened once, outside the timing: the engine also reuses its database


def bare_group_by(path: Path) -> None:
    """The baseline: one GROUP BY over the same keys as the report's pass, COUNT(*) only."""
    keys = ", ".join(KEYS)
    con = BARE.cursor()
    try:
        con.execute(
            f"SELECT {keys}, count(*) FROM read_parquet('{path}') GROUP BY {keys}"
        ).fetchnumpy()
    finally:
        con.close()


def full_report(path: Path) -> report.Report:
    cells = engine.compute_cells(path, indicators=INDS, stratifiers=STRATS)
    return report.report_from_cells(cells, inds=INDS, strats=STRATS, standard="who2000")


def pandas_cells(path: Path) -> pd.DataFrame:
    """The same cells, the straightforward pandas way: load, flag each row, group per stratifier."""
    cols = ["period", "district", "sex", "age", "age_band", "income_band", "income_order",
            "medical_aid", "living_alone", "disability", *INPUTS]  # fmt: skip
    df = snapshot.read_table(path, columns=cols).to_pandas()  # keys decoded to their labels
    male, female = df.sex == "M", df.sex == "F"
    flags = pd.DataFrame({"period": df.period, "age_band": df.age_band, "people": 1})
    pop = {
        "obesity": df.bmi.notna(),
        "abdominal_obesity": df.waist_cm.notna(),
        "high_body_fat": df.pbf.notna(),
        "possible_sarcopenia": (df.age >= 65)
        & (df.grip_kg.notna() | df.chair_stand_s.notna() | df.gait_speed.notna()),
        "hypertension": df.sbp.notna() & df.dbp.notna(),
        "step_goal": df.steps_mean.notna(),
    }
    num = {
        "obesity": df.bmi >= 25,
        "abdominal_obesity": (male & (df.waist_cm >= 90)) | (female & (df.waist_cm >= 85)),
        "high_body_fat": (male & (df.pbf > 20)) | (female & (df.pbf > 28)),
        "possible_sarcopenia": (male & (df.grip_kg < 28))
        | (female & (df.grip_kg < 18))
        | (df.chair_stand_s >= 12)
        | (df.gait_speed < 1.0),
        "hypertension": (df.sbp >= 140) | (df.dbp >= 90),
        "step_goal": df.steps_mean >= np.where(df.age < 70, 8000, 5000),
    }
    for k in pop:
        flags[f"n__{k}"] = pop[k].astype("int64")
        flags[f"x__{k}"] = (pop[k] & num[k]).astype("int64")
    steps = df.steps_mean.astype("float64")
    flags["n__mean_steps"] = steps.notna().astype("int64")
    flags["_s"] = steps.fillna(0)
    flags["_ss"] = steps.fillna(0) ** 2
    parts = []
    for s in [None, *STRATS]:
        keys = ["period", "age_band"]
        if s is not None and s.column != "age_band":
            flags["_key"] = df[s.column]
            keys = ["period", "_key", "age_band"]
        g = flags.groupby(keys, sort=True).sum(numeric_only=True).reset_index()
        n = g["n__mean_steps"].where(g["n__mean_steps"] > 0)
        g["mean__mean_steps"] = g.pop("_s") / n
        g["var__mean_steps"] = g.pop("_ss") / n - g["mean__mean_steps"] ** 2
        g["stratifier"] = "total" if s is None else s.id
        if s is None:
            g["subgroup"] = "all"
        elif s.column == "age_band":
            g["subgroup"] = g["age_band"].map(engine.band_label)
        else:
            g["subgroup"] = g.pop("_key").map(engine._subgroup_text)
        if s is not None and s.order_column:
            order = df.groupby(s.column)[s.order_column].first()
            g["order"] = g["subgroup"].map({str(k): v for k, v in order.items()})
        else:
            g["order"] = pd.NA
        parts.append(g)
    return pd.concat(parts, ignore_index=True)


def pandas_report(path: Path) -> report.Report:
    return report.report_from_cells(
        pandas_cells(path), inds=INDS, strats=STRATS, standard="who2000"
    )


def cached_snapshot() -> Path:
    """The generated snapshot, kept under var/bench/ between runs (generation is slow); the name
    carries the format version and the indicator definitions it was written with."""
    digest = "".join(snapshot.definition_hash(i) for i in INDS)
    tag = f"v{snapshot.FORMAT_VERSION}-{hashlib.sha256(digest.encode()).hexdigest()[:8]}"
    path = (
        Path(__file__).resolve().parents[1]
        / "var"
        / "bench"
        / f"equity-synthetic-{tag}-{ROWS}.parquet"
    )
    if path.exists():
        print(f"snapshot: {path} (cached)")
        return path
    t = time.perf_counter()
    synthetic.write_synthetic(path.with_suffix(".part"), rows=ROWS)
    path.with_suffix(".part").replace(path)
    print(f"generated {ROWS:,} people in {time.perf_counter() - t:.1f}s into {path} (not timed)")
    return path


def part_one() -> None:
    if os.environ.get("BENCH_PART1", "1") == "0":
        print("Part 1 skipped (BENCH_PART1=0)")
        return
    path = cached_snapshot()
    bare_group_by(path)  # warm the file cache for both sides
    t = time.perf_counter()
    cells = engine.compute_cells(path, indicators=INDS, stratifiers=STRATS)
    t_cells = time.perf_counter() - t
    t = time.perf_counter()
    c = time.process_time()
    rep = report.report_from_cells(cells, inds=INDS, strats=STRATS, standard="who2000")
    t_stats, c_stats = time.perf_counter() - t, time.process_time() - c
    bare = full = float("inf")
    for _ in range(3):  # interleaved, best of three each: the machine is shared
        bare = min(bare, best(lambda: bare_group_by(path), repeat=1))
        full = min(full, best(lambda: full_report(path), repeat=1))
    print(
        f"cells: {len(cells)} rows; report: {len(rep.estimates)} estimates, "
        f"{len(rep.measures)} measures ({len(INDS)} indicators x {len(STRATS)} stratifiers)"
    )
    print(
        f"  of which engine (one pass + margins) {t_cells:.2f}s, statistics on cells "
        f"{t_stats:.2f}s wall / {c_stats:.2f}s CPU"
    )
    print(
        f"bare DuckDB GROUP BY      : {bare:.2f}s   (same {len(KEYS)} keys: "
        f"{', '.join(KEYS)}; COUNT(*) only; same Parquet file)"
    )
    print(f"full report (DuckDB)      : {full:.2f}s   ratio {full / bare:.2f}x  (goal <= 1.5)")
    print(f"peak memory RSS after the DuckDB report (before pandas): {peak_mb():.0f} MB")
    pdt = best(lambda: pandas_report(path), repeat=1)
    print(
        f"full report (pandas)      : {pdt:.2f}s   ratio {pdt / bare:.2f}x of bare; "
        f"ours is {pdt / full:.2f}x faster"
    )
    ours = pandas_cells(path)
    same = np.array_equal(
        cells.sort_values(["stratifier", "subgroup", "age_band"])["x__obesity"].to_numpy(),
        ours.sort_values(["stratifier", "subgroup", "age_band"])["x__obesity"].to_numpy(),
    )
    print(f"pandas cells agree with the engine: {same}")
    print(f"peak memory RSS (this process, incl. pandas): {peak_mb():.0f} MB")


def part_two() -> None:
    if os.environ.get("BENCH_PG", "1") == "0":
        print("PostgreSQL part skipped (BENCH_PG=0)")
        return
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from healthycity.equity import snapshot, sources

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin.execute(f"CREATE DATABASE {PG_DB}")
    try:
        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        with connection.cursor() as c:
            c.execute(
                """INSERT INTO citizens_citizen (external_id, created_at, updated_at, birth_year, sex,
                district_id, income_band, medical_aid, living_alone, disability)
                SELECT gen_random_uuid(), now(), now(), 1930 + (i %% 75), CASE WHEN i %% 2 = 0 THEN 'F' ELSE 'M' END,
                  (SELECT id FROM places_district ORDER BY code OFFSET (i %% 25) LIMIT 1),
                  (ARRAY['basic_livelihood','near_poor','q1','q2','q3','q4','q5'])[1 + i %% 7],
                  i %% 11 = 0, i %% 5 = 0, i %% 23 = 0
                FROM generate_series(1, %s) AS i""",
                [PG_ROWS],
            )
            c.execute(
                """INSERT INTO citizens_consent (external_id, created_at, updated_at, citizen_id, purpose,
                version, granted_at) SELECT gen_random_uuid(), now(), now(), id, 'statistics', '2026-1', now()
                FROM citizens_citizen WHERE id % 10 <> 0"""
            )
            c.execute(
                """INSERT INTO health_measurement (external_id, created_at, updated_at, citizen_id,
                taken_at, context, place, source, device_model, device_serial, bmi, waist_cm,
                pbf_percent, grip_kg, gait_speed_mps, systolic_mmhg, diastolic_mmhg)
                SELECT gen_random_uuid(), now(), now(), id,
                  timestamptz '2025-01-01 09:00+09' + (id % 360) * interval '1 day', 'centre', '',
                  'manual', '', '', 18 + (id % 170) / 10.0, 70 + id % 40, 15 + id % 25,
                  15 + id % 30, 0.6 + (id % 9) / 10.0, 105 + id % 60, 65 + id % 35
                FROM citizens_citizen WHERE id % 2 = 0"""
            )
            c.execute(
                """INSERT INTO health_dailysteps (external_id, created_at, updated_at, citizen_id,
                date, steps, device, source)
                SELECT gen_random_uuid(), now(), now(), c.id, date '2025-03-01' + d,
                  2000 + (c.id * 7 + d * 311) % 9000, '', 'device_file'
                FROM citizens_citizen c, generate_series(0, 29) AS d WHERE c.id % 5 = 0"""
            )
            c.execute("ANALYZE")
        print(
            f"PostgreSQL: {PG_ROWS:,} citizens (90 % consented, measurements for 1/2, 30 days of "
            f"steps for 1/5) loaded in {time.perf_counter() - t:.1f}s (not timed)"
        )
        qs = sources.consented_citizens().values_list(*sources.CITIZEN_FIELDS)
        sql, params = qs.query.sql_with_params()

        health = [
            "SELECT citizen_id, taken_at, id, bmi, waist_cm, pbf_percent, smi_kg_m2, grip_kg, "
            "gait_speed_mps, chair_stand_s, systolic_mmhg, diastolic_mmhg FROM health_measurement "
            "WHERE taken_at >= '2025-01-01' AND taken_at < '2026-01-01'",
            "SELECT citizen_id, steps FROM health_dailysteps "
            "WHERE date >= '2025-01-01' AND date <= '2025-12-31'",
        ]

        def bare_copy():
            """COPY of the same citizen columns, and of the raw health rows of the period."""
            for query, args in [(sql, params), *((h, []) for h in health)]:
                with (
                    connection.cursor() as c,
                    c.cursor.copy(f"COPY ({query}) TO STDOUT", args) as cp,
                ):
                    for _ in cp:
                        pass

        period = snapshot.parse_period("2025")
        out = Path(tempfile.gettempdir()) / "bench-equity-pg.parquet"
        t_copy = best(bare_copy)
        t_snap = best(lambda: snapshot.write_snapshot(period=period, path=out))
        print(f"bare COPY TO              : {t_copy:.2f}s   (citizen columns + raw health rows)")
        print(
            f"equity snapshot           : {t_snap:.2f}s   speed {t_copy / t_snap:.2f}x of COPY (goal >= 0.5)"
        )
        print(f"peak memory (this process): {peak_mb():.0f} MB")
    finally:
        connection.close()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def main() -> int:
    print(f"bench_equity: BENCH_SCALE={SCALE} ({ROWS:,} people; PostgreSQL {PG_ROWS:,})")
    part_one()
    part_two()
    return 0


if __name__ == "__main__":
    sys.exit(main())
