"""The equity engine: one query definition (engine.query) run on DuckDB or Spark, producing
cells; then marginal cells per stratifier × subgroup × age band, in a small pandas table.

Default plan ("fine"): ONE plain GROUP BY over the finest cross-classification the report needs
(period × every stratifier × age band — at most a few ten thousand cells however many people),
then the margins are summed from that small table. The "sets" plan runs the same aggregates with
GROUPING SETS instead. Both give the same cells; "fine" is faster on DuckDB (one hash table).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from healthycity.equity.engine import query
from healthycity.equity.errors import EquityError
from healthycity.equity.indicators import Indicator, Stratifier
from healthycity.equity.snapshot import band_label

ENGINES = ("duckdb", "spark")
DIALECT = {"duckdb": "duckdb", "spark": "spark"}
TOTAL = "total"


def _columns(strats: Sequence[Stratifier]) -> list[str]:
    cols = ["period"]
    for s in strats:
        cols.append(s.column)
        if s.order_column:
            cols.append(s.order_column)
    return list(dict.fromkeys([*cols, "age_band"]))


def plan_sets(strats: Sequence[Stratifier], *, plan: str) -> list[tuple[str, ...]]:
    if plan == "fine":
        return [tuple(_columns(strats))]
    sets = [("period", "age_band")]
    for s in strats:
        sets.append(
            tuple(dict.fromkeys(["period", s.column, s.order_column or s.column, "age_band"]))
        )
    return list(dict.fromkeys(sets))


def raw_cells(
    paths: Sequence[Path],
    *,
    indicators: Sequence[Indicator],
    stratifiers: Sequence[Stratifier],
    engine: str = "duckdb",
    plan: str = "fine",
) -> pd.DataFrame:
    """The query's result as the engine returns it (one row per cell of the plan)."""
    if engine not in ENGINES:
        raise EquityError(f"Unknown engine {engine!r}; choose one of {', '.join(ENGINES)}.")
    sets = plan_sets(stratifiers, plan=plan)
    sql = query.render(query.cells_query(indicators, sets=sets), DIALECT[engine])
    if engine == "duckdb":
        from healthycity.equity.engine import duckdb_engine

        return duckdb_engine.run(sql, paths)
    from healthycity.equity.engine import spark_engine

    return spark_engine.run(sql, paths)


def stat_columns(indicators: Sequence[Indicator]) -> tuple[list[str], list[Indicator]]:
    """Columns that add up across cells, and the mean indicators (combined by Chan's formula)."""
    sums = ["people"]
    means = []
    for ind in indicators:
        sums.append(f"n__{ind.id}")
        if ind.kind == "mean":
            means.append(ind)
        else:
            sums.append(f"x__{ind.id}")
    return sums, means


def combine(frame: pd.DataFrame, keys: list[str], indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Sum cells over everything but `keys`; means and variances are pooled exactly (Chan et al.
    1979: M2 = ΣM2ᵢ + Σnᵢ(m̄ᵢ − m̄)²)."""
    sums, means = stat_columns(indicators)
    work = frame[keys + sums].copy()
    for ind in means:
        n, m, v = (frame[f"{s}__{ind.id}"].astype(float) for s in ("n", "mean", "var"))
        work[f"_s__{ind.id}"] = (n * m.fillna(0)).to_numpy()
        work[f"_ss__{ind.id}"] = (n * (v.fillna(0) + m.fillna(0) ** 2)).to_numpy()
    out = work.groupby(keys, dropna=False, sort=True).sum(min_count=1).reset_index()
    for ind in means:
        n = out[f"n__{ind.id}"].astype(float)
        s, ss = out.pop(f"_s__{ind.id}"), out.pop(f"_ss__{ind.id}")
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, s / n, np.nan)
            var = np.where(n > 0, np.maximum(ss / n - mean**2, 0.0), np.nan)
        out[f"mean__{ind.id}"] = mean
        out[f"var__{ind.id}"] = var
    for col in sums:
        out[col] = out[col].fillna(0).astype("int64")
    return out


def _subgroup_text(value) -> str:
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def margins(
    raw: pd.DataFrame,
    *,
    indicators: Sequence[Indicator],
    stratifiers: Sequence[Stratifier],
    plan: str = "fine",
) -> pd.DataFrame:
    """Long table: period, stratifier, subgroup, order, age_band, people, statistics — one row per
    cell; stratifier 'total' (subgroup 'all') is the whole population by age band."""
    parts = []
    for s in [None, *stratifiers]:
        if plan == "sets":
            grouped = [c for c in raw.columns if c.startswith("g__")]
            want = {"period", "age_band"} if s is None else {"period", "age_band", s.column}
            if s is not None and s.order_column:
                want.add(s.order_column)
            mask = np.ones(len(raw), dtype=bool)
            for g in grouped:
                mask &= raw[g].to_numpy() == (0 if g[3:] in want else 1)
            frame = raw[mask]
        else:
            frame = raw
        keys = ["period", "age_band"] if s is None else ["period", s.column, "age_band"]
        if s is not None and s.order_column:
            keys.insert(2, s.order_column)
        keys = list(dict.fromkeys(keys))
        part = combine(frame, keys, indicators)
        part.insert(1, "stratifier", TOTAL if s is None else s.id)
        if s is None:
            part.insert(2, "subgroup", "all")
        elif s.column == "age_band":
            part.insert(2, "subgroup", part["age_band"].map(band_label))
        else:
            part.insert(2, "subgroup", part.pop(s.column).map(_subgroup_text))
        order = part.pop(s.order_column) if s is not None and s.order_column else None
        part.insert(3, "order", order.astype("Int64") if order is not None else pd.NA)
        parts.append(part)
    cells = pd.concat(parts, ignore_index=True)
    cells["age_band"] = cells["age_band"].astype("int64")
    cells["period"] = cells["period"].astype(str)
    return cells.sort_values(["period", "stratifier", "subgroup", "age_band"], ignore_index=True)


def compute_cells(
    paths: Sequence[Path] | Path,
    *,
    indicators: Sequence[Indicator],
    stratifiers: Sequence[Stratifier],
    engine: str = "duckdb",
    plan: str = "fine",
) -> pd.DataFrame:
    """Marginal cells of every indicator for every stratifier, by period and age band."""
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    raw = raw_cells(paths, indicators=indicators, stratifiers=stratifiers, engine=engine, plan=plan)
    return margins(raw, indicators=indicators, stratifiers=stratifiers, plan=plan)
