"""Slope and relative index of inequality, the PHEindicatormethods way (``phe_sii``).

Source: PHEindicatormethods v2.1.0 (UKHSA, GPL-3), ``phe_sii``; method from Low & Low, J Epidemiol
Community Health 2004;58:1034 and the APHO technical briefing 3 (2008) "Commonly used public
health statistics and their confidence intervals". Quantiles are ordered with 1 = most deprived.

With population shares aⱼ and rank midpoints bⱼ = Σ_{k<j} a_k + aⱼ/2, fit
yⱼ√aⱼ = β₀√aⱼ + β₁bⱼ√aⱼ (no intercept; i.e. least squares of y on b weighted by a).
SII = β₁ × multiplier; RII = (β₀ + β₁)/β₀ (inverted when the multiplier is negative). With
``transform`` the fit is on log(y) (rates) or logit(y) (proportions): SII = (g⁻¹(β₀+β₁) − g⁻¹(β₀)) ×
multiplier and RII = g⁻¹(β₀+β₁)/g⁻¹(β₀). Confidence limits come from a Monte-Carlo simulation:
each quantile's value is drawn from N(y, se) (on the transformed scale if ``transform``), the model
refitted, and the limits read at sorted positions round(reps·α/2) and round(reps·(1−α/2)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from scipy import stats

from .errors import MethodInputError
from .i18n import gettext as _
from .intervals import check_confidence
from .results import Estimate, make_estimate

DEFAULT_SEED = 20240101  # fixed so that a published figure can be reproduced run after run


class ValueType(IntEnum):
    """PHE's ``value_type``: how the indicator's confidence limits were made."""

    NORMAL = 0  # e.g. life expectancy
    RATE = 1  # limits symmetric on the log scale
    PROPORTION = 2  # limits symmetric on the logit scale (values between 0 and 1)


@dataclass(frozen=True, slots=True)
class SiiResult:
    """SII and RII with their simulated limits; ``intercept`` is g⁻¹(β₀) (the value at rank 0)."""

    sii: Estimate
    rii: Estimate
    intercept: float | None


def phe_sii(
    *,
    population: Sequence[float],
    value: Sequence[float],
    se: Sequence[float] | None = None,
    lower_cl: Sequence[float] | None = None,
    upper_cl: Sequence[float] | None = None,
    value_type: ValueType | int = ValueType.NORMAL,
    transform: bool = False,
    multiplier: float = 1,
    repetitions: int = 100_000,
    confidence: float = 0.95,
    seed: int = DEFAULT_SEED,
) -> SiiResult:
    """SII and RII of values by quantile (quantile 1 = most deprived), as PHE's ``phe_sii``.

    ``se`` is derived from the 95% limits when not given: (U − L)/(2·1.96) on the value's scale
    (normal), the log scale (rates) or the logit scale (proportions).
    """
    check_confidence(confidence=confidence)
    value_type = ValueType(value_type)
    n, y = _inputs(population=population, value=value, value_type=value_type)
    s = _standard_errors(se=se, lower_cl=lower_cl, upper_cl=upper_cl, value_type=value_type)
    if s is not None and s.size != y.size:
        raise MethodInputError(_("se must have one value per quantile."), field="se", value=s.size)
    a = n / n.sum()
    b = np.cumsum(a) - a / 2
    link, inverse = _link(value_type=value_type, transform=transform)
    beta0, beta1 = _fit(link(y), a=a, b=b)
    sii, rii = _indices(beta0, beta1, inverse=inverse, multiplier=multiplier)
    if s is None:
        reason = _("No standard errors or confidence limits were given, so there is no interval.")
        return SiiResult(
            sii=make_estimate(estimate=sii, reason=reason, method="PHE SII"),
            rii=make_estimate(estimate=rii, reason=reason, method="PHE RII"),
            intercept=float(inverse(beta0)),
        )
    sims = _simulate(
        link(y),
        _se_on_fit_scale(y=y, se=s, value_type=value_type, transform=transform),
        a=a,
        b=b,
        repetitions=repetitions,
        seed=seed,
        inverse=inverse,
        multiplier=multiplier,
    )
    sii_lo, sii_hi = _limits(sims[0], confidence=confidence)
    rii_lo, rii_hi = _limits(sims[1], confidence=confidence)
    return SiiResult(
        sii=make_estimate(estimate=sii, lower=sii_lo, upper=sii_hi, method="PHE SII"),
        rii=make_estimate(estimate=rii, lower=rii_lo, upper=rii_hi, method="PHE RII"),
        intercept=float(inverse(beta0)),
    )


def _inputs(
    *, population: Sequence[float], value: Sequence[float], value_type: ValueType
) -> tuple[np.ndarray, np.ndarray]:
    n = np.asarray(population, dtype=float)
    y = np.asarray(value, dtype=float)
    if n.size != y.size:
        raise MethodInputError(
            _("population and value must have one entry per quantile."), field="value", value=y.size
        )
    if n.size < 2:
        raise MethodInputError(_("At least two quantiles are needed."), field="value", value=n.size)
    for name, arr in (("population", n), ("value", y)):
        if not np.all(np.isfinite(arr)):
            bad = int(np.flatnonzero(~np.isfinite(arr))[0])
            raise MethodInputError(
                _("%(field)s is missing for quantile %(quantile)s.")
                % {"field": name, "quantile": bad + 1},
                field=name,
                value=None,
            )
    if np.any(n < 0) or n.sum() <= 0:
        bad = float(n[n < 0][0]) if np.any(n < 0) else 0.0
        raise MethodInputError(
            _("Populations must be zero or more and not all zero (found %(value)s).")
            % {"value": f"{bad:g}"},
            field="population",
            value=bad,
        )
    if value_type is ValueType.PROPORTION and np.any((y < 0) | (y > 1)):
        bad = float(y[(y < 0) | (y > 1)][0])
        raise MethodInputError(
            _("A proportion must be between 0 and 1, not %(value)s.") % {"value": f"{bad:g}"},
            field="value",
            value=bad,
        )
    if value_type is ValueType.RATE and np.any(y < 0):
        raise MethodInputError(_("A rate cannot be negative."), field="value", value=float(y.min()))
    return n, y


def _standard_errors(
    *,
    se: Sequence[float] | None,
    lower_cl: Sequence[float] | None,
    upper_cl: Sequence[float] | None,
    value_type: ValueType,
) -> np.ndarray | None:
    if se is not None:
        s = np.asarray(se, dtype=float)
        if not np.all(np.isfinite(s)) or np.any(s < 0):
            raise MethodInputError(
                _("Standard errors must be finite and zero or more."), field="se", value=list(s)
            )
        return s
    if lower_cl is None or upper_cl is None:
        return None
    lo, hi = np.asarray(lower_cl, dtype=float), np.asarray(upper_cl, dtype=float)
    if value_type is ValueType.PROPORTION and np.any((lo <= 0) | (hi >= 1)):
        raise MethodInputError(
            _("Proportion confidence limits must lie strictly between 0 and 1."),
            field="lower_cl",
            value=list(lo),
        )
    link, _inverse = _link(value_type=value_type, transform=True)
    s = (link(hi) - link(lo)) / (2 * stats.norm.ppf(0.975))
    if not np.all(np.isfinite(s)) or np.any(s < 0):
        raise MethodInputError(
            _("Confidence limits must be finite with lower ≤ upper."),
            field="lower_cl",
            value=list(lo),
        )
    return s


def _link(*, value_type: ValueType, transform: bool):
    if not transform or value_type is ValueType.NORMAL:
        return (lambda v: v), (lambda v: v)
    if value_type is ValueType.RATE:
        return np.log, np.exp
    return (lambda v: np.log(v / (1 - v))), (lambda v: 1 / (1 + np.exp(-v)))


def _se_on_fit_scale(
    *, y: np.ndarray, se: np.ndarray, value_type: ValueType, transform: bool
) -> np.ndarray:
    """Rate and proportion SEs are on the log/logit scale; back on the value scale by the delta
    method (y·se for log, y(1−y)·se for logit) when the fit is untransformed."""
    if transform or value_type is ValueType.NORMAL:
        return se
    if value_type is ValueType.RATE:
        return y * se
    return y * (1 - y) * se


def _fit(y: np.ndarray, *, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    coef = _fit_many(y[None, :], a=a, b=b)
    return float(coef[0, 0]), float(coef[0, 1])


def _fit_many(ys: np.ndarray, *, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Weighted least squares of each row of ``ys`` on b with weights a: rows of (β₀, β₁)."""
    sa = np.sqrt(a)
    design = np.column_stack([sa, b * sa])
    coef, *_ = np.linalg.lstsq(design, (ys * sa).T, rcond=None)
    return coef.T


