"""Summary measures of health inequality of WHO's Health Equity Assessment Toolkit (HEAT).

Definitions and conventions follow WHO's HEAT / HEAT Plus and its reference implementation, the R
package *healthequal* 1.0.1, as written down in ``docs/methods.md`` (section "HEAT summary
measures"). Sources: Hosseinpoor A.R. et al., "Measuring health inequalities in the context of
sustainable development goals", BMC Med Res Methodol 2016;16:87, doi:10.1186/s12874-016-0229-9,
Table 2; Schlotheuber A. & Hosseinpoor A.R., IJERPH 2022;19:3697, Table A1; WHO, *HEAT technical
notes* (2024).

For subgroup j: estimate yⱼ, standard error seⱼ, population nⱼ, share pⱼ = nⱼ/Σn, and
μ = Σ pⱼyⱼ unless a setting average is supplied. "Best" is the highest estimate for a favourable
indicator and the lowest for an adverse one. Each measure returns an :class:`Estimate`; when a
measure does not apply or cannot be computed, ``estimate`` is ``None`` and ``reason`` says why.
Output scales: ``rci`` as a fraction, ``ti`` and ``mld`` × 1000, ``paf``, ``cov``, ``idisu`` and
``idisw`` in percent, all others on the indicator's scale.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import MethodInputError
from .i18n import gettext as _
from .intervals import z_value
from .results import Estimate, make_estimate

MEASURES: tuple[str, ...] = (
    "d", "r", "aci", "rci", "sii", "rii", "paf", "par", "bgv", "bgsd", "cov", "idisu", "idisw",
    "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw", "ti", "mld",
)  # fmt: skip
ANY_DIMENSION = frozenset({"d", "r", "paf", "par"})
ORDERED_ONLY = frozenset({"aci", "rci", "sii", "rii"})
NEEDS_REFERENCE = frozenset({"mdru", "mdrw"})
SIMULATED = frozenset(
    {"bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw"}
)
WEIGHTED = frozenset(
    {"aci", "rci", "sii", "rii", "bgv", "bgsd", "cov", "idisw", "mdbw", "mdmw", "mdrw", "ti", "mld"}
)
USES_MEAN = frozenset(
    {"paf", "par", "bgv", "bgsd", "cov", "idisu", "idisw", "mdmu", "mdmw", "ti", "mld", "rci"}
)
RELATIVE_TO_MEAN = frozenset({"paf", "cov", "idisu", "idisw", "ti", "mld", "rci"})
DEFAULT_SEED = 20240101
DEFAULT_SIMULATIONS = 10_000


@dataclass(frozen=True, slots=True)
class Subgroup:
    """One subgroup of a dimension: its estimate and (optionally) SE, population, order, reference.

    ``order`` ranks subgroups of an ordered dimension, 1 = most disadvantaged.
    """

    name: str
    estimate: float
    se: float | None = None
    population: float | None = None
    order: int | None = None
    reference: bool = False

    def __post_init__(self) -> None:
        _finite(self.estimate, field="estimate", subgroup=self.name)
        for name in ("se", "population"):
            value = getattr(self, name)
            if value is not None:
                _finite(value, field=name, subgroup=self.name)
                if value < 0:
                    raise MethodInputError(
                        _("Subgroup '%(subgroup)s': %(field)s cannot be negative (%(value)s).")
                        % {"subgroup": self.name, "field": name, "value": f"{value:g}"},
                        field=name,
                        value=value,
                    )


@dataclass(frozen=True, slots=True)
class Dimension:
    """The subgroups of one setting, year, indicator and dimension, with how to read them.

    ``bounded`` says whether the indicator is a prevalence on 0..scale (SII/RII then use a
    logistic model); ``None`` means: yes when the scale is 100, or the scale is 1 and every
    estimate lies in 0..1.
    """

    subgroups: tuple[Subgroup, ...]
    favourable: bool
    ordered: bool
    scale: float = 100
    setting_average: float | None = None
    bounded: bool | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "subgroups", tuple(self.subgroups))
        object.__setattr__(self, "names", tuple(s.name for s in self.subgroups))
        _finite(self.scale, field="scale", subgroup=None)
        if self.scale <= 0:
            raise MethodInputError(
                _("The indicator scale must be above zero, not %(scale)s.")
                % {"scale": f"{self.scale:g}"},
                field="scale",
                value=self.scale,
            )
        if self.setting_average is not None:
            _finite(self.setting_average, field="setting_average", subgroup=None)
        _check_unique(self.names, field="subgroup")
        if sum(s.reference for s in self.subgroups) > 1:
            refs = [s.name for s in self.subgroups if s.reference]
            raise MethodInputError(
                _("Only one reference subgroup is allowed; found %(found)s.") % {"found": refs},
                field="reference_subgroup",
                value=refs,
            )
        if self.ordered:
            orders = [s.order for s in self.subgroups]
            missing = [s.name for s in self.subgroups if s.order is None]
            if missing:
                raise MethodInputError(
                    _(
                        "An ordered dimension needs a subgroup order for every subgroup; "
                        "missing for %(missing)s."
                    )
                    % {"missing": missing},
                    field="subgroup_order",
                    value=missing,
                )
            _check_unique(orders, field="subgroup_order")


def _finite(value: float, *, field: str, subgroup: str | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        args = {"subgroup": subgroup, "field": field, "value": repr(value)}
        if subgroup:
            message = _(
                "Subgroup '%(subgroup)s': %(field)s must be a finite number, not %(value)s."
            )
        else:
            message = _("%(field)s must be a finite number, not %(value)s.")
        raise MethodInputError(message % args, field=field, value=value)


def _check_unique(values: Sequence, *, field: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise MethodInputError(
                _("%(field)s '%(value)s' appears more than once.")
                % {"field": field, "value": value},
                field=field,
                value=value,
            )
        seen.add(value)


# --- prepared arrays --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prep:
    dim: Dimension
    y: np.ndarray
    se: np.ndarray | None  # None when any subgroup lacks an SE
    missing_se: tuple[str, ...]
    p: np.ndarray | None  # None when any population is missing or all are zero
    n: np.ndarray | None
    rank: np.ndarray | None  # ridit midpoints in subgroup order (ordered dimensions)
    order_idx: np.ndarray  # subgroup indices sorted by order (identity when not ordered)
    ref: int | None

    def mean(self, y: np.ndarray) -> np.ndarray:
        """μ for each row of draws: the supplied setting average, else Σ pⱼyⱼ."""
        if self.dim.setting_average is not None:
            return np.full(y.shape[:-1], float(self.dim.setting_average))
        return (y * self.p).sum(axis=-1)

    def dmean(self) -> np.ndarray:
        """∂μ/∂yⱼ: pⱼ, or 0 when μ is a supplied setting average."""
        if self.dim.setting_average is not None:
            return np.zeros_like(self.y)
        return self.p

    def best(self, y: np.ndarray) -> np.ndarray:
        return y.max(axis=-1) if self.dim.favourable else y.min(axis=-1)


def _prepare(dim: Dimension) -> _Prep:
    subs = dim.subgroups
    y = np.array([s.estimate for s in subs], dtype=float)
    missing_se = tuple(s.name for s in subs if s.se is None)
    se = None if missing_se else np.array([s.se for s in subs], dtype=float)
    p = n = rank = None
    if all(s.population is not None for s in subs):
        n = np.array([s.population for s in subs], dtype=float)
        if n.sum() > 0:
            p = n / n.sum()
    order_idx = np.arange(len(subs))
    if dim.ordered:
        order_idx = np.argsort([s.order for s in subs], kind="stable")
        if p is not None:
            rank = np.empty_like(p)
            shares = p[order_idx]
            rank[order_idx] = np.cumsum(shares) - shares / 2
    ref = next((i for i, s in enumerate(subs) if s.reference), None)
    return _Prep(dim, y, se, missing_se, p, n, rank, order_idx, ref)


# --- point estimates (vectorised over rows of simulated draws) ---------------------------------

Point = Callable[[np.ndarray, _Prep], np.ndarray]


def _pair(prep: _Prep) -> tuple[int, int]:
    """The two subgroups compared by d and r: (most advantaged, most disadvantaged) when ordered;
    else (reference, worst other subgroup) when there is a reference; else (highest, lowest)."""
    y = prep.y
    if prep.dim.ordered:
        return int(prep.order_idx[-1]), int(prep.order_idx[0])
    if prep.ref is not None:
        others = [i for i in range(y.size) if i != prep.ref]
        worst = min if prep.dim.favourable else max
        return prep.ref, worst(others, key=lambda i: y[i])
    return int(np.argmax(y)), int(np.argmin(y))


def _par_ref(prep: _Prep) -> int:
    """PAR's reference: the most advantaged subgroup (ordered) or the best subgroup."""
    if prep.dim.ordered:
        return int(prep.order_idx[-1])
    return int(np.argmax(prep.y) if prep.dim.favourable else np.argmin(prep.y))


