"""Confidence limits for counts and proportions, as in PHEindicatormethods.

Source: Public Health England / UKHSA, *PHEindicatormethods* v2.1.0 (R package, GPL-3),
functions ``wilson_lower/upper``, ``byars_lower/upper`` and the exact Poisson limits used by
``phe_rate`` and ``calculate_ISRatio``; see also the PHE Technical Guide "Confidence intervals"
(APHO, 2008). Wilson: Wilson E.B., JASA 1927;22:209-212. Byars: Breslow & Day, *Statistical
Methods in Cancer Research* vol. II, 1987, p. 69.
"""

from __future__ import annotations

import math
from functools import lru_cache

from scipy import stats

from .errors import MethodInputError
from .i18n import gettext as _


def z_value(*, confidence: float) -> float:
    """Two-sided standard normal quantile for ``confidence`` (0.95 -> 1.959964)."""
    check_confidence(confidence=confidence)
    return _z(float(confidence))


@lru_cache(maxsize=64)
def _z(confidence: float) -> float:
    return float(stats.norm.ppf(confidence + (1 - confidence) / 2))


def check_confidence(*, confidence: float) -> None:
    """Raise :class:`MethodInputError` unless 0 < confidence < 1."""
    if not (isinstance(confidence, int | float) and 0 < confidence < 1):
        raise MethodInputError(
            _("Confidence must be between 0 and 1, not %(value)s.") % {"value": repr(confidence)},
            field="confidence",
            value=confidence,
        )


def wilson_lower(*, x: float, n: float, confidence: float = 0.95) -> float:
    """Lower Wilson score limit of the proportion x/n: (2x+z²−z√(z²+4x(1−x/n)))/(2(n+z²))."""
    z = z_value(confidence=confidence)
    return (2 * x + z**2 - z * math.sqrt(z**2 + 4 * x * (1 - x / n))) / (2 * (n + z**2))


def wilson_upper(*, x: float, n: float, confidence: float = 0.95) -> float:
    """Upper Wilson score limit of the proportion x/n: (2x+z²+z√(z²+4x(1−x/n)))/(2(n+z²))."""
    z = z_value(confidence=confidence)
    return (2 * x + z**2 + z * math.sqrt(z**2 + 4 * x * (1 - x / n))) / (2 * (n + z**2))


def byars_lower(*, x: float, confidence: float = 0.95) -> float:
    """Byars' lower limit of a Poisson count: x(1 − 1/(9x) − z/(3√x))³ (0 when x is 0)."""
    if x == 0:
        return 0.0
    z = z_value(confidence=confidence)
    return x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3


def byars_upper(*, x: float, confidence: float = 0.95) -> float:
    """Byars' upper limit of a Poisson count: (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³."""
    z = z_value(confidence=confidence)
    return (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3


def exact_lower(*, x: float, confidence: float = 0.95) -> float:
    """Exact (Garwood) lower limit of a Poisson count: qchisq(α/2, 2x)/2 (0 when x is 0)."""
    check_confidence(confidence=confidence)
    if x == 0:
        return 0.0
    return float(stats.chi2.ppf((1 - confidence) / 2, 2 * x)) / 2


def exact_upper(*, x: float, confidence: float = 0.95) -> float:
    """Exact (Garwood) upper limit of a Poisson count: qchisq(1 − α/2, 2x + 2)/2."""
    check_confidence(confidence=confidence)
    return float(stats.chi2.ppf(1 - (1 - confidence) / 2, 2 * x + 2)) / 2


def poisson_limits(*, x: float, confidence: float = 0.95) -> tuple[float, float, str]:
    """PHE's rule for a count: exact limits below 10 events, Byars' from 10 upwards."""
    if x < 10:
        return (
            exact_lower(x=x, confidence=confidence),
            exact_upper(x=x, confidence=confidence),
            "Exact",
        )
    return byars_lower(x=x, confidence=confidence), byars_upper(x=x, confidence=confidence), "Byars"
