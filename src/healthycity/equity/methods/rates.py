"""Crude and standardised rates, proportions and means with PHE's confidence intervals.

Source: PHEindicatormethods v2.1.0 (UK Health Security Agency, GPL-3): ``phe_proportion``
(Wilson score), ``phe_rate`` (exact below 10 events, Byars from 10), ``phe_mean`` (Student's t),
``calculate_dsr`` (Dobson et al., Stat Med 1991;10:457-462, including the adjustment for
non-independent events), ``calculate_ISRatio`` and ``calculate_ISRate``.
All functions take keyword-only arguments and return :class:`~.results.Estimate`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import stats

from .errors import MethodInputError
from .i18n import gettext as _
from .intervals import (
    byars_lower,
    byars_upper,
    check_confidence,
    poisson_limits,
    wilson_lower,
    wilson_upper,
)
from .results import Estimate, make_estimate
from .stdpop import StandardPopulation

DSR_MIN_COUNT = 10  # PHE: a DSR on fewer than 10 events is too unstable to publish


def _number(value: float, *, field: str, allow_negative: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or (number < 0 and not allow_negative):
        if allow_negative:
            message = _("'%(field)s' must be a finite number, not %(value)s.")
        else:
            message = _("'%(field)s' must be a finite number ≥ 0, not %(value)s.")
        raise MethodInputError(
            message % {"field": field, "value": repr(value)},
            field=field,
            value=value,
        )
    return number


def _fast_array(values, *, allow_negative: bool) -> np.ndarray | None:
    """`values` as a 1-D float array when every value is a finite number (≥ 0 unless
    `allow_negative`) — the common case, checked vectorised; None otherwise (the caller then
    goes value by value to name the bad one)."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return None
    if arr.ndim != 1 or not np.isfinite(arr).all() or (not allow_negative and (arr < 0).any()):
        return None
    return arr


def _array(values: Sequence[float], *, field: str) -> np.ndarray:
    arr = _fast_array(values, allow_negative=False)
    if arr is None:
        arr = np.asarray([_number(v, field=field) for v in values], dtype=float)
    if arr.size == 0:
        raise MethodInputError(_empty(field), field=field, value=list(values))
    return arr


def _empty(field: str) -> str:
    return _("'%(field)s' is empty.") % {"field": field}


def _missing() -> str:
    return _("The numerator or denominator is missing.")


def proportion(
    *, x: float | None, n: float | None, confidence: float = 0.95, multiplier: float = 1
) -> Estimate:
    """Crude proportion x/n × multiplier with a Wilson score interval (PHE ``phe_proportion``)."""
    if x is None or n is None:
        return Estimate.unavailable(_missing(), method="Wilson")
    x = _number(x, field="x")
    n = _number(n, field="n")
    check_confidence(confidence=confidence)
    if n == 0:
        return Estimate.unavailable(_("The denominator is zero."), method="Wilson")
    if x > n:
        raise MethodInputError(
            _("The numerator (%(x)s) is larger than the denominator (%(n)s).")
            % {"x": f"{x:g}", "n": f"{n:g}"},
            field="x",
            value=x,
        )
    return make_estimate(
        estimate=x / n * multiplier,
        lower=wilson_lower(x=x, n=n, confidence=confidence) * multiplier,
        upper=wilson_upper(x=x, n=n, confidence=confidence) * multiplier,
        method="Wilson",
    )


def rate(
    *, x: float | None, n: float | None, confidence: float = 0.95, multiplier: float = 100_000
) -> Estimate:
    """Crude rate x/n × multiplier; exact Poisson limits if x < 10, else Byars (``phe_rate``)."""
    if x is None or n is None:
        return Estimate.unavailable(_missing(), method="Byars")
    x = _number(x, field="x")
    n = _number(n, field="n")
    check_confidence(confidence=confidence)
    if n == 0:
        return Estimate.unavailable(_("The denominator is zero."), method="Byars")
    lower, upper, method = poisson_limits(x=x, confidence=confidence)
    return make_estimate(
        estimate=x / n * multiplier,
        lower=lower / n * multiplier,
        upper=upper / n * multiplier,
        method=method,
    )


