"""Demo-city generation speed: citizens per second on PostgreSQL and SQLite, with a baseline.

For each database the script builds the demo foundation (100 000 citizens, with their identities and
consents; BENCH_SCALE=0.01 for 1 000) in a fresh database, then, in the same process, times a bare
COPY (PostgreSQL) / executemany (SQLite) of exactly the rows the demo wrote to the three citizen
tables — already in memory — into the same, emptied tables. The ratio demo / bare is the cost of
generating the data and of everything around the write. Peak memory is the process's maximum RSS.

PostgreSQL uses its own database `hc_bench_demo` (created and dropped here; BENCH_PG_URL to point at
another server); SQLite a file in a temporary directory. Each database runs in a child process so that
Django is configured once per process. The first measurement is the foundation alone (no app hooks)
against a bare write of the same rows; a second one times the whole demo with every app's data.

    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_demo.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time

DB_NAME = "hc_bench_demo"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
TABLES = ["citizens_citizen", "citizens_citizenidentity", "citizens_consent"]


def n_citizens() -> int:
    return max(100, int(100_000 * float(os.environ.get("BENCH_SCALE", "1"))))


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- child: one database ----------------------------------------------------------------------


def bare_write(connection, rows_by_table: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """Empty the three tables, then write the same rows back with the driver alone; seconds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
        else:
            for table in reversed(TABLES):
                cursor.execute(f"DELETE FROM {table}")
    connection.commit() if not connection.get_autocommit() else None
    raw = connection.connection
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with raw.transaction(), raw.cursor() as cursor:
            for table, (columns, rows) in rows_by_table.items():
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    else:
        cursor = raw.cursor()
        cursor.execute("BEGIN")
        for table, (columns, rows) in rows_by_table.items():
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        cursor.execute("COMMIT")
    return time.perf_counter() - started


def read_back(connection) -> dict[str, tuple[list[str], list[tuple]]]:
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            columns = [c[0] for c in cursor.description]
            found[table] = (columns, cursor.fetchall())
    return found


def child_full(backend: str) -> None:
    """The whole `healthycity demo` as a user runs it: the foundation and every app's hook."""
    import django

    django.setup()
    from django.core.management import call_command

    from healthycity.demo.build import DEFAULT_PASSWORD, build_demo

    n = n_citizens()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_demo(seed=2026, n_citizens=n, password=DEFAULT_PASSWORD, hooks=True)
    seconds = time.perf_counter() - started
    print(
        f"{backend:<10} full demo with every app's data: {n} citizens in {seconds:.2f} s "
        f"(issue #2 target: 100 000 in under 60 s); peak RSS {peak_rss_mib():.0f} MiB"
    )


def child(backend: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from healthycity.citizens.models import Citizen, Consent
    from healthycity.demo.build import DEFAULT_PASSWORD, build_demo

    n = n_citizens()
    call_command("migrate", verbosity=0)
    before = rss_mib()
    started = time.perf_counter()
    build_demo(seed=2026, n_citizens=n, password=DEFAULT_PASSWORD, hooks=False)
    demo_seconds = time.perf_counter() - started
    peak = peak_rss_mib()
    citizens, consents = Citizen.objects.count(), Consent.objects.count()
    assert citizens == n, (citizens, n)
    rows = read_back(connection)
    row_count = sum(len(r) for _, r in rows.values())
    bare_seconds = bare_write(connection, rows)
    assert Citizen.objects.count() == n
    bare_name = "COPY" if backend == "postgresql" else "executemany"
    print(
        f"{backend:<10} demo: {n} citizens ({row_count} rows with identities and {consents} "
        f"consents) in {demo_seconds:.2f} s = {n / demo_seconds:,.0f} citizens/s; "
        f"peak RSS {peak:.0f} MiB (+{peak - before:.0f} MiB over {before:.0f} MiB before the build)"
    )
    print(
        f"{backend:<10} baseline: bare {bare_name} of the same {row_count} rows in "
        f"{bare_seconds:.2f} s; demo / bare = {demo_seconds / bare_seconds:.2f}×"
    )


# --- parent -----------------------------------------------------------------------------------


def run_child(backend: str, database_url: str, mode: str = "--backend") -> int:
    env = dict(os.environ, DATABASE_URL=database_url, HEALTHYCITY_TESTING="1")
    env.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    env.setdefault("PYTHONPATH", ".")
    return subprocess.call([sys.executable, __file__, mode, backend], env=env)


def postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def main() -> int:
    print(f"bench_demo: {n_citizens()} citizens (BENCH_SCALE={os.environ.get('BENCH_SCALE', '1')})")
    failures = 0
    try:
        postgres(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        postgres(f"CREATE DATABASE {DB_NAME}")
    except Exception as error:  # noqa: BLE001 — no server: report and go on with SQLite
        print(f"postgresql skipped: {error}")
    else:
        try:
            failures += run_child("postgresql", f"{PG_SERVER}/{DB_NAME}") != 0
            postgres(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            postgres(f"CREATE DATABASE {DB_NAME}")
            failures += run_child("postgresql", f"{PG_SERVER}/{DB_NAME}", "--full") != 0
        finally:
            postgres(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    with tempfile.TemporaryDirectory() as tmp:
        failures += run_child("sqlite", f"sqlite:///{tmp}/bench_demo.sqlite3") != 0
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--backend":
        child(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--full":
        child_full(sys.argv[2])
    else:
        sys.exit(main())
