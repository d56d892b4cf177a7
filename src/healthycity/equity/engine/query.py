"""THE query definition of the equity engine, built once with SQLGlot expressions and rendered
for each engine's dialect (DuckDB, Spark). Nothing else writes aggregation SQL.

The indicator conditions are evaluated ONCE, when the snapshot is written (`flag_columns`, from
the SQLGlot-checked expressions of data/indicators.toml), into narrow stored columns. One pass
over the snapshot then computes, per cell (a combination of grouping columns), for every
indicator: proportion → n (population) and x (numerator) as sums of 0/1 int8 columns; mean → n,
s and ss (the sum and the sum of squares of the value, in double precision); rate → x and n.
Every statistic is a plain sum, so cells add up exactly into any margin. Two 0/1 counts share one
BIGINT sum (lo + hi·2³²) while the snapshot has fewer than 2³¹ rows, halving the aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import sqlglot
from sqlglot import exp

from healthycity.equity.indicators import Indicator

TABLE = "snapshot"


def _cond(text: str) -> exp.Expression:
    return exp.paren(sqlglot.parse_one(text), copy=False)


PACK = 4294967296  # 2**32: two counts in one BIGINT sum (lo + hi * 2**32), see count_pairs


def _flag(condition: exp.Expression) -> exp.Expression:
    """0/1 as int8, 0 where the condition is NULL (unknown counts as not met, as in FILTER)."""
    return exp.cast(
        exp.func("COALESCE", condition, exp.false()), exp.DataType.Type.TINYINT, copy=False
    )


def _when(condition: exp.Expression, value: exp.Expression) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=condition, true=value)])


def flag_columns(ind: Indicator) -> list[tuple[str, exp.Expression, pa.DataType]]:
    """The stored columns of one indicator, evaluated once when the snapshot is written:
    (column name, expression over the logical snapshot row, Arrow type)."""
    pop = _cond(ind.population)
    double = exp.DataType.Type.DOUBLE
    if ind.kind == "proportion":
        return [
            (f"{ind.id}__in_pop", _flag(pop), pa.int8()),
            (f"{ind.id}__hit", _flag(exp.and_(pop.copy(), _cond(ind.numerator))), pa.int8()),
        ]
    if ind.kind == "mean":
        value = _cond(ind.value)
        in_pop = exp.and_(pop, exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null())))
        return [
            (f"{ind.id}__in_pop", _flag(in_pop), pa.int8()),
            (f"{ind.id}__value", exp.cast(_when(pop.copy(), value), double), pa.float64()),
        ]
    return [  # rate
        (f"{ind.id}__num", exp.cast(_when(pop, _cond(ind.numerator)), double), pa.float64()),
        (
            f"{ind.id}__den",
            exp.cast(_when(pop.copy(), _cond(ind.denominator)), double),
            pa.float64(),
        ),
    ]


def flag_select(table: str, indicators: Sequence[Indicator] | None = None) -> str:
    """SELECT <every indicator's stored columns> FROM table (DuckDB), for the snapshot writer."""
    from healthycity.equity.indicators import indicators as all_indicators

    inds = list(all_indicators().values()) if indicators is None else indicators
    cols = [exp.alias_(e, name) for ind in inds for name, e, _ in flag_columns(ind)]
    return exp.select(*cols).from_(table).sql(dialect="duckdb")


def count_columns(ind: Indicator) -> list[tuple[str, str]]:
    """The 0/1 count columns of one indicator: (cell-table name, stored column)."""
    counts = []
    if ind.kind in ("proportion", "mean"):
        counts.append((f"n__{ind.id}", f"{ind.id}__in_pop"))
    if ind.kind == "proportion":
        counts.append((f"x__{ind.id}", f"{ind.id}__hit"))
    return counts


def count_pairs(indicators: Sequence[Indicator]) -> list[tuple[str, str | None]]:
    """The 0/1 count columns of the query (cell-table name ← stored column), in pairs: each pair
    is ONE aggregate, SUM(lo + hi·2³²), when packing (halves the aggregates of the pass)."""
    counts = [c for ind in indicators for c in count_columns(ind)]
    return [
        (counts[i], counts[i + 1] if i + 1 < len(counts) else None)
        for i in range(0, len(counts), 2)
    ]


def _bigint(e: exp.Expression) -> exp.Expression:
    return exp.cast(e, exp.DataType.Type.BIGINT, copy=False)


def aggregates(indicators: Sequence[Indicator], *, packed: bool) -> list[exp.Expression]:
    """The aggregate columns: counts (packed in pairs as `pack__<i>`, or `n__<id>`/`x__<id>`),
    then `s__`/`ss__` of means and `x__`/`n__` of rates, all plain sums of stored columns."""
    return _count_aggregates(indicators, packed=packed) + _value_aggregates(indicators)