def mean(*, values: Sequence[float], confidence: float = 0.95) -> Estimate:
    """Mean with a Student's t interval, mean ± t(1−α/2, n−1)·sd/√n (``phe_mean``)."""
    arr = _array_any_sign(values, field="values")
    check_confidence(confidence=confidence)
    if arr.size < 2:
        return Estimate(
            estimate=float(arr.mean()),
            reason=_("A confidence interval needs at least two values."),
            method="Student's t-distribution",
        )
    se = float(arr.std(ddof=1)) / math.sqrt(arr.size)
    t = float(stats.t.ppf(1 - (1 - confidence) / 2, arr.size - 1))
    m = float(arr.mean())
    return make_estimate(
        estimate=m, se=se, lower=m - t * se, upper=m + t * se, method="Student's t-distribution"
    )


def _array_any_sign(values: Sequence[float], *, field: str) -> np.ndarray:
    arr = _fast_array(values, allow_negative=True)
    if arr is None:
        arr = np.asarray(
            [_number(v, field=field, allow_negative=True) for v in values], dtype=float
        )
    if arr.size == 0:
        raise MethodInputError(_empty(field), field=field, value=list(values))
    return arr


def _counts(values: Sequence[float | None], *, field: str) -> np.ndarray:
    """Counts where a missing value means no events, as PHE's ``na.zero``."""
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) for v in values]
    return _array([0.0 if m else v for v, m in zip(values, missing, strict=True)], field=field)


def _standard_weights(
    standard: StandardPopulation | Sequence[float], *, bands: Sequence[str] | None, size: int
) -> np.ndarray:
    if isinstance(standard, StandardPopulation):
        weights = standard.weights_for(bands=bands) if bands is not None else standard.weights
    else:
        weights = standard
    w = _array(weights, field="standard")
    if w.size != size:
        raise MethodInputError(
            _("The standard population has %(bands)s bands but the data has %(size)s.")
            % {"bands": w.size, "size": size},
            field="standard",
            value=w.size,
        )
    return w


def dsr(
    *,
    counts: Sequence[float | None],
    populations: Sequence[float],
    standard: StandardPopulation | Sequence[float],
    bands: Sequence[str] | None = None,
    confidence: float = 0.95,
    multiplier: float = 100_000,
    persons_by_frequency: Mapping[int, Sequence[float]] | None = None,
) -> Estimate:
    """Directly age-standardised rate with Dobson's interval (PHE ``calculate_dsr``).

    DSR = Σ wᵢxᵢ/nᵢ / Σ wᵢ × multiplier; var = Σ wᵢ²xᵢ/nᵢ² / (Σ wᵢ)²; with O = Σ xᵢ and Byars'
    limits O_L, O_U of O, the limits are DSR + √(var/O)·(O_L − O) and DSR + √(var/O)·(O_U − O).
    With ``persons_by_frequency`` ({f: persons with f events, per band}) the variance is
    Σ_f f²·Σ wᵢ²·persons_{f,i}/nᵢ² / (Σ wᵢ)² (events are not independent; PHE v2.0).
    Missing counts count as zero. Not computed below 10 events. ``bands`` orders a :class:`StandardPopulation` to the data.
    """
    x = _counts(counts, field="counts")
    n = _array(populations, field="populations")
    if x.size != n.size:
        raise MethodInputError(
            _("counts has %(counts)s bands but populations has %(populations)s.")
            % {"counts": x.size, "populations": n.size},
            field="populations",
            value=n.size,
        )
    if np.any(n <= 0):
        bad = int(np.flatnonzero(n <= 0)[0])
        raise MethodInputError(
            _population_not_positive(bad + 1, n[bad]),
            field="populations",
            value=float(n[bad]),
        )
    w = _standard_weights(standard, bands=bands, size=x.size)
    check_confidence(confidence=confidence)
    method = "Dobson" if persons_by_frequency is None else "Dobson, non-independent events"
    total = float(x.sum())
    if total < DSR_MIN_COUNT:
        return Estimate.unavailable(_too_few_events(total), method=method)
    value = float(_dsr_value(x, n, w))
    var = _dsr_variance(x=x, n=n, w=w, persons_by_frequency=persons_by_frequency)
    return _dobson(value, var, total, confidence=confidence, multiplier=multiplier, method=method)


