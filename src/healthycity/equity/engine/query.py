"""THE query definition of the equity engine, built once with SQLGlot expressions and rendered
for each engine's dialect (DuckDB, Spark). Nothing else writes aggregation SQL.

One pass over the snapshot computes, per cell (a combination of grouping columns), for every
indicator: proportion → n (population) and x (numerator); mean → n, s and ss (the sum and the
sum of squares of the value, in double precision); rate → x (sum of events) and n (sum of the
denominator). Every statistic is a plain sum, so cells add up exactly into any margin. Counts use
COUNT(*) FILTER (WHERE …) so both engines return 64-bit integers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from healthycity.equity.indicators import Indicator

TABLE = "snapshot"


def _cond(text: str) -> exp.Expression:
    return exp.paren(sqlglot.parse_one(text), copy=False)


def _count_if(condition: exp.Expression, alias: str) -> exp.Expression:
    agg = exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=condition))
    return exp.alias_(agg, alias)


def _when(condition: exp.Expression, value: exp.Expression) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=condition, true=value)])


def aggregates(ind: Indicator) -> list[exp.Expression]:
    """The aggregate columns of one indicator, named `<stat>__<indicator id>`."""
    pop = _cond(ind.population)
    if ind.kind == "proportion":
        return [
            _count_if(pop, f"n__{ind.id}"),
            _count_if(exp.and_(pop, _cond(ind.numerator)), f"x__{ind.id}"),
        ]
    if ind.kind == "mean":
        value = exp.cast(_when(pop, _cond(ind.value)), exp.DataType.Type.DOUBLE)
        return [
            exp.alias_(exp.Count(this=value.copy()), f"n__{ind.id}"),
            exp.alias_(exp.Sum(this=value.copy()), f"s__{ind.id}"),
            exp.alias_(
                exp.Sum(this=exp.Mul(this=value.copy(), expression=value.copy())), f"ss__{ind.id}"
            ),
        ]
    return [  # rate
        exp.alias_(exp.Sum(this=_when(pop, _cond(ind.numerator))), f"x__{ind.id}"),
        exp.alias_(exp.Sum(this=_when(pop.copy(), _cond(ind.denominator))), f"n__{ind.id}"),
    ]


def cells_query(
    indicators: Sequence[Indicator], *, sets: Sequence[Sequence[str]], table: str = TABLE
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
    for ind in indicators:
        select = select.select(*aggregates(ind))
    if len(sets) == 1:
        return select.group_by(*columns)
    grouping = exp.GroupingSets(
        expressions=[exp.Tuple(expressions=[exp.column(c) for c in s]) for s in sets]
    )
    return select.group_by(grouping)


def render(query: exp.Expression, dialect: str) -> str:
    return query.sql(dialect=dialect)
