"""The equity engine: one query definition (engine.query) run on DuckDB or Spark, producing
cells; then marginal cells per stratifier × subgroup × age band, in a small pandas table.

Default plan ("fine"): ONE plain GROUP BY over the finest cross-classification the report needs
(period × every stratifier × age band — at most a few ten thousand cells however many people),
then the margins are summed from that small table. The "sets" plan runs the same aggregates with
GROUPING SETS instead. Both give the same cells; "fine" is faster on DuckDB (one hash table).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from django.utils.translation import gettext as _
from scipy import sparse

from healthycity.equity.engine import query
from healthycity.equity.errors import EquityError
from healthycity.equity.indicators import Indicator, Stratifier
from healthycity.equity.snapshot import LANE_BITS, LANE_LIMIT, band_label, check_format, labels

ENGINES = ("duckdb", "spark")
DIALECT = {"duckdb": "duckdb", "spark": "spark"}
TOTAL = "total"


def grouping_columns(strats: Sequence[Stratifier]) -> list[str]:
    """The keys of the single pass: period, every stratifier column (and order), age band."""
    cols = ["period"]
    for s in strats:
        cols.append(s.column)
        if s.order_column:
            cols.append(s.order_column)
    return list(dict.fromkeys([*cols, "age_band"]))


def plan_sets(strats: Sequence[Stratifier], *, plan: str) -> list[tuple[str, ...]]:
    if plan == "fine":
        return [tuple(grouping_columns(strats))]
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
    """The query's result as the engine returns it (one row per cell of the plan), keys decoded.

    "fine" on a format-3 snapshot groups by the stored cell id (one narrow key, four counts per
    SUM) and looks the keys of each cell up in the file's cell table; a file without one that
    covers the keys, or with a cell too large for the 16-bit lanes, is read by the column plan."""
    if engine not in ENGINES:
        raise EquityError(
            _("Unknown engine %(engine)s; choose one of %(choices)s.")
            % {"engine": repr(engine), "choices": ", ".join(ENGINES)}
        )
    metas = check_format(paths, indicators)
    keys = grouping_columns(stratifiers)
    parts, rest = [], []
    for meta in metas:
        part = _by_cell(meta, indicators, keys, engine) if plan == "fine" else None
        (rest.append(meta) if part is None else parts.append(part))
    if rest:
        sets = plan_sets(stratifiers, plan=plan)
        packed = sum(m.rows for m in rest) < 2**31  # every count then fits in 31 bits of a lane
        sql = query.render(query.cells_query(indicators, sets=sets, packed=packed), DIALECT[engine])
        raw = _run(engine, sql, [m.path for m in rest])
        query.unpack(raw, indicators)
        parts.append(raw)
    raw = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    for column in raw.columns:
        names = labels(column)
        if names:  # coded keys back to their labels (unknown codes stay empty)
            raw[column] = raw[column].map(names)
    return raw


def _run(engine: str, sql: str, paths: Sequence[Path], *, groups: int | None = None):
    if engine == "duckdb":
        from healthycity.equity.engine import duckdb_engine

        return duckdb_engine.run(sql, paths, groups=groups)
    from healthycity.equity.engine import spark_engine

    return spark_engine.run(sql, paths)


@lru_cache(maxsize=64)
def _cell_sql(indicators: tuple[Indicator, ...], packs: tuple[int, ...], dialect: str) -> str:
    """The rendered cell query (rendering costs more than a small report's arithmetic)."""
    return query.render(query.cell_query(indicators, packs=packs), dialect)


def _by_cell(meta, indicators, keys: list[str], engine: str) -> pd.DataFrame | None:
    """One file's cells by its stored cell ids, with the key columns looked up (None: this file
    cannot be read this way, see raw_cells)."""
    if meta.cells is None or not set(keys) <= set(meta.cells.column_names):
        return None
    packs = query.lane_packs(indicators, meta.lanes)
    if packs is None:
        return None
    sql = _cell_sql(tuple(indicators), tuple(packs), DIALECT[engine])
    raw = _run(engine, sql, [meta.path], groups=meta.cells.num_rows)
    if len(raw) and int(raw["people"].max()) >= LANE_LIMIT:
        return None
    found = meta.cells.select(keys).take(pa.array(raw["cell"].to_numpy(np.int64)))
    columns = {  # categorical: labelling and factorizing then touch the categories only
        column: found.column(column).dictionary_encode().to_pandas() for column in keys
    }
    columns["people"] = raw["people"].to_numpy()
    columns.update(query.unpack_lanes(raw, indicators, meta.lanes, bits=LANE_BITS))
    for column in raw.columns:
        if not column.startswith(("cell", "people", "pack__")):
            columns[column] = raw[column].to_numpy()
    return pd.DataFrame(columns)


def stat_columns(indicators: Sequence[Indicator]) -> tuple[list[str], list[Indicator]]:
    """Count columns of the cell table (people, n__*, x__*), and the mean indicators (whose
    cells also carry s__/ss__ sums in the raw query, and mean__/var__ in the cell table)."""
    sums = ["people"]
    means = []
    for ind in indicators:
        sums.append(f"n__{ind.id}")
        if ind.kind == "mean":
            means.append(ind)
        else:
            sums.append(f"x__{ind.id}")
    return sums, means


def _subgroup_text(value) -> str:
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _grouping_mask(raw: pd.DataFrame, s: Stratifier | None) -> np.ndarray:
    """Rows of the GROUPING SETS result that belong to stratifier `s`'s grouping set."""
    want = {"period", "age_band"} if s is None else {"period", "age_band", s.column}
    if s is not None and s.order_column:
        want.add(s.order_column)
    mask = np.ones(len(raw), dtype=bool)
    for g in (c for c in raw.columns if c.startswith("g__")):
        mask &= raw[g].to_numpy() == (0 if g[3:] in want else 1)
    return mask


def _dense(key: np.ndarray, *, size: int) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(key, return_inverse=True) for keys in 0..size−1 (a margin's cells: periods ×
    subgroups × age bands, a few thousand at most), by counting instead of sorting."""
    present = np.bincount(key, minlength=size) > 0
    cells = np.flatnonzero(present)
    position = np.cumsum(present) - 1
    return cells, position[key]


def _sum_by(group: np.ndarray, values: np.ndarray, *, groups: int) -> np.ndarray:
    """Column sums of `values` (rows × statistics) per group: one sparse product (each row
    belongs to one group), rather than a bincount per statistic."""
    if groups == 0:
        return np.zeros((0, values.shape[1]))
    rows = group.size
    member = sparse.csr_matrix((np.ones(rows), group, np.arange(rows + 1)), shape=(rows, groups))
    return np.asarray(member.T @ values)


def margins(
    raw: pd.DataFrame,
    *,
    indicators: Sequence[Indicator],
    stratifiers: Sequence[Stratifier],
    plan: str = "fine",
) -> pd.DataFrame:
    """Long table: period, stratifier, subgroup, order, age_band, people, statistics — one row per
    cell; stratifier 'total' (subgroup 'all') is the whole population by age band.

    The raw cells are few (tens of thousands whatever the number of people) and every statistic
    is a sum, so each margin is a numpy bincount over integer group codes. Means and population
    variances come from the summed n, Σx and Σx² of each margin."""
    sums, means = stat_columns(indicators)
    names = sums + [f"{k}__{ind.id}" for ind in means for k in ("s", "ss")]
    values = np.empty((len(raw), len(names)))
    for j, c in enumerate(names):
        column = raw[c]
        if not pd.api.types.is_numeric_dtype(column):
            column = pd.to_numeric(column, errors="coerce")
        values[:, j] = column.to_numpy(float, na_value=0.0)
    period_codes, periods = _codes(raw["period"])
    periods = periods.astype(str)
    band_codes, bands = _codes(raw["age_band"])
    parts = []
    for s in [None, *stratifiers]:
        if s is None:
            sub_codes, subs = np.zeros(len(raw), dtype=np.int64), np.array(["all"], dtype=object)
        elif s.column == "age_band":
            sub_codes = band_codes
            subs = np.array([band_label(int(b)) for b in bands], dtype=object)
        else:
            sub_codes, uniques = _codes(raw[s.column])
            subs = np.array([_subgroup_text(v) for v in uniques], dtype=object)
        rows = _grouping_mask(raw, s) if plan == "sets" else slice(None)
        key = (period_codes[rows] * len(subs) + sub_codes[rows]) * len(bands) + band_codes[rows]
        cells, inverse = _dense(key, size=len(periods) * len(subs) * len(bands))
        agg = _sum_by(inverse, values[rows], groups=cells.size)
        sub_of = cells // len(bands) % len(subs)
        part = {
            "period": periods[cells // len(bands) // len(subs)].astype(str),
            "stratifier": np.full(cells.size, TOTAL if s is None else s.id, dtype=object),
            "subgroup": subs[sub_of],
        }
        order_of = np.full(len(subs), np.nan)
        if s is not None and s.order_column:
            order = pd.to_numeric(
                np.asarray(raw[s.order_column], dtype=object), errors="coerce"
            ).astype(float)[rows]
            order_of[sub_codes[rows]] = order
        part["order"] = order_of[sub_of]
        part["age_band"] = np.asarray(bands[cells % len(bands)], dtype=np.int64)
        for j, col in enumerate(sums):
            part[col] = np.rint(agg[:, j]).astype(np.int64)
        for ind in means:
            n = agg[:, names.index(f"n__{ind.id}")]
            total = agg[:, names.index(f"s__{ind.id}")]
            squares = agg[:, names.index(f"ss__{ind.id}")]
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.where(n > 0, total / n, np.nan)
                var = np.where(n > 0, np.maximum(squares / n - mean**2, 0.0), np.nan)
            part[f"mean__{ind.id}"] = mean
            part[f"var__{ind.id}"] = var
        parts.append(part)
    columns = {c: np.concatenate([part[c] for part in parts]) for c in parts[0]}
    columns["order"] = pd.array(columns["order"], dtype="Float64").astype("Int64")
    cells = pd.DataFrame(columns)
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