def _count_aggregates(indicators: Sequence[Indicator], *, packed: bool) -> list[exp.Expression]:
    out = []
    for i, (lo, hi) in enumerate(count_pairs(indicators)):
        if packed and hi is not None:
            value = exp.Add(
                this=_bigint(exp.column(lo[1])),
                expression=exp.Mul(
                    this=_bigint(exp.column(hi[1])), expression=exp.Literal.number(PACK)
                ),
            )
            out.append(exp.alias_(_bigint(exp.Sum(this=value)), f"pack__{i}"))
        else:
            for name, col in (lo, hi) if hi else (lo,):
                out.append(exp.alias_(_bigint(exp.Sum(this=_bigint(exp.column(col)))), name))
    return out


def _value_aggregates(indicators: Sequence[Indicator]) -> list[exp.Expression]:
    out = []
    for ind in indicators:
        if ind.kind == "mean":
            value = exp.column(f"{ind.id}__value")
            out.append(exp.alias_(exp.Sum(this=value), f"s__{ind.id}"))
            out.append(
                exp.alias_(
                    exp.Sum(this=exp.Mul(this=value.copy(), expression=value.copy())),
                    f"ss__{ind.id}",
                )
            )
        elif ind.kind == "rate":
            out.append(exp.alias_(exp.Sum(this=exp.column(f"{ind.id}__num")), f"x__{ind.id}"))
            out.append(exp.alias_(exp.Sum(this=exp.column(f"{ind.id}__den")), f"n__{ind.id}"))
    return out


def unpack(raw, indicators: Sequence[Indicator]) -> None:
    """Split the `pack__<i>` columns of a query result (pandas) into their two counts."""
    import numpy as np

    for i, (lo, hi) in enumerate(count_pairs(indicators)):
        name = f"pack__{i}"
        if hi is not None and name in raw:
            v = raw.pop(name).fillna(0).to_numpy(np.int64)
            raw[lo[0]] = v & (PACK - 1)
            raw[hi[0]] = v >> 32


def cells_query(
    indicators: Sequence[Indicator],
    *,
    sets: Sequence[Sequence[str]],
    table: str = TABLE,
    packed: bool = True,
) -> exp.Select:
    """SELECT <grouping columns>, GROUPING(col) AS g__col, COUNT(*) AS people, <aggregates>
    FROM <table> GROUP BY GROUPING SETS (<sets>) — or a plain GROUP BY for a single set."""
    columns = list(dict.fromkeys(c for s in sets for c in s))
    select = exp.select(*columns).from_(table)
    if len(sets) > 1:
        select = select.select(
            *[exp.alias_(exp.func("GROUPING", exp.column(c)), f"g__{c}") for c in columns]
        )
    select = select.select(exp.alias_(exp.Count(this=exp.Star()), "people"))
    select = select.select(*aggregates(indicators, packed=packed))
    if len(sets) == 1:
        return select.group_by(*columns)
    grouping = exp.GroupingSets(
        expressions=[exp.Tuple(expressions=[exp.column(c) for c in s]) for s in sets]
    )
    return select.group_by(grouping)


def lane_packs(indicators: Sequence[Indicator], lanes: dict[str, list[int]]) -> list[int] | None:
    """The `pack__<i>` columns holding the indicators' counts (None: a count has no lane)."""
    needed = [stored for ind in indicators for _, stored in count_columns(ind)]
    if any(name not in lanes for name in needed):
        return None
    return sorted({lanes[name][0] for name in needed})


def cell_query(
    indicators: Sequence[Indicator], *, packs: Sequence[int], table: str = TABLE
) -> exp.Select:
    """SELECT cell, COUNT(*) AS people, SUM(pack__<i>) …, <value sums> FROM <table> GROUP BY cell

    The pass of a format-3 snapshot: one narrow key (the cell id) and one SUM per four counts
    (the 16-bit lanes of `pack__<i>`, split by `unpack_lanes`). A lane's sum stays below 2¹⁵ in a
    cell of fewer than 2¹⁵ people, so the top lane never reaches the sign bit of the BIGINT."""
    select = exp.select("cell", exp.alias_(exp.Count(this=exp.Star()), "people")).from_(table)
    select = select.select(
        *[exp.alias_(_bigint(exp.Sum(this=exp.column(f"pack__{i}"))), f"pack__{i}") for i in packs]
    )
    return select.select(*_value_aggregates(indicators)).group_by("cell")


def unpack_lanes(
    raw, indicators: Sequence[Indicator], lanes: dict[str, list[int]], *, bits: int
) -> dict:
    """The indicators' counts (cell-table name → numpy array) from the `pack__<i>` sums of a
    cell query result (pandas)."""
    import numpy as np

    mask = (1 << bits) - 1
    out = {}
    for ind in indicators:
        for name, stored in count_columns(ind):
            pack, lane = lanes[stored]
            packed = raw[f"pack__{pack}"].fillna(0).to_numpy(np.int64)
            out[name] = (packed >> (bits * lane)) & mask
    return out


def render(query: exp.Expression, dialect: str) -> str:
    return query.sql(dialect=dialect)
