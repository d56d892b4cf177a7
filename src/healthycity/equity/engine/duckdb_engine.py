"""Run the cells query on DuckDB over Parquet snapshot file(s)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

PERFECT_HASH_MAX_BITS = 20  # at most 2²⁰ groups in DuckDB's array-indexed aggregate
_lock = threading.Lock()
_database: duckdb.DuckDBPyConnection | None = None


def _connection() -> duckdb.DuckDBPyConnection:
    """A connection of its own for the caller: a cursor on one in-memory database shared by the
    process (opening a database costs more than a small query)."""
    global _database
    with _lock:
        if _database is None:
            _database = duckdb.connect()
        return _database.cursor()


def run(sql: str, paths: Sequence[Path], *, groups: int | None = None) -> pd.DataFrame:
    """`groups`: the number of distinct values of a dense integer key (the cell id), so that
    DuckDB aggregates into an array indexed by the key (its "perfect hash" group by) rather than
    a hash table; its default threshold is 2¹² groups."""
    con = _connection()
    try:
        if groups:
            bits = min(max(groups.bit_length(), 12), PERFECT_HASH_MAX_BITS)
            con.execute(f"SET perfect_ht_threshold = {bits}")
        files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
        con.execute(f"CREATE TEMP VIEW snapshot AS SELECT * FROM read_parquet([{files}])")
        return con.execute(sql).df()
    finally:
        con.close()