def _indices(beta0, beta1, *, inverse, multiplier: float):
    top, bottom = inverse(beta0 + beta1), inverse(beta0)
    sii = (top - bottom) * multiplier
    with np.errstate(divide="ignore", invalid="ignore"):
        rii = top / bottom
        if multiplier < 0:
            rii = 1 / rii
    return sii, rii


def _simulate(
    y: np.ndarray,
    se: np.ndarray,
    *,
    a: np.ndarray,
    b: np.ndarray,
    repetitions: int,
    seed: int,
    inverse,
    multiplier: float,
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    draws = rng.normal(loc=y, scale=se, size=(repetitions, y.size))
    coef = _fit_many(draws, a=a, b=b)
    sii, rii = _indices(coef[:, 0], coef[:, 1], inverse=inverse, multiplier=multiplier)
    return np.sort(sii), np.sort(rii)


def _limits(sorted_values: np.ndarray, *, confidence: float) -> tuple[float, float]:
    """PHE reads the limits at 1-based sorted positions round(reps·α/2), round(reps·(1−α/2))."""
    reps = sorted_values.size
    alpha = 1 - confidence
    lo = max(int(_round_half_even(reps * alpha / 2)), 1)
    hi = min(int(_round_half_even(reps * (1 - alpha / 2))), reps)
    return float(sorted_values[lo - 1]), float(sorted_values[hi - 1])


def _round_half_even(x: float) -> float:
    """R's round() (IEC 60559: halves go to the even neighbour), as Python's round()."""
    return float(round(x)) if math.isfinite(x) else x
