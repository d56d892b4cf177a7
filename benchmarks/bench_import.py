"""LookinBody import speed and memory on PostgreSQL, next to a bare COPY of the same rows.

1. Builds a fresh database `hc_bench_import` (BENCH_DB to name another; dropped at the end) with the demo foundation
   (citizens with phones and consents; 100 000 citizens, or fewer with BENCH_SCALE).
2. Writes a real LookinBody CSV (the 87 labels of a LookinBody120 export, UTF-8 with BOM) of one
   million scans of citizens with care consent (BENCH_SCALE=0.01 → 10 000), and the same rows,
   already clean, in the column layout of health_measurement.
3. Baselines: a bare COPY of the clean rows into health_measurement (no parsing, no checks), as
   CSV, and the same rows again in PostgreSQL's binary COPY format (exported from the table once,
   untimed) — the form the import itself sends, and the cheaper one for the server.
4. Validated: `import_file(kind="inbody")` — label mapping, parsing, range and date checks, phone
   → citizen resolution, consent, duplicate pre-check, COPY — into the same, emptied table.
5. Prints rows per second for both, the ratio (goal: ≥ 0.5), and the import's peak memory:
   the growth of the process's maximum RSS (getrusage) during the timed run, the peak RSS of the
   `healthycity import inbody FILE` command run on the same file in a process of its own, and
   the Python heap peak (tracemalloc) of a second, untimed run (tracemalloc slows Python down).

    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_import")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROWS = max(2000, int(1_000_000 * SCALE))
CITIZENS = max(1000, int(100_000 * SCALE))
LABELS_FILE = (
    Path(__file__).resolve().parent.parent / "tests/health/fixtures/lookinbody120_export_header.txt"
)


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def people() -> list[tuple[int, str]]:
    """(citizen id, phone) of citizens with care consent and a phone nobody else has."""
    from django.db.models import Count

    from healthycity.citizens.models import CitizenIdentity, Consent
    from healthycity.demo.build import build_demo

    build_demo(seed=2026, n_citizens=CITIZENS, hooks=False)
    shared = (
        CitizenIdentity.objects.values("phone")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("phone")
    )
    care = Consent.objects.active().filter(purpose="care").values("citizen_id")
    return list(
        CitizenIdentity.objects.filter(citizen_id__in=care)
        .exclude(phone__in=shared)
        .exclude(phone="")
        .order_by("citizen_id")
        .values_list("citizen_id", "phone")
    )


def generate(folder: Path, who: list[tuple[int, str]]) -> tuple[Path, Path, list[str]]:
    """The LookinBody CSV and the clean COPY file of the same rows, written in blocks."""
    import numpy as np

    from healthycity.health.imports.inbody import label_map
    from healthycity.health.imports.tables import normalise_label

    labels = [x for x in LABELS_FILE.read_text(encoding="utf-8").splitlines() if x.strip()]
    fields = [label_map().get(normalise_label(x)) for x in labels]
    values = [
        f
        for f in fields
        if f
        and f.endswith(("_kg", "_l", "_cm", "_pct", "_ohm"))
        or f in ("bmi", "pbf_percent", "vfl", "bmr_kcal", "inbody_score", "whr")
    ]
    clean_cols = ["external_id", "created_at", "updated_at", "citizen_id", "taken_at", "context", "place", "source", "device_model", "device_serial", *values]  # fmt: skip
    rng = np.random.default_rng(1)
    src, clean = folder / "lookinbody.csv", folder / "clean.csv"
    with src.open("w", encoding="utf-8-sig", newline="") as f, clean.open("w", newline="") as g:
        out, copy = csv.writer(f), csv.writer(g)
        out.writerow(labels)
        block = 20_000
        for start in range(0, ROWS, block):
            n = min(block, ROWS - start)
            idx = np.arange(start, start + n)
            person = idx % len(who)
            visit = idx // len(who)
            minutes = visit * 1440 * 7 + (person % 600)
            when = np.datetime64("2020-01-01T09:00") + minutes.astype("timedelta64[m]")
            height = rng.normal(163, 8, n)
            bmi = rng.normal(24, 3, n).clip(16, 40)
            weight = bmi * (height / 100) ** 2
            pbf = rng.normal(28, 6, n).clip(8, 50)
            cells = {
                "height_cm": height, "weight_kg": weight, "bmi": bmi, "pbf_percent": pbf,
                "bfm_kg": weight * pbf / 100, "tbw_l": weight * (1 - pbf / 100) * 0.73,
                "protein_kg": weight * (1 - pbf / 100) * 0.196, "minerals_kg": weight * (1 - pbf / 100) * 0.07,
                "smm_kg": weight * (1 - pbf / 100) * 0.56, "vfl": np.round(pbf / 3), "bmr_kcal": np.round(370 + 21.6 * weight * (1 - pbf / 100)),
                "inbody_score": np.round(rng.normal(72, 6, n)).clip(40, 99), "whr": rng.normal(0.88, 0.05, n),
            }  # fmt: skip
            text = {}
            for f in values:
                col = cells.get(f)
                if col is None:
                    part = 20.0 if "trunk" in f else 2.5 if "arm" in f else 7.5
                    base = 300.0 if f.endswith("_ohm") else 100.0 if f.endswith("_pct") else part
                    col = rng.normal(base, base * 0.05, n)
                text[f] = np.char.mod(
                    "%d"
                    if f in ("vfl", "bmr_kcal", "inbody_score")
                    else "%.1f"
                    if f != "whr"
                    else "%.2f",
                    col,
                )
            stamps = np.datetime_as_string(when, unit="s")
            for i in range(n):
                pid, phone = who[person[i]]
                row = []
                for label, f in zip(labels, fields, strict=True):
                    if f in text:
                        row.append(text[f][i])
                    elif f == "taken_at":
                        row.append(stamps[i].replace("T", " ").replace("-", "."))
                    elif f == "mobile":
                        row.append(f"{phone[:3]}-{phone[3:-4]}-{phone[-4:]}")
                    elif f == "device_model":
                        row.append("InBody120")
                    elif "Name" in label:
                        row.append("홍길동")
                    elif "Limit" in label:
                        row.append("10.0")
                    else:
                        row.append("")
                out.writerow(row)
                copy.writerow([f"{pid:08x}-0000-4000-8000-{start + i:012x}", "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00", pid, stamps[i] + "+09", "centre", "", "device_file", "InBody120", ""] + [text[f][i] for f in values])  # fmt: skip
    return src, clean, clean_cols


def truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE health_measurement, health_quarantinedrow, health_importbatch CASCADE"
        )


def baseline(path: Path, cols: list[str], options: str) -> float:
    """A bare COPY of the file's clean rows into health_measurement, timed."""
    from django.db import connection, transaction

    truncate()
    started = time.perf_counter()
    names = ", ".join(f'"{c}"' for c in cols)
    sql = f"COPY health_measurement ({names}) FROM STDIN WITH ({options})"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
        path.open("rb") as f,
    ):
        while block := f.read(1 << 20):
            copy.write(block)
    return time.perf_counter() - started


