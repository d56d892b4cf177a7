"""Helpers shared by the benchmarks that run on their own PostgreSQL database or a served site.

Not a benchmark itself (scripts/bench.sh runs only `bench_*.py`). Import it from a benchmark as
`from support import …`: Python puts the script's folder first on the path.
"""

from __future__ import annotations

import http.client
import os
import statistics
import time

PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def load_average() -> str:
    """The machine's 1, 5 and 15-minute load: the figures mean little on a busy machine."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def admin(sql: str) -> None:
    """One statement on the server's `postgres` database (CREATE / DROP DATABASE)."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (1…99) of the values, inclusive method; the value itself for one."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def wait_for_http(port: int, path: str = "/healthz", seconds: float = 180, process=None) -> bool:
    """Poll 127.0.0.1:port until `path` answers 200; False after `seconds`, or as soon as the
    server's `process` (a Popen), if given, has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False
