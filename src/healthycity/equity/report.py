"""From cells to a report: per subgroup estimates with intervals, optional direct age
standardisation, and the HEAT summary measures — all through the methods module.

A number that cannot be computed is ``None`` with a ``reason``; NaN never leaves this module.
The cells are turned into small numpy arrays (subgroups × age bands) once per stratifier, so the
cost of this step does not depend on the number of people.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from scipy import stats

from healthycity.equity import engine, standardise
from healthycity.equity.errors import EquityError
from healthycity.equity.indicators import (
    Indicator,
    Stratifier,
    indicator,
    indicators,
    stratifier,
    stratifiers,
)
from healthycity.equity.methods import heat, rates
from healthycity.equity.methods.errors import MethodInputError
from healthycity.equity.methods.results import Estimate, make_estimate

METHODS = ("heat", "phe")
Z95 = 1.959963984540054
KEEP_WHEN_SUPPRESSED = ("period", "indicator", "stratifier", "subgroup", "order", "suppressed")


@dataclass
class Report:
    """Rows of subgroup estimates and of summary measures, plus what was asked."""

    estimates: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"meta": self.meta, "estimates": self.estimates, "measures": self.measures}


def parse_list(text: str, *, kind: str) -> list:
    """'all' or comma-separated ids → Indicator/Stratifier objects (unknown ids: EquityError)."""
    every, one = (indicators, indicator) if kind == "indicator" else (stratifiers, stratifier)
    if text.strip() == "all":
        return list(every().values())
    return [one(part.strip()) for part in text.split(",") if part.strip()]


# --- cells as arrays ---------------------------------------------------------------------------


@dataclass
class Block:
    """One indicator's cells of one stratifier and period: subgroups × age bands. N population,
    X numerator (proportion, rate), S and SS sum and sum of squares of the value (mean)."""

    names: list[str]
    orders: list[int | None]
    bands: np.ndarray
    N: np.ndarray
    X: np.ndarray
    S: np.ndarray
    SS: np.ndarray

    def totals(self, i: int | None = None) -> tuple[float, float, float, float]:
        arrays = (self.N, self.X, self.S, self.SS)
        return tuple(float(a.sum() if i is None else a[i].sum()) for a in arrays)

    def pooled(self) -> Block:
        """Age bands from 85 pooled into one (see standardise.POOL_FROM)."""
        keys, inverse = np.unique(
            np.minimum(self.bands, standardise.POOL_FROM), return_inverse=True
        )

        def pool(a):
            out = np.zeros((a.shape[0], keys.size))
            np.add.at(out.T, inverse, a.T)
            return out

        arrays = (pool(a) for a in (self.N, self.X, self.S, self.SS))
        return Block(self.names, self.orders, keys, *arrays)


class CellIndex:
    """The cell table (engine.margins) indexed ONCE by period × stratifier, so that each
    indicator's block is a couple of numpy bincounts instead of a pandas pivot."""

    def __init__(self, cells: pd.DataFrame) -> None:
        self.cells = cells
        self.rows = cells.groupby(["period", "stratifier"], sort=True).indices
        self.periods = sorted({str(p) for p, _ in self.rows})
        self._columns: dict[str, np.ndarray] = {}
        self._groups: dict[tuple, tuple] = {}

    def has(self, period: str, strat: str) -> bool:
        return (period, strat) in self.rows

    def column(self, name: str) -> np.ndarray:
        if name not in self._columns:
            values = pd.to_numeric(self.cells[name], errors="coerce").to_numpy(float)
            self._columns[name] = np.nan_to_num(values)
        return self._columns[name]

    def _group(self, period: str, strat: str) -> tuple:
        key = (period, strat)
        if key not in self._groups:
            rows = self.rows[key]
            subgroup = self.cells["subgroup"].to_numpy()[rows].astype(str)
            names, sub_idx = np.unique(subgroup, return_inverse=True)
            bands, band_idx = np.unique(
                self.cells["age_band"].to_numpy()[rows].astype(int), return_inverse=True
            )
            order_col = self.cells["order"].to_numpy()[rows]
            order_of = dict(zip(subgroup, order_col, strict=True))
            orders = [None if pd.isna(order_of[n]) else int(order_of[n]) for n in names]
            flat = sub_idx * bands.size + band_idx
            self._groups[key] = (rows, [str(n) for n in names], orders, bands, flat)
        return self._groups[key]

    def block(self, period: str, strat: str, ind: Indicator) -> Block:
        rows, names, orders, bands, flat = self._group(period, strat)
        shape = (len(names), bands.size)

        def fill(values: np.ndarray) -> np.ndarray:
            return np.bincount(flat, weights=values, minlength=shape[0] * shape[1]).reshape(shape)

        n_rows = self.column(f"n__{ind.id}")[rows]
        n = fill(n_rows)
        zeros = np.zeros(shape)
        if ind.kind == "mean":
            m = self.column(f"mean__{ind.id}")[rows]
            v = self.column(f"var__{ind.id}")[rows]
            return Block(
                names, orders, bands, n, zeros, fill(n_rows * m), fill(n_rows * (v + m**2))
            )
        return Block(
            names, orders, bands, n, fill(self.column(f"x__{ind.id}")[rows]), zeros, zeros.copy()
        )