def export_binary(cols: list[str], path: Path) -> None:
    """The rows the CSV baseline loaded, written once (untimed) in PostgreSQL's binary COPY
    format: the cheapest form for the server to load, for the second baseline."""
    from django.db import connection

    names = ", ".join(f'"{c}"' for c in cols)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY health_measurement ({names}) TO STDOUT (FORMAT binary)") as cp,
        path.open("wb") as out,
    ):
        for block in cp:
            out.write(block)


def validated(src: Path):
    from healthycity.health.imports import import_file

    truncate()
    started = time.perf_counter()
    result = import_file(path=src, kind="inbody", file_name=src.name)
    return time.perf_counter() - started, result


def main() -> None:
    admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin(f"CREATE DATABASE {DB_NAME}")
    try:
        setup_django()
        from django.db import connection

        who = people()
        with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
            src, clean, cols = generate(Path(tmp), who)
            size = src.stat().st_size / 2**20
            print(
                f"bench_import: {ROWS} LookinBody rows ({size:.0f} MiB CSV, 87 columns), {len(who)} citizens, PostgreSQL"
            )
            t_copy = baseline(clean, cols, "FORMAT csv, FORCE_NOT_NULL (place, device_serial)")
            export_binary(cols, Path(tmp) / "clean.bin")
            t_binary = baseline(Path(tmp) / "clean.bin", cols, "FORMAT binary")
            rss_before = maxrss_mib()
            t_import, result = validated(src)
            rss_growth = maxrss_mib() - rss_before
            copy_rate, import_rate = ROWS / t_copy, ROWS / t_import
            binary_rate = ROWS / t_binary
            print(
                f"  baseline bare COPY of clean rows : {t_copy:8.2f} s  {copy_rate:10.0f} rows/s  (CSV)"
            )
            print(f"  baseline bare COPY, binary format: {t_binary:8.2f} s  {binary_rate:10.0f} rows/s  (what the import sends)")  # fmt: skip
            print(
                f"  validated import (import_file)   : {t_import:8.2f} s  {import_rate:10.0f} rows/s"
            )
            print(
                f"  ratio validated/baseline          : {import_rate / copy_rate:8.2f} of the CSV COPY, "
                f"{import_rate / binary_rate:.2f} of the binary COPY  (goal >= 0.50)"
            )
            assert result.imported == ROWS, result
            t_again, again = validated_again(src)
            print(
                f"  re-import (all duplicates)        : {t_again:8.2f} s  {ROWS / t_again:10.0f} rows/s  duplicates={again.duplicates}"
            )
            print(
                f"  peak memory: max RSS grew {rss_growth:.0f} MiB during the import (process max RSS {maxrss_mib():.0f} MiB)"
            )
            truncate()
            peak, summary = command_peak(src)
            print(
                f"  the command in a process of its own: `healthycity import inbody FILE` peak RSS "
                f"{peak:.0f} MiB (goal < 300 MiB; Django and its libraries included), "
                f"imported={summary['imported']} rejected={summary['rejected']}"
            )
            if os.environ.get("BENCH_TRACEMALLOC", "1") == "1":
                tracemalloc.start()
                validated(src)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(
                    f"  peak Python heap (tracemalloc, untimed run): {peak / 2**20:.0f} MiB  (goal < 300 MiB)"
                )
        connection.close()
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    sys.stdout.flush()


PEAK_WRAPPER = """
import re, sys
from healthycity.cli import main
try:
    main(sys.argv[1:])
finally:
    status = open("/proc/self/status").read()
    sys.stderr.write("VmHWM " + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""


def command_peak(src: Path) -> tuple[float, dict]:
    """Run the import command in a child process on the same file; its peak RSS (MiB) and its
    JSON summary. The peak is the child's own VmHWM, read by the child as it ends: getrusage's
    figure for children would count this (large) process, which the child is forked from."""
    import json
    import re
    import subprocess

    command = [sys.executable, "-c", PEAK_WRAPPER, "import", "inbody", str(src), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    peak = int(re.search(r"VmHWM (\d+)", done.stderr).group(1)) / 1024
    return peak, json.loads(done.stdout)


def validated_again(src: Path):
    from healthycity.health.imports import import_file

    started = time.perf_counter()
    result = import_file(path=src, kind="inbody", file_name=src.name)
    return time.perf_counter() - started, result


if __name__ == "__main__":
    main()