def _dsr_value(x: np.ndarray, n: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ wᵢxᵢ/nᵢ / Σ wᵢ over the last axis (one group, or each row of groups × bands)."""
    return (w * x / n).sum(axis=-1) / w.sum()


def _independent_variance(x: np.ndarray, n: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ wᵢ²xᵢ/nᵢ² / (Σ wᵢ)² over the last axis: the DSR's variance for independent events."""
    return (w**2 * x / n**2).sum(axis=-1) / w.sum() ** 2


def _population_not_positive(band: int, value: float) -> str:
    return _("Every population must be above zero; band %(band)s has %(value)s.") % {
        "band": band,
        "value": f"{value:g}",
    }


def _too_few_events(total: float) -> str:
    return _("A DSR is not computed for fewer than %(minimum)s events (here %(total)s).") % {
        "minimum": DSR_MIN_COUNT,
        "total": f"{total:g}",
    }


def _dobson(
    value: float, var: float, total: float, *, confidence: float, multiplier: float, method: str
) -> Estimate:
    """Dobson's limits of a DSR: DSR + √(var/O)·(O_L − O) and DSR + √(var/O)·(O_U − O)."""
    lo = value + math.sqrt(var / total) * (byars_lower(x=total, confidence=confidence) - total)
    hi = value + math.sqrt(var / total) * (byars_upper(x=total, confidence=confidence) - total)
    return make_estimate(
        estimate=value * multiplier,
        se=math.sqrt(var) * multiplier,
        lower=lo * multiplier,
        upper=hi * multiplier,
        method=method,
    )


def dsr_rows(
    *,
    counts: np.ndarray,
    populations: np.ndarray,
    standard: np.ndarray,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> list[Estimate]:
    """`dsr` (independent events) of many groups at once: row g of ``counts`` and
    ``populations`` (groups × bands, finite, counts ≥ 0) is one group, ``standard`` the weights
    of the bands. The same formulas, computed for all rows together; a row that `dsr` would
    refuse or not compute gets an unavailable estimate with the reason instead."""
    x = np.asarray(counts, dtype=float)
    n = np.asarray(populations, dtype=float)
    w = np.asarray(standard, dtype=float)
    check_confidence(confidence=confidence)
    method = "Dobson"
    totals = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _dsr_value(x, n, w)
        variances = _independent_variance(x, n, w)
    out = []
    for g, total in enumerate(totals.tolist()):
        if np.any(n[g] <= 0):
            bad = int(np.flatnonzero(n[g] <= 0)[0])
            reason = _population_not_positive(bad + 1, n[g, bad])
            out.append(Estimate.unavailable(reason, method=method))
        elif total < DSR_MIN_COUNT:
            out.append(Estimate.unavailable(_too_few_events(total), method=method))
        else:
            value, var = float(values[g]), float(variances[g])
            out.append(
                _dobson(
                    value, var, total, confidence=confidence, multiplier=multiplier, method=method
                )
            )
    return out


def _dsr_variance(
    *,
    x: np.ndarray,
    n: np.ndarray,
    w: np.ndarray,
    persons_by_frequency: Mapping[int, Sequence[float]] | None,
) -> float:
    if persons_by_frequency is None:
        return float(_independent_variance(x, n, w))
    var = 0.0
    for freq, persons in persons_by_frequency.items():
        f = _number(freq, field="frequency")
        p = _array(persons, field=f"persons with {freq:g} events")
        if p.size != x.size:
            raise MethodInputError(
                _("Persons with %(frequency)s events has %(bands)s bands, expected %(expected)s.")
                % {"frequency": freq, "bands": p.size, "expected": x.size},
                field="persons_by_frequency",
                value=freq,
            )
        var += f**2 * float((w**2 * p / n**2).sum() / w.sum() ** 2)
    return var


def _expected(
    *, populations: Sequence[float], ref_counts: Sequence[float], ref_populations: Sequence[float]
) -> tuple[float, np.ndarray, np.ndarray]:
    n = _array(populations, field="populations")
    rc = _array(ref_counts, field="ref_counts")
    rp = _array(ref_populations, field="ref_populations")
    if not (n.size == rc.size == rp.size):
        raise MethodInputError(
            _(
                "populations (%(populations)s), ref_counts (%(ref_counts)s) and ref_populations "
                "(%(ref_populations)s) must have the same number of bands."
            )
            % {"populations": n.size, "ref_counts": rc.size, "ref_populations": rp.size},
            field="ref_counts",
            value=(n.size, rc.size, rp.size),
        )
    if np.any(rp <= 0):
        bad = int(np.flatnonzero(rp <= 0)[0])
        raise MethodInputError(
            _("Every reference population must be above zero; band %(band)s has %(value)s.")
            % {"band": bad + 1, "value": f"{rp[bad]:g}"},
            field="ref_populations",
            value=float(rp[bad]),
        )
    return float((n * rc / rp).sum()), rc, rp


def isr_ratio(
    *,
    observed: float | Sequence[float | None],
    populations: Sequence[float],
    ref_counts: Sequence[float],
    ref_populations: Sequence[float],
    confidence: float = 0.95,
    multiplier: float = 1,
) -> Estimate:
    """Indirectly standardised ratio O/E × multiplier (PHE ``calculate_ISRatio``).

    E = Σ nᵢ·refcountᵢ/refpopᵢ; limits are O's exact (O < 10) or Byars limits divided by E.
    ``observed`` is the total count or the counts per band.
    """
    o = _observed(observed)
    expected = _expected(
        populations=populations, ref_counts=ref_counts, ref_populations=ref_populations
    )
    e = expected[0]
    check_confidence(confidence=confidence)
    if e == 0:
        return Estimate.unavailable(_("The expected count is zero."), method="Byars")
    lower, upper, method = poisson_limits(x=o, confidence=confidence)
    return make_estimate(
        estimate=o / e * multiplier,
        lower=lower / e * multiplier,
        upper=upper / e * multiplier,
        method=method,
    )


def isr_rate(
    *,
    observed: float | Sequence[float | None],
    populations: Sequence[float],
    ref_counts: Sequence[float],
    ref_populations: Sequence[float],
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Estimate:
    """Indirectly standardised rate O/E × (Σ refcount / Σ refpop) × multiplier (``calculate_ISRate``)."""
    ratio = isr_ratio(
        observed=observed,
        populations=populations,
        ref_counts=ref_counts,
        ref_populations=ref_populations,
        confidence=confidence,
    )
    if ratio.estimate is None:
        return ratio
    rc = _array(ref_counts, field="ref_counts")
    rp = _array(ref_populations, field="ref_populations")
    factor = float(rc.sum() / rp.sum()) * multiplier
    return make_estimate(
        estimate=ratio.estimate * factor,
        lower=ratio.lower * factor if ratio.lower is not None else None,
        upper=ratio.upper * factor if ratio.upper is not None else None,
        method=ratio.method,
    )


def _observed(observed: float | Sequence[float | None]) -> float:
    if isinstance(observed, int | float | np.number):
        return _number(observed, field="observed")
    return float(_counts(observed, field="observed").sum())
