"""The one query definition on DuckDB (both plans) and on Spark gives the same cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from healthycity.equity import engine, snapshot, synthetic
from healthycity.equity.engine import query
from healthycity.equity.errors import EquityError
from healthycity.equity.indicators import check_expression, indicators, stratifiers
from healthycity.equity.snapshot import COLUMN_NAMES

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def snapshot_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("equity") / "snapshot-2025.parquet"
    return synthetic.write_synthetic(path, rows=3000, seed=7, chunk=1000)


def _cells(path, **kw):
    return engine.compute_cells(
        path, indicators=list(indicators().values()), stratifiers=list(stratifiers().values()), **kw
    )


def _assert_same(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    for col in a.columns:
        if col.startswith(("mean__", "var__")):
            np.testing.assert_allclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=1e-9)
        else:
            assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col


def test_synthetic_snapshot_is_deterministic(tmp_path):
    a = synthetic.generate_chunk(50, seed=1)
    b = synthetic.generate_chunk(50, seed=1)
    assert a.equals(b)


def test_grouping_sets_plan_equals_fine_plan(snapshot_path):
    _assert_same(_cells(snapshot_path, plan="fine"), _cells(snapshot_path, plan="sets"))


def test_cells_add_up_to_the_population(snapshot_path):
    cells = _cells(snapshot_path)
    for strat in ["total", *stratifiers()]:
        assert cells.loc[cells.stratifier == strat, "people"].sum() == 3000


def test_counts_match_a_direct_count(snapshot_path):
    import duckdb

    cells = _cells(snapshot_path)
    rows = snapshot.read_table(snapshot_path)  # noqa: F841 (read by DuckDB below)
    for ind in indicators().values():
        if ind.kind != "proportion":
            continue
        by_sex = cells[cells.stratifier == "sex"].groupby("subgroup")
        got = by_sex[[f"n__{ind.id}", f"x__{ind.id}"]].sum()
        direct = duckdb.sql(
            f"SELECT sex, count(*) FILTER (WHERE {ind.population}) n, "
            f"count(*) FILTER (WHERE ({ind.population}) AND ({ind.numerator})) x "
            "FROM rows GROUP BY sex ORDER BY sex"
        ).fetchall()
        assert [(s, int(r.iloc[0]), int(r.iloc[1])) for s, r in got.iterrows()] == direct


def test_unpacked_counts_equal_packed_counts(snapshot_path):
    from healthycity.equity.engine import duckdb_engine

    inds = list(indicators().values())
    sets = [tuple(engine.grouping_columns(list(stratifiers().values())))]
    raw = {}
    for packed in (True, False):
        sql = query.render(query.cells_query(inds, sets=sets, packed=packed), "duckdb")
        raw[packed] = duckdb_engine.run(sql, [snapshot_path])
    query.unpack(raw[True], inds)
    keys = list(sets[0])
    a, b = (raw[p].sort_values(keys, ignore_index=True) for p in (True, False))
    for col in b.columns:
        assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), col


def test_snapshot_of_another_indicator_definition_is_refused(snapshot_path):
    import dataclasses

    changed = dataclasses.replace(indicators()["obesity"], numerator="bmi >= 30")
    with pytest.raises(EquityError, match="another definition of obesity: re-run"):
        engine.compute_cells(snapshot_path, indicators=[changed], stratifiers=[])


def test_snapshot_of_an_older_format_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.parquet"
    pq.write_table(synthetic.generate_chunk(50, seed=1), path)  # no format version
    with pytest.raises(EquityError, match="re-run `healthycity equity snapshot`"):
        _cells(path)


def test_query_renders_for_both_dialects():
    q = query.cells_query(list(indicators().values()), sets=[("district", "age_band")])
    assert "SUM(" in query.render(q, "duckdb")
    assert "GROUP BY" in query.render(q, "spark")


def test_indicator_expression_with_unknown_column_is_refused():
    with pytest.raises(EquityError, match="unknown column"):
        check_expression("weight >= 3", where="test", columns=COLUMN_NAMES)
    with pytest.raises(EquityError, match="may not contain a query"):
        check_expression("bmi IN (SELECT 1 FROM x)", where="test", columns=COLUMN_NAMES)


def test_unknown_engine_is_a_clear_error(snapshot_path):
    with pytest.raises(EquityError, match="Unknown engine"):
        _cells(snapshot_path, engine="oracle")


@pytest.mark.slow
def test_spark_and_duckdb_give_identical_cells(snapshot_path):
    _assert_same(_cells(snapshot_path, engine="duckdb"), _cells(snapshot_path, engine="spark"))


def test_format_3_stores_one_cell_id_per_combination_of_the_grouping_columns(snapshot_path):
    import duckdb

    (meta,) = snapshot.check_format([snapshot_path], list(indicators().values()))
    keys = engine.grouping_columns(list(stratifiers().values()))
    assert set(keys) <= set(meta.cells.column_names)
    stored = duckdb.sql(
        f"SELECT count(DISTINCT ({', '.join(keys)})), count(DISTINCT cell), max(cell) "
        f"FROM read_parquet('{snapshot_path}')"
    ).fetchall()[0]
    assert stored == (meta.cells.num_rows, meta.cells.num_rows, meta.cells.num_rows - 1)
    # every person's cell id points at their own combination
    cells = meta.cells.to_pandas().reset_index(names="cell")  # noqa: F841 (read by DuckDB)
    mismatched = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{snapshot_path}') s JOIN cells c USING (cell) "
        f"WHERE {' OR '.join(f's.{k} IS DISTINCT FROM c.{k}' for k in keys)}"
    ).fetchall()[0][0]
    assert mismatched == 0


def test_packed_lanes_hold_the_same_counts_as_the_int8_columns(snapshot_path):
    import duckdb

    (meta,) = snapshot.check_format([snapshot_path], list(indicators().values()))
    for stored, (pack, lane) in meta.lanes.items():
        got, want = duckdb.sql(
            f"SELECT sum((pack__{pack} >> {16 * lane}) & 65535), sum({stored}) "
            f"FROM read_parquet('{snapshot_path}')"
        ).fetchall()[0]
        assert got == want, stored


def test_the_fine_plan_reads_the_cell_ids(snapshot_path, monkeypatch):
    read = []
    real = engine._by_cell
    monkeypatch.setattr(engine, "_by_cell", lambda *a: read.append(real(*a)) or read[-1])
    _cells(snapshot_path)
    assert read and read[0] is not None


def test_a_cell_too_large_for_the_lanes_is_read_from_the_int8_columns(snapshot_path, monkeypatch):
    expected = _cells(snapshot_path)
    monkeypatch.setattr(engine, "LANE_LIMIT", 2)  # every cell of 2+ people would overflow
    fell_back = []
    real = engine._by_cell
    monkeypatch.setattr(engine, "_by_cell", lambda *a: fell_back.append(real(*a)) or None)
    _assert_same(_cells(snapshot_path), expected)
    assert fell_back == [None]


def test_snapshots_of_two_periods_keep_their_cells_apart(tmp_path):
    a = synthetic.write_synthetic(tmp_path / "a.parquet", rows=800, seed=1, period="2024")
    b = synthetic.write_synthetic(tmp_path / "b.parquet", rows=500, seed=2, period="2025")
    cells = _cells([a, b])
    totals = cells[cells.stratifier == "total"].groupby("period")["people"].sum()
    assert totals.to_dict() == {"2024": 800, "2025": 500}
    one = _cells(b)
    both = cells[cells.period == "2025"].reset_index(drop=True)
    _assert_same(both, one)
