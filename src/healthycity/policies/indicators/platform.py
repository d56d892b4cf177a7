"""Seoul's own indicators, computed by the equity app from its analytics snapshots.

Through the equity app's public functions only (`engine.compute_cells`, `report.CellIndex`,
`report.crude`): per snapshot period, each equity indicator's city-wide crude estimate with its
95 % interval (Wilson for proportions, t for means, Byars for rates), and the same by sex. A
figure resting on fewer people than SMALL_CELL_K is not recorded (it would leave the city).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from healthycity.core.privacy import small_cell_k
from healthycity.equity.errors import EquityError
from healthycity.policies.indicators.catalogue import platform_code, sync_catalogue

SEX_CODES = {"M": "M", "F": "F"}  # SDMX CL_SEX codes: M male, F female


def home_city():
    """The host city's member-city record (policies.cities.home_city), or a clear error."""
    from healthycity.policies.cities import home_city as find

    city = find()
    if city is None:
        raise EquityError(
            _(
                "There is no member city with the UN/LOCODE %(code)s (HEALTHYCITY_CITY_LOCODE); add it first."
            )
            % {"code": settings.HEALTHYCITY_CITY_LOCODE}
        )
    return city


def platform_estimates(*, period: str | None = None) -> list[dict]:
    """[{indicator, period, breakdown, population, estimate, lower, upper}] from the snapshots."""
    from healthycity.equity import engine, report, snapshot
    from healthycity.equity.indicators import indicators, stratifier

    periods = [snapshot.parse_period(period).label] if period else snapshot.available_periods()
    paths = [snapshot.default_path(snapshot.parse_period(p)) for p in periods]
    paths = [p for p in paths if p.exists()]
    if not paths:
        return []
    inds = list(indicators().values())
    sex = stratifier("sex")
    cells = engine.compute_cells(paths, indicators=inds, stratifiers=[sex])
    index = report.CellIndex(cells)
    k = small_cell_k()
    out = []
    for p in index.periods:
        for ind in inds:
            blocks = [("", index.block(p, engine.TOTAL, ind), None)]
            if index.has(p, sex.id):
                blk = index.block(p, sex.id, ind)
                blocks += [(f"SEX={SEX_CODES.get(n, n)}", blk, i) for i, n in enumerate(blk.names)]
            for breakdown, blk, i in blocks:
                n, x, s, ss = blk.totals(i)
                if n < k:
                    continue
                est = report.crude(ind, n, x, s, ss)
                if est.estimate is None:
                    continue
                out.append(
                    {
                        "indicator": ind.id,
                        "period": p,
                        "breakdown": breakdown,
                        "population": int(n),
                        "estimate": float(est.estimate),
                        "lower": est.lower,
                        "upper": est.upper,
                        "unit": ind.unit,
                    }
                )
    return out


def record_platform_indicators(*, period: str | None = None, synthetic: bool = False) -> int:
    """Write (insert or update) Seoul's platform indicator values; returns how many."""
    from healthycity.policies.indicators.models import Indicator, IndicatorValue

    city = home_city()
    sync_catalogue()
    estimates = platform_estimates(period=period)
    codes = {i.code: i for i in Indicator.objects.filter(code__startswith="HC-")}
    with transaction.atomic():
        for e in estimates:
            IndicatorValue.objects.update_or_create(
                indicator=codes[platform_code(e["indicator"])],
                area=city.unlocode,
                period=e["period"],
                breakdown=e["breakdown"],
                defaults={
                    "city": city,
                    "country_code": city.country_code,
                    "year": int(e["period"][:4]),
                    "value": e["estimate"],
                    "lower": e["lower"],
                    "upper": e["upper"],
                    "unit": e["unit"],
                    "source": _("healthycity equity snapshot %(period)s (%(n)s people)")
                    % {"period": e["period"], "n": e["population"]},
                    "synthetic": synthetic,
                },
            )
    return len(estimates)