def _bgv(y, prep):
    mu = prep.mean(y)[..., None]
    return ((y - mu) ** 2 * prep.p).sum(axis=-1)


def _aci(y, prep):
    return 2 * (prep.p * y * (prep.rank - 0.5)).sum(axis=-1)


def _mld(y, prep):
    mu = prep.mean(y)[..., None]
    return 1000 * (prep.p * -np.log(y / mu)).sum(axis=-1)


def _ti(y, prep):
    mu = prep.mean(y)[..., None]
    ratio = y / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(ratio > 0, ratio * np.log(np.where(ratio > 0, ratio, 1)), 0.0)
    return 1000 * (prep.p * terms).sum(axis=-1)


def _abs_dev(y, centre, weights):
    dev = np.abs(y - centre[..., None])
    return dev.mean(axis=-1) if weights is None else (dev * weights).sum(axis=-1)


POINTS: dict[str, Point] = {
    "d": lambda y, prep: y[..., _pair(prep)[0]] - y[..., _pair(prep)[1]],
    "r": lambda y, prep: y[..., _pair(prep)[0]] / y[..., _pair(prep)[1]],
    "par": lambda y, prep: y[..., _par_ref(prep)] - prep.mean(y),
    "paf": lambda y, prep: 100 * (y[..., _par_ref(prep)] - prep.mean(y)) / prep.mean(y),
    "aci": _aci,
    "rci": lambda y, prep: _aci(y, prep) / prep.mean(y),
    "bgv": _bgv,
    "bgsd": lambda y, prep: np.sqrt(_bgv(y, prep)),
    "cov": lambda y, prep: 100 * np.sqrt(_bgv(y, prep)) / prep.mean(y),
    "idisu": lambda y, prep: 100 * _abs_dev(y, prep.mean(y), None) / prep.mean(y),
    "idisw": lambda y, prep: 100 * _abs_dev(y, prep.mean(y), prep.p) / prep.mean(y),
    "mdmu": lambda y, prep: _abs_dev(y, prep.mean(y), None),
    "mdmw": lambda y, prep: _abs_dev(y, prep.mean(y), prep.p),
    "mdbu": lambda y, prep: _abs_dev(y, prep.best(y), None),
    "mdbw": lambda y, prep: _abs_dev(y, prep.best(y), prep.p),
    "mdru": lambda y, prep: _abs_dev(y, y[..., prep.ref], None),
    "mdrw": lambda y, prep: _abs_dev(y, y[..., prep.ref], prep.p),
    "ti": _ti,
    "mld": _mld,
}