def block(scells: pd.DataFrame, ind: Indicator) -> Block:
    """One indicator's block of the cells of a single period and stratifier."""
    index = CellIndex(scells)
    ((period, strat),) = index.rows
    return index.block(period, strat, ind)


# --- estimates ---------------------------------------------------------------------------------


def _mean_estimate(n: float, mean: float, var_pop: float, t: float | None = None) -> Estimate:
    """Mean with a Student's t interval from sufficient statistics (PHE ``phe_mean``'s formula:
    mean ± t(0.975, n−1)·s/√n); `t` may be given when computed for many subgroups at once."""
    if n < 2:
        return Estimate(
            estimate=float(mean),
            reason=_("A confidence interval needs at least two values."),
            method="Student's t-distribution",
        )
    se = math.sqrt(var_pop * n / (n - 1)) / math.sqrt(n)
    if t is None:
        t = float(stats.t.ppf(0.975, n - 1))
    return make_estimate(
        estimate=mean,
        se=se,
        lower=mean - t * se,
        upper=mean + t * se,
        method="Student's t-distribution",
    )


def crude(
    ind: Indicator, n: float, x: float, s: float, ss: float, *, t: float | None = None
) -> Estimate:
    """Crude estimate: Wilson (proportion), Byars/exact (rate), t (mean), with its SE for HEAT."""
    if n == 0:
        return Estimate.unavailable(
            _("No one in this subgroup belongs to the indicator's population.")
        )
    if ind.kind == "mean":
        mean = s / n
        return _mean_estimate(n, mean, max(ss / n - mean**2, 0.0), t)
    if ind.kind == "proportion":
        est = rates.proportion(x=x, n=n, multiplier=ind.scale)
        se = math.sqrt(max(x / n * (1 - x / n), 0.0) / n) * ind.scale
    else:
        est = rates.rate(x=x, n=n, multiplier=ind.scale)
        se = math.sqrt(x) / n * ind.scale
    return make_estimate(
        estimate=est.estimate,
        se=se,
        lower=est.lower,
        upper=est.upper,
        reason=est.reason,
        method=est.method,
    )


def _std_means(n: np.ndarray, s: np.ndarray, ss: np.ndarray, w: np.ndarray) -> list[Estimate]:
    """Directly standardised mean of every row (groups × bands): Σwᵢm̄ᵢ/Σwᵢ with
    var = Σwᵢ²sᵢ²/nᵢ/(Σwᵢ)² (sᵢ² the sample variance of band i), normal interval."""
    method = "direct standardisation (normal)"
    with np.errstate(divide="ignore", invalid="ignore"):
        m = s / n
        var_samp = np.maximum(ss / n - m**2, 0.0) * n / (n - 1)
        values = (w * m).sum(axis=1) / w.sum()
        ses = np.sqrt((w**2 * var_samp / n).sum(axis=1) / w.sum() ** 2)
    out = []
    for g in range(n.shape[0]):
        if np.any(n[g] < 2):
            reason = _("An age band has fewer than two people with a value.")
            out.append(Estimate.unavailable(reason, method=method))
            continue
        value, se = float(values[g]), float(ses[g])
        out.append(
            make_estimate(
                estimate=value, se=se, lower=value - Z95 * se, upper=value + Z95 * se, method=method
            )
        )
    return out


def _band_text(b: int) -> str:
    return f"{b}+" if b >= standardise.POOL_FROM else engine.band_label(int(b))


def standardised_rows(
    ind: Indicator, blk: Block, std: standardise.AgeStandard, scope: list[int]
) -> list[Estimate]:
    """Directly age-standardised estimate of every subgroup of `blk` over the `scope` bands:
    DSR with Dobson limits (methods.rates.dsr_rows) for proportions and rates, a standardised
    mean for means; all subgroups at once."""
    index = {int(b): j for j, b in enumerate(blk.bands)}
    present = [j for j, b in enumerate(scope) if b in index]
    columns = [index[scope[j]] for j in present]

    def pick(a: np.ndarray) -> np.ndarray:
        out = np.zeros((a.shape[0], len(scope)))
        out[:, present] = a[:, columns]
        return out

    n = pick(blk.N)
    w = np.array([std.weights.get(b, 0.0) for b in scope])
    if ind.kind == "mean":
        found = _std_means(n, pick(blk.S), pick(blk.SS), w)
    else:
        found = rates.dsr_rows(counts=pick(blk.X), populations=n, standard=w, multiplier=ind.scale)
    out = []
    for g, est in enumerate(found):
        empty = [_band_text(b) for b, k in zip(scope, n[g], strict=True) if k == 0]
        if empty:
            est = Estimate.unavailable(
                _("No one aged %(ages)s in this subgroup, so it cannot be age-standardised.")
                % {"ages": ", ".join(empty)},
                method="Dobson",
            )
        out.append(est)
    return out


