"""WHO Urban HEART's matrix and monitor: a city against its peers, each cell coloured against
two benchmarks, with the numbers; and each indicator's trend.

Colour rule (Urban HEART user manual, WHO Centre for Health Development, Kobe, 2010: the
"matrix" of the assessment component; docs/methods.md): green = performance at or better than the
upper benchmark, red = worse than the lower benchmark, yellow = in between. The benchmarks are
the indicator's cited targets where the catalogue has them (e.g. WHO's air quality guideline);
with only an upper one, a value misses it (red) or meets it (green). Where the catalogue has no
target, this platform uses the peer group's own spread — the thirds of the values shown — and
says so on the page ("relative to peers"); fewer than three values get no colour.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from healthycity.policies.indicators.enums import Colour
from healthycity.policies.indicators.models import Indicator, IndicatorValue


@dataclass
class Benchmarks:
    good: float | None
    poor: float | None
    relative: bool  # from the peers' thirds, not a cited target
    source: str = ""


@dataclass
class CellValue:
    value: IndicatorValue
    colour: str


@dataclass
class Matrix:
    indicators: list[Indicator]
    cities: list  # MemberCity, the focus city first
    cells: dict[tuple[int, int], CellValue]  # (city id, indicator id) → cell
    benchmarks: dict[int, Benchmarks]
    focus: object | None = None
    synthetic: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def row(self, city) -> list[CellValue | None]:
        return [self.cells.get((city.pk, ind.pk)) for ind in self.indicators]


def benchmarks_for(indicator: Indicator, values: list[float]) -> Benchmarks:
    if indicator.benchmark_good is not None or indicator.benchmark_poor is not None:
        return Benchmarks(
            indicator.benchmark_good, indicator.benchmark_poor, False, indicator.benchmark_source
        )
    if indicator.higher_is_better is None or len(values) < 3:
        return Benchmarks(None, None, True)
    low, high = (float(q) for q in np.percentile(values, [100 / 3, 200 / 3]))
    if indicator.higher_is_better:
        return Benchmarks(high, low, True)
    return Benchmarks(low, high, True)


def colour(value: float, indicator: Indicator, bench: Benchmarks) -> str:
    higher = indicator.higher_is_better
    if higher is None or (bench.good is None and bench.poor is None):
        return Colour.NONE

    def at_least_as_good(a: float, b: float) -> bool:
        return a >= b if higher else a <= b

    if bench.good is not None and at_least_as_good(value, bench.good):
        return Colour.GREEN
    if bench.poor is None:
        return Colour.RED
    if not at_least_as_good(value, bench.poor):
        return Colour.RED
    return Colour.YELLOW


def latest_values(values) -> dict[tuple[int, int], IndicatorValue]:
    """The latest whole-population value of each city and indicator ('' breakdown)."""
    latest: dict[tuple[int, int], IndicatorValue] = {}
    for v in values.filter(breakdown="", city__isnull=False).order_by("year", "period"):
        latest[(v.city_id, v.indicator_id)] = v
    return latest


def matrix(*, values, cities, focus=None, indicators=None) -> Matrix:
    """The Urban HEART matrix of `cities` (MemberCity list) over the indicators with values."""
    city_ids = {c.pk for c in cities}
    latest = {k: v for k, v in latest_values(values).items() if k[0] in city_ids}
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for (_, ind_id), v in latest.items():
        by_indicator[ind_id].append(v)
    if indicators is None:
        indicators = list(Indicator.objects.filter(pk__in=by_indicator).order_by("order", "code"))
    benches = {
        ind.pk: benchmarks_for(ind, [v.value for v in by_indicator.get(ind.pk, [])])
        for ind in indicators
    }
    cells = {}
    for (city_id, ind_id), v in latest.items():
        ind = next((i for i in indicators if i.pk == ind_id), None)
        if ind is not None:
            cells[(city_id, ind_id)] = CellValue(v, colour(v.value, ind, benches[ind_id]))
    ordered = sorted(cities, key=lambda c: (c != focus, c.country_code, c.name_en))
    counts = defaultdict(int)
    for cell in cells.values():
        counts[cell.colour] += 1
    return Matrix(
        indicators=indicators,
        cities=ordered,
        cells=cells,
        benchmarks=benches,
        focus=focus,
        synthetic=any(c.value.synthetic for c in cells.values()),
        counts=dict(counts),
    )


def trend(*, values, indicator: Indicator, cities) -> dict:
    """{city: [(period, value, lower, upper), …]} of one indicator, oldest first."""
    series: dict = {}
    by_id = {c.pk: c for c in cities}
    rows = values.filter(indicator=indicator, breakdown="", city_id__in=by_id).order_by(
        "year", "period"
    )
    for v in rows:
        series.setdefault(by_id[v.city_id], []).append(v)
    return series