# --- analytic gradients for the delta method (∂measure/∂yⱼ) ------------------------------------


def _grad(measure: str, prep: _Prep) -> np.ndarray:
    y, p, k = prep.y, prep.p, prep.y.size
    if measure in ("d", "r"):
        hi, lo = _pair(prep)
        g = np.zeros(k)
        if measure == "d":
            g[hi], g[lo] = 1.0, -1.0
        else:  # gradient of log r, the scale of r's interval
            g[hi], g[lo] = 1 / y[hi], -1 / y[lo]
        return g
    mu = float(prep.mean(y))
    dmu = prep.dmean()
    if measure in ("par", "paf"):
        e = np.zeros(k)
        e[_par_ref(prep)] = 1.0
        if measure == "par":
            return e - dmu
        return 100 * (e / mu - y[_par_ref(prep)] * dmu / mu**2)
    if measure == "bgv":
        # ∂/∂μ of Σpⱼ(yⱼ−μ)² is −2Σpⱼ(yⱼ−μ), zero only when μ is the weighted mean.
        return 2 * p * (y - mu) - 2 * float((p * (y - mu)).sum()) * dmu
    if measure in ("aci", "rci"):
        g = 2 * p * (prep.rank - 0.5)
        return g if measure == "aci" else g / mu - float(_aci(y, prep)) * dmu / mu**2
    if measure == "mld":
        return 1000 * (-p / y + float(p.sum()) * dmu / mu)
    if measure == "ti":
        t = float(_ti(y, prep)) / 1000
        s = float((p * y).sum()) / mu
        with np.errstate(divide="ignore", invalid="ignore"):
            return 1000 * (p / mu * (np.log(y / mu) + 1) - (t + s) / mu * dmu)
    raise KeyError(measure)


