"""Run the cells query on DuckDB over Parquet snapshot file(s)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd


def run(sql: str, paths: Sequence[Path], *, threads: int | None = None) -> pd.DataFrame:
    con = duckdb.connect(config={"threads": threads} if threads else {})
    try:
        files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
        con.execute(f"CREATE VIEW snapshot AS SELECT * FROM read_parquet([{files}])")
        return con.execute(sql).df()
    finally:
        con.close()
