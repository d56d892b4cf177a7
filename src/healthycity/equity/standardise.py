"""Map the snapshot's 5-year age bands onto a standard population's bands for direct
standardisation. Bands from 85 up are pooled into one open band (85+), in the data and in the
standard alike, because the programme's subgroups are thin at those ages; the scope of each
indicator is the bands in which its whole population has anyone (e.g. 65+ for sarcopenia)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from healthycity.equity.errors import EquityError
from healthycity.equity.methods.errors import StandardPopulationError
from healthycity.equity.methods.stdpop import (
    SHIPPED,
    StandardPopulation,
    load_standard_population,
    standard_population,
)

POOL_FROM = 85


@dataclass(frozen=True)
class AgeStandard:
    name: str
    source: str
    weights: dict[int, float]  # pooled band lower bound (0, 5, …, 85) → weight


def _range(label: str, name: str) -> tuple[int, float]:
    text = label.replace(" ", "")
    if m := re.fullmatch(r"(\d+)\+", text):
        return int(m[1]), float("inf")
    if m := re.fullmatch(r"(\d+)-(\d+)", text):
        return int(m[1]), int(m[2]) + 1
    raise EquityError(
        _("Standard population %(name)s: age band %(band)s is not like '40-44' or '85+'.")
        % {"name": name, "band": repr(label)}
    )


def _pooled(lower: int) -> int:
    return min(lower, POOL_FROM)


def from_population(std: StandardPopulation) -> AgeStandard:
    weights: dict[int, float] = {}
    for label, weight in zip(std.bands, std.weights, strict=True):
        lo, hi = _range(label, std.name)
        if lo % 5 or (hi != float("inf") and hi % 5):
            raise EquityError(
                _("Standard population %(name)s: band %(band)s does not follow 5-year bands.")
                % {"name": std.name, "band": repr(label)}
            )
        top = hi if hi != float("inf") else max(lo + 5, POOL_FROM + 5)
        width = (top - lo) / 5
        for b in range(lo, int(top), 5):  # split evenly over 5-year bands, then pool 85+
            weights[_pooled(b)] = weights.get(_pooled(b), 0.0) + weight / width
    return AgeStandard(name=std.name, source=std.source, weights=weights)


def load(spec: str) -> AgeStandard:
    """'who2000' | 'esp2013' | a CSV path with columns ageband,population."""
    try:
        if spec in SHIPPED:
            return from_population(standard_population(spec))
        path = Path(spec)
        if not path.exists():
            raise EquityError(
                _(
                    "Unknown standard population %(name)s: give one of %(choices)s "
                    "or the path of a CSV file with columns ageband,population."
                )
                % {"name": repr(spec), "choices": ", ".join(SHIPPED)}
            )
        return from_population(load_standard_population(path))
    except StandardPopulationError as exc:
        raise EquityError(str(exc)) from None


def band_of(age_band: int) -> int:
    return _pooled(int(age_band))