# --- applicability ------------------------------------------------------------------------------


def _not_applicable(measure: str, prep: _Prep) -> str | None:
    dim, k = prep.dim, prep.y.size
    name = {"measure": measure.upper()}
    if k < 2:
        return _("A summary measure needs at least two subgroups.")
    if measure in ORDERED_ONLY and not dim.ordered:
        return _("%(measure)s applies only to ordered dimensions.") % name
    if measure not in ANY_DIMENSION and measure not in ORDERED_ONLY and dim.ordered:
        return _("%(measure)s applies only to non-ordered dimensions.") % name
    if measure in NEEDS_REFERENCE and prep.ref is None:
        return _("%(measure)s needs a reference subgroup.") % name
    needs_p = measure in WEIGHTED or (measure in USES_MEAN and dim.setting_average is None)
    if needs_p and prep.p is None:
        if prep.n is not None:
            return _("The subgroup populations sum to zero.")
        return _("%(measure)s needs the population of every subgroup.") % name
    return _not_computable(measure, prep)


def _not_computable(measure: str, prep: _Prep) -> str | None:
    y = prep.y
    if measure in RELATIVE_TO_MEAN and float(prep.mean(y)) <= 0:
        return _("%(measure)s is relative to the average, which is not above zero.") % {
            "measure": measure.upper()
        }
    if measure == "r" and y[_pair(prep)[1]] == 0:
        return _("R is undefined: the comparison subgroup's estimate is zero.")
    if measure == "r" and y[_pair(prep)[1]] * y[_pair(prep)[0]] < 0:
        return _("R is undefined for estimates of opposite signs.")
    if measure == "mld" and np.any(y <= 0):
        return _("MLD needs every subgroup estimate to be above zero.")
    if measure == "ti" and np.any(y < 0):
        return _("TI needs every subgroup estimate to be zero or more.")
    return None


# --- public API ---------------------------------------------------------------------------------


def summary_measure(
    measure: str,
    *,
    data: Dimension,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
    simulations: int = DEFAULT_SIMULATIONS,
) -> Estimate:
    """One HEAT summary measure (``d``, ``r``, ..., ``mld``) of ``data`` with its interval."""
    return summary_measures(
        data=data, measures=(measure,), confidence=confidence, seed=seed, simulations=simulations
    )[measure]


