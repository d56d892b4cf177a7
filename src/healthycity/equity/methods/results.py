"""Result containers shared by every method.

A result never holds NaN: when a quantity cannot be computed, the number is ``None`` and ``reason``
says why in one short sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .i18n import gettext as _


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its standard error and confidence interval.

    ``estimate`` is ``None`` only when ``reason`` is set; ``se``, ``lower`` and ``upper`` may be
    ``None`` on their own (no interval), in which case ``reason`` says why as well.
    """

    estimate: float | None
    se: float | None = None
    lower: float | None = None
    upper: float | None = None
    reason: str | None = None
    method: str = ""

    @classmethod
    def unavailable(cls, reason: str, *, method: str = "") -> Estimate:
        """A result that could not be computed, with the reason."""
        return cls(estimate=None, reason=reason, method=method)


def clean(value: float | None) -> float | None:
    """Return ``value`` as a float, or ``None`` if it is missing, NaN or infinite."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def make_estimate(
    *,
    estimate: float | None,
    se: float | None = None,
    lower: float | None = None,
    upper: float | None = None,
    reason: str | None = None,
    method: str = "",
) -> Estimate:
    """Build an :class:`Estimate`, turning NaN/inf into ``None`` with a reason."""
    est = clean(estimate)
    if est is None:
        return Estimate.unavailable(
            reason or _("The estimate is not a finite number."), method=method
        )
    se_, lo, hi = clean(se), clean(lower), clean(upper)
    if reason is None and (lo is None or hi is None) and (lower is not None or upper is not None):
        reason = _("The confidence interval is not a finite number.")
    return Estimate(estimate=est, se=se_, lower=lo, upper=hi, reason=reason, method=method)