# --- summary measures --------------------------------------------------------------------------


def _unavailable_all(reason: str) -> dict[str, Estimate]:
    return {m: Estimate.unavailable(reason, method=m) for m in heat.MEASURES}


def _dimension(ind, strat, subgroups: list[dict], average: float | None) -> heat.Dimension:
    groups = [
        heat.Subgroup(
            name=s["subgroup"],
            estimate=s["estimate"],
            se=s["se"],
            population=float(s["population"]),
            order=s["order"] if strat.ordered else None,
            reference=bool(strat.reference) and s["subgroup"] == strat.reference,
        )
        for s in subgroups
    ]
    return heat.Dimension(
        subgroups=groups,
        favourable=ind.higher_is_better,
        ordered=strat.ordered,
        scale=ind.scale,
        setting_average=average,
    )


def measures_for(
    ind: Indicator,
    strat: Stratifier,
    subgroups: list[dict],
    average: float | None,
    *,
    method: str,
    normals: heat.Normals | None = None,
) -> dict[str, Estimate]:
    """Every HEAT summary measure of one dimension (SII/RII by PHE's method if asked)."""
    usable = [s for s in subgroups if s["estimate"] is not None and s["population"] > 0]
    if len(usable) < 2:
        return _unavailable_all(
            _("A summary measure needs at least two subgroups with an estimate.")
        )
    if ind.kind == "proportion" and any(not 0 <= s["estimate"] <= ind.scale for s in usable):
        return _unavailable_all(
            _("An estimate lies outside the indicator's scale 0..%(scale)s.")
            % {"scale": f"{ind.scale:g}"}
        )
    try:
        with np.errstate(all="ignore"):
            result = heat.summary_measures(
                data=_dimension(ind, strat, usable, average), normals=normals
            )
    except MethodInputError as exc:
        return _unavailable_all(str(exc))
    if method == "phe" and strat.ordered:
        result.update(_phe_sii(ind, usable))
    return result


def _phe_sii(ind: Indicator, usable: list[dict]) -> dict[str, Estimate]:
    from healthycity.equity.methods.sii import ValueType, phe_sii

    ranked = sorted(usable, key=lambda s: s["order"])
    kind = {"proportion": ValueType.PROPORTION, "rate": ValueType.RATE}
    scale = ind.scale if ind.kind == "proportion" else 1
    try:
        res = phe_sii(
            population=[s["population"] for s in ranked],
            value=[s["estimate"] / scale for s in ranked],
            se=[(s["se"] or 0.0) / scale for s in ranked],
            value_type=kind.get(ind.kind, ValueType.NORMAL),
            multiplier=scale,
            repetitions=10_000,
        )
    except MethodInputError as exc:
        return {
            "sii": Estimate.unavailable(str(exc), method="PHE SII"),
            "rii": Estimate.unavailable(str(exc), method="PHE RII"),
        }
    return {"sii": res.sii, "rii": res.rii}


# --- the report --------------------------------------------------------------------------------


def _row(est: Estimate, prefix: str = "") -> dict:
    return {
        f"{prefix}estimate": est.estimate,
        f"{prefix}se": est.se,
        f"{prefix}lower": est.lower,
        f"{prefix}upper": est.upper,
        f"{prefix}method": est.method,
        f"{prefix}reason": est.reason,
    }


def _suppressed(rows: list[dict], *, k: int | None) -> set[str]:
    from healthycity.core.privacy import Cell, suppress

    marked = suppress([Cell(r["subgroup"], int(r["population"])) for r in rows], k=k)
    return {c.key for c in marked if c.suppressed}


def _sort_key(row: dict):
    text = row["subgroup"]
    head = text.split("-")[0].rstrip("+")
    order = row["order"] if row["order"] is not None else 0
    return (order, 0, int(head), text) if head.isdigit() else (order, 1, 0, text)