def summary_measures(
    *,
    data: Dimension,
    measures: Iterable[str] = MEASURES,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
    simulations: int = DEFAULT_SIMULATIONS,
    normals: Normals | None = None,
) -> dict[str, Estimate]:
    """Every requested HEAT summary measure of ``data``, keyed by measure name.

    The dimension is prepared once; the simulated intervals share ONE seeded draw matrix
    (simulations × subgroups) and are computed from it together, vectorised; SII and RII share
    one regression fit. ``normals``: a `Normals` shared by the dimensions of one report (the
    same seed gives the same standard normal draws, so they are drawn once per shape).
    """
    measures = tuple(measures)
    for measure in measures:
        if measure not in MEASURES:
            raise MethodInputError(
                _("Unknown summary measure '%(measure)s'; choose one of %(choices)s.")
                % {"measure": measure, "choices": list(MEASURES)},
                field="measure",
                value=measure,
            )
    z = z_value(confidence=confidence)
    prep = _prepare(data)
    out: dict[str, Estimate] = {}
    simulate: dict[str, float] = {}
    fit = None
    for measure in measures:
        reason = _not_applicable(measure, prep)
        if reason:
            out[measure] = Estimate.unavailable(reason, method=measure)
            continue
        if measure in ("sii", "rii"):
            if fit is None:
                fit = _regression(prep)
            out[measure] = _sii_rii(measure, prep, fit, z=z)
            continue
        value = float(POINTS[measure](prep.y, prep))
        if prep.se is None:
            out[measure] = make_estimate(
                estimate=value, reason=_no_standard_error(prep), method=measure
            )
        elif measure in SIMULATED:
            simulate[measure] = value
            out[measure] = None  # type: ignore[assignment]  # filled below, keeps the order
        else:
            out[measure] = _analytic(measure, prep, value, z=z)
    if simulate:
        normals = normals or Normals()
        z = normals.get(seed=seed, simulations=simulations, k=prep.y.size)
        out.update(_simulated(simulate, prep, confidence, z))
    return out


def _no_standard_error(prep: _Prep) -> str:
    return _("No interval: subgroup(s) %(missing)s have no standard error.") % {
        "missing": ", ".join(prep.missing_se)
    }


def _analytic(measure: str, prep: _Prep, value: float, *, z: float) -> Estimate:
    grad = _grad(measure, prep)
    se = float(np.sqrt(((grad * prep.se) ** 2).sum()))
    if measure == "r":  # the interval is symmetric on the log scale
        return make_estimate(
            estimate=value,
            se=value * se,
            lower=value * math.exp(-z * se),
            upper=value * math.exp(z * se),
            method=measure,
        )
    return make_estimate(
        estimate=value, se=se, lower=value - z * se, upper=value + z * se, method=measure
    )


class Normals:
    """Seeded standard normal draws, subgroups × simulations: subgroup j's draws are row j of
    ``default_rng(seed).standard_normal((k, simulations))``. numpy fills the matrix row after
    row, so the draws for k subgroups are the first k rows of those for more: one matrix per
    seed and simulation count serves every dimension of a report."""

    def __init__(self):
        self._drawn: dict[tuple[int, int], np.ndarray] = {}
        self._lock = threading.Lock()  # a server may share one between threads

    def get(self, *, seed: int, simulations: int, k: int) -> np.ndarray:
        key = (seed, simulations)
        with self._lock:
            z = self._drawn.get(key)
            if z is None or z.shape[0] < k:
                z = np.random.default_rng(seed).standard_normal((k, simulations))
                z.flags.writeable = False
                self._drawn[key] = z
            return z[:k]


def draws_for(prep: _Prep, z: np.ndarray) -> np.ndarray:
    """The draws (subgroups × simulations) from standard normals ``z`` (same layout): each yⱼ
    from N(yⱼ, seⱼ), truncated to 0..scale for a bounded indicator (and at 0 when every
    estimate is non-negative)."""
    draws = z * prep.se[:, None]
    draws += prep.y[:, None]
    low = 0.0 if np.all(prep.y >= 0) else -np.inf
    high = prep.dim.scale if _is_bounded(prep) else np.inf
    return np.clip(draws, low, high, out=draws)


def _simulated_values(names: Iterable[str], prep: _Prep, d: np.ndarray) -> dict:
    """Every simulated measure in ``names`` on each column of the draws ``d`` (subgroups ×
    simulations), sharing the common parts (the mean, the absolute deviations) — the formulas
    of POINTS, vectorised: every reduction over subgroups runs across all draws at once, also
    when there are only two subgroups."""
    names = set(names)
    out = {}
    p = prep.p
    k = d.shape[0]
    if prep.dim.setting_average is not None:
        mu = np.full(d.shape[1], float(prep.dim.setting_average))
    else:
        mu = p @ d
    work = np.empty_like(d)  # one scratch matrix for the deviations, reused
    if names & {"bgsd", "cov"}:
        np.subtract(d, mu, out=work)
        np.multiply(work, work, out=work)
        bgsd = np.sqrt(p @ work)
        out["bgsd"], out["cov"] = bgsd, 100 * bgsd / mu
    # Unweighted mean and p-weighted sum of the absolute deviations in ONE product: rows 1/k
    # and p of `means` against the deviations.
    means = np.full((1, k), 1 / k) if p is None else np.vstack([np.full(k, 1 / k), p])

    def mean_deviation(centre: np.ndarray) -> np.ndarray:
        return means @ np.abs(np.subtract(d, centre, out=work), out=work)

    if names & {"idisu", "idisw", "mdmu", "mdmw"}:
        dev = mean_deviation(mu)
        out["mdmu"], out["idisu"] = dev[0], 100 * dev[0] / mu
        if p is not None:
            out["mdmw"], out["idisw"] = dev[1], 100 * dev[1] / mu
    if names & {"mdbu", "mdbw"}:
        dev = mean_deviation(d.max(axis=0) if prep.dim.favourable else d.min(axis=0))
        out["mdbu"] = dev[0]
        if p is not None:
            out["mdbw"] = dev[1]
    if names & {"mdru", "mdrw"}:
        dev = mean_deviation(d[prep.ref])
        out["mdru"] = dev[0]
        if p is not None:
            out["mdrw"] = dev[1]
    return {name: out[name] for name in names}


def percentiles(
    values: np.ndarray, probs: Sequence[float], *, overwrite: bool = False
) -> np.ndarray:
    """``np.quantile(values, probs, axis=1)`` for finite values — its default, linear
    interpolation between the order statistics lo = ⌊p·(n−1)⌋ and lo + 1, with the same
    arithmetic — from ONE single-rank partial sort per probability: after partitioning at rank
    lo + 1, the lo-th order statistic is the largest element in front of it. (numpy's partition
    with several ranks at once, which np.quantile uses, is several times slower.) The partial
    sorts work in place on one copy (or on ``values`` itself with ``overwrite=True``)."""
    n = values.shape[1]
    out = np.empty((len(probs), values.shape[0]))
    ranked = values if overwrite else values.copy()
    for i, p in enumerate(probs):
        pos = p * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        ranked.partition(hi, axis=1)
        b = ranked[:, hi]
        a = ranked[:, :hi].max(axis=1) if hi > lo else b
        t = pos - lo
        diff = b - a
        out[i] = b - diff * (1 - t) if t >= 0.5 else a + diff * t
    return out