def report_from_cells(
    cells: pd.DataFrame,
    *,
    inds: Sequence[Indicator],
    strats: Sequence[Stratifier],
    standard: str | None = None,
    method: str = "heat",
    suppress: bool = False,
    k: int | None = None,
) -> Report:
    """Statistics on the cell table (engine.margins) for every period × indicator × stratifier."""
    if method not in METHODS:
        raise EquityError(
            _("Unknown method %(method)s; choose one of %(choices)s.")
            % {"method": repr(method), "choices": ", ".join(METHODS)}
        )
    std = standardise.load(standard) if standard else None
    meta = {"standard": std.name if std else None, "method": method, "suppressed": suppress}
    report = Report(meta=meta)
    index = CellIndex(cells)
    normals = heat.Normals()  # the simulated intervals of all dimensions share their draws
    for period in index.periods:
        for ind in inds:
            total = index.block(period, engine.TOTAL, ind)
            overall = crude(ind, *total.totals())
            pooled = total.pooled()
            scope = [int(b) for b, k_ in zip(pooled.bands, pooled.N[0], strict=True) if k_ > 0]
            for strat in strats:
                if index.has(period, strat.id):
                    blk = index.block(period, strat.id, ind)
                    args = (blk, ind, strat, period, overall, std, scope)
                    rows, measures = _one(
                        *args, method=method, suppress=suppress, k=k, normals=normals
                    )
                    report.estimates.extend(rows)
                    report.measures.extend(measures)
    return report


def _t_quantiles(n: np.ndarray) -> np.ndarray:
    """t(0.975, n − 1) for every subgroup in one call (NaN where n < 2)."""
    with np.errstate(invalid="ignore"):
        return stats.t.ppf(0.975, np.where(n >= 2, n - 1, np.nan))


def _subgroup_rows(blk: Block, ind, strat, period, std, scope) -> list[dict]:
    rows = []
    std_rows = None
    if std is not None and strat.column != "age_band":
        std_rows = standardised_rows(ind, blk.pooled(), std, scope)
    elif std is not None:
        not_standardised = Estimate.unavailable(
            _("Not standardised: the stratifier is age itself.")
        )
    totals = [a.sum(axis=1) for a in (blk.N, blk.X, blk.S, blk.SS)]
    t_values = _t_quantiles(totals[0]) if ind.kind == "mean" else None
    for i, name in enumerate(blk.names):
        n, x, s, ss = (float(a[i]) for a in totals)
        if n == 0 and strat.column == "age_band":
            continue  # outside the indicator's age scope (e.g. under 65 for sarcopenia)
        t = None if t_values is None else float(t_values[i])
        row = {
            "period": period,
            "indicator": ind.id,
            "stratifier": strat.id,
            "subgroup": name,
            "order": blk.orders[i],
            "population": int(n),
            "numerator": int(x) if ind.kind == "proportion" else None,
            **_row(crude(ind, n, x, s, ss, t=t)),
        }
        if std is not None:
            est = not_standardised if std_rows is None else std_rows[i]
            row.update(_row(est, prefix="std_"))
        rows.append(row)
    return sorted(rows, key=_sort_key)


def _one(
    blk, ind, strat, period, overall, std, scope, *, method, suppress, k, normals
) -> tuple[list[dict], list[dict]]:
    """The estimate rows and the measure rows of one dimension (period × indicator × stratifier)."""
    rows = _subgroup_rows(blk, ind, strat, period, std, scope)
    hidden = _suppressed(rows, k=k) if suppress else set()
    measures = measures_for(ind, strat, rows, overall.estimate, method=method, normals=normals)
    if hidden:
        suppressed = _("Suppressed: too few people (privacy threshold), or complementary.")
        withheld = _("Withheld: a subgroup is suppressed for privacy.")
    for row in rows:
        row["suppressed"] = row["subgroup"] in hidden
        if row["suppressed"]:
            row.update({key: None for key in row if key not in KEEP_WHEN_SUPPRESSED})
            row["reason"] = suppressed
    out = []
    for name in heat.MEASURES:
        m = measures[name]
        if hidden:
            m = Estimate.unavailable(withheld, method=name)
        head = {"period": period, "indicator": ind.id, "stratifier": strat.id, "measure": name}
        out.append({**head, **_row(m)})
    return rows, out


def build_report(
    *,
    path: Path | Sequence[Path],
    indicators: Sequence[Indicator],
    stratifiers: Sequence[Stratifier],
    standard: str | None = None,
    engine: str = "duckdb",
    method: str = "heat",
    suppress: bool = False,
) -> Report:
    """Cells from the snapshot(s) at `path` on `engine`, then the report on those cells."""
    from healthycity.equity import engine as eng

    if standard:
        standardise.load(standard)  # fail on a bad standard before the engine runs
    cells = eng.compute_cells(path, indicators=indicators, stratifiers=stratifiers, engine=engine)
    return report_from_cells(
        cells,
        inds=indicators,
        strats=stratifiers,
        standard=standard,
        method=method,
        suppress=suppress,
    )