def _simulated(
    values: dict[str, float], prep: _Prep, confidence: float, z: np.ndarray
) -> dict[str, Estimate]:
    """Draw the subgroup estimates once, recompute every measure on each draw, take percentiles
    (all measures' percentiles in one call when every simulated value is finite)."""
    simulations = z.shape[1]
    draws = draws_for(prep, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        sims_of = _simulated_values(values, prep, draws)
    alpha = 1 - confidence
    names = list(values)
    stacked = np.stack([sims_of[m] for m in names])
    if np.isfinite(stacked).all():
        spread = stacked.std(axis=1, ddof=1)
        bounds = percentiles(stacked, [alpha / 2, 1 - alpha / 2], overwrite=True)
        return {
            m: make_estimate(
                estimate=values[m],
                se=float(spread[i]),
                lower=bounds[0, i],
                upper=bounds[1, i],
                method=m,
            )
            for i, m in enumerate(names)
        }
    out = {}
    for measure, value in values.items():
        sims = sims_of[measure]
        sims = sims[np.isfinite(sims)]
        if sims.size < simulations * 0.5:
            out[measure] = make_estimate(
                estimate=value,
                reason=_("No interval: most simulated values were not computable."),
                method=measure,
            )
            continue
        lower, upper = percentiles(sims[None, :], [alpha / 2, 1 - alpha / 2])[:, 0]
        out[measure] = make_estimate(
            estimate=value, se=float(sims.std(ddof=1)), lower=lower, upper=upper, method=measure
        )
    return out


# --- SII and RII --------------------------------------------------------------------------------


def _is_bounded(prep: _Prep) -> bool:
    dim = prep.dim
    if dim.bounded is not None:
        return dim.bounded
    if dim.scale == 100:
        return True
    return dim.scale == 1 and bool(np.all((prep.y >= 0) & (prep.y <= 1)))


@dataclass(frozen=True)
class _Fit:
    """A fitted regression of the subgroup estimates on the rank: coefficients (b0, b1), their
    covariance (None without residual degrees of freedom), or why there is no fit (translated,
    with ``%(measure)s`` left for the measure and the other placeholders in ``reason_args``)."""

    params: np.ndarray | None = None
    cov: np.ndarray | None = None
    bounded: bool = False
    df_resid: int = 0
    reason: str | None = None
    reason_args: dict = field(default_factory=dict)


def _regression(prep: _Prep) -> _Fit:
    """The SII/RII model, fitted once per dimension.

    Bounded indicators: quasi-binomial logistic GLM of round(y/scale·n) successes out of n trials
    with prior weights n (each subgroup weighs n²), fitted by iteratively reweighted least
    squares (what statsmodels' GLM and R's glm do), dispersion = Pearson χ²/(k − 2). Others:
    least squares weighted by n. A 2-parameter fit on a handful of rows: plain numpy.
    """
    keep = prep.n > 0
    y, n, rank = prep.y[keep], prep.n[keep], prep.rank[keep]
    if y.size < 2:
        return _Fit(reason=_("SII/RII need two subgroups with people in them."))
    bounded = _is_bounded(prep)
    scale = prep.dim.scale
    if bounded and np.any((y < 0) | (y > scale)):
        bad = float(y[(y < 0) | (y > scale)][0])
        return _Fit(
            reason=_("%(measure)s: estimate %(value)s lies outside the scale 0–%(scale)s."),
            reason_args={"value": f"{bad:g}", "scale": f"{scale:g}"},
        )
    design = np.column_stack([np.ones_like(rank), rank])
    df_resid = y.size - 2
    if bounded:
        params, xtwx, pearson = _logistic_irls(np.round(y / scale * n) / n, design, n * n)
    else:
        params, xtwx, pearson = _weighted_ls(y, design, n)
    if params is None or not np.all(np.isfinite(params)):
        return _Fit(reason=_("SII/RII: the regression on the rank did not converge."))
    cov = None
    if df_resid >= 1:
        with np.errstate(all="ignore"):
            cov = np.linalg.pinv(xtwx) * (pearson / df_resid)
    return _Fit(params=params, cov=cov, bounded=bounded, df_resid=df_resid)


def _weighted_ls(y: np.ndarray, design: np.ndarray, w: np.ndarray):
    xtwx = design.T @ (design * w[:, None])
    params = np.linalg.lstsq(xtwx, design.T @ (w * y), rcond=None)[0]
    resid = y - design @ params
    return params, xtwx, float((w * resid * resid).sum())


def _logistic_irls(y: np.ndarray, design: np.ndarray, w: np.ndarray, *, max_iter: int = 100):
    """Binomial GLM with logit link and prior weights w by IRLS, started like statsmodels/R
    (μ = (y + ½)/2); stops when the deviance changes by less than 1e-12 relative."""
    mu = (y + 0.5) / 2
    eta = np.log(mu / (1 - mu))
    deviance = np.inf
    xtwx = None
    with np.errstate(all="ignore"):
        for _ in range(max_iter):
            var = mu * (1 - mu)
            weights = w * var
            working = eta + (y - mu) / var
            xtwx = design.T @ (design * weights[:, None])
            params = np.linalg.lstsq(xtwx, design.T @ (weights * working), rcond=None)[0]
            eta = design @ params
            mu = 1 / (1 + np.exp(-eta))
            new = 2 * float((w * (_xlogy(y, y / mu) + _xlogy(1 - y, (1 - y) / (1 - mu)))).sum())
            if not math.isfinite(new):
                return None, None, None
            done = abs(new - deviance) <= 1e-12 * max(abs(new), 1.0)
            deviance = new
            if done:
                break
        var = mu * (1 - mu)
        xtwx = design.T @ (design * (w * var)[:, None])
        pearson = float((w * (y - mu) ** 2 / var).sum())
    return params, xtwx, pearson


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x·log(y), with 0 where x is 0 (the binomial deviance at y = 0 or 1)."""
    return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


def _sii_rii(measure: str, prep: _Prep, fit: _Fit, *, z: float) -> Estimate:
    """SII = p̂(R=1) − p̂(R=0), RII = p̂(R=1)/p̂(R=0) from the regression of y on the rank R
    (see :func:`_regression`); p̂ × scale for bounded indicators. Intervals by the delta method
    on the model's coefficient covariance (RII on the log scale)."""
    if fit.reason:
        reason = fit.reason % {"measure": measure.upper(), **fit.reason_args}
        return Estimate.unavailable(reason, method=measure)
    scale = prep.dim.scale
    b0, b1 = (float(v) for v in fit.params)
    if fit.bounded:
        top, bottom = _expit(b0 + b1) * scale, _expit(b0) * scale
        # ∂top/∂(b0, b1) and ∂bottom/∂(b0, b1) of the back-transformed predictions
        d_top = np.array([1.0, 1.0]) * top * (1 - top / scale)
        d_bottom = np.array([1.0, 0.0]) * bottom * (1 - bottom / scale)
    else:
        top, bottom = b0 + b1, b0
        d_top, d_bottom = np.array([1.0, 1.0]), np.array([1.0, 0.0])
    if measure == "sii":
        value, grad = top - bottom, d_top - d_bottom
    else:
        if bottom == 0 or top / bottom <= 0:
            return Estimate.unavailable(_("RII is undefined: the fitted value at rank 0 is zero."))
        value, grad = top / bottom, d_top / top - d_bottom / bottom  # gradient of log RII
    return _regression_interval(measure, prep, fit, value, grad, z=z)


def _regression_interval(measure, prep, fit: _Fit, value, grad, *, z) -> Estimate:
    if prep.se is None:
        return make_estimate(estimate=value, reason=_no_standard_error(prep), method=measure)
    if fit.cov is None:
        return make_estimate(
            estimate=value,
            reason=_("No interval: two subgroups leave no residual degrees of freedom."),
            method=measure,
        )
    se = float(np.sqrt(grad @ fit.cov @ grad))
    if measure == "rii":
        return make_estimate(
            estimate=value,
            se=value * se,
            lower=value * math.exp(-z * se),
            upper=value * math.exp(z * se),
            method=measure,
        )
    return make_estimate(
        estimate=value, se=se, lower=value - z * se, upper=value + z * se, method=measure
    )


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))
