"""What the dashboard shows, built from the snapshots: one report for the chosen indicator and
stratifier (all periods, for the trend) plus the same indicator by district (for the map)."""

from __future__ import annotations

from dataclasses import dataclass

from healthycity.equity import engine, report, snapshot
from healthycity.equity.indicators import Indicator, Stratifier, indicator, stratifier

STANDARDS = ("", "who2000", "esp2013")


@dataclass
class Selection:
    indicator: Indicator
    stratifier: Stratifier
    standard: str
    suppress: bool


def select(params, *, suppress: bool) -> Selection:
    """Read the GET form; unknown ids fall back to the first indicator/stratifier."""
    from healthycity.equity.indicators import indicators

    ind_id = params.get("indicator") or next(iter(indicators()))
    strat_id = params.get("by") or "income_band"
    std = params.get("standard", "")
    return Selection(
        indicator=indicator(ind_id),
        stratifier=stratifier(strat_id),
        standard=std if std in STANDARDS else "",
        suppress=suppress,
    )


def build(sel: Selection) -> dict | None:
    """The report rows for all periods, or None when there is no snapshot yet."""
    periods = snapshot.available_periods()
    if not periods:
        return None
    paths = [snapshot.default_path(snapshot.parse_period(p)) for p in periods]
    district = stratifier("district")
    strats = [sel.stratifier] if sel.stratifier.id == "district" else [sel.stratifier, district]
    cells = engine.compute_cells(paths, indicators=[sel.indicator], stratifiers=strats)
    rep = report.report_from_cells(
        cells,
        inds=[sel.indicator],
        strats=strats,
        standard=sel.standard or None,
        suppress=sel.suppress,
    )
    latest = periods[-1]
    rows = [
        e for e in rep.estimates if e["period"] == latest and e["stratifier"] == sel.stratifier.id
    ]
    return {
        "periods": periods,
        "latest": latest,
        "report": rep,
        "rows": rows,
        "measures": [
            m
            for m in rep.measures
            if m["period"] == latest and m["stratifier"] == sel.stratifier.id
        ],
        "trend": [e for e in rep.estimates if e["stratifier"] == sel.stratifier.id],
        "districts": [
            e for e in rep.estimates if e["period"] == latest and e["stratifier"] == "district"
        ],
    }


def subgroup_labels(strat: Stratifier) -> dict[str, str]:
    """Human labels of subgroups (district names, income bands, yes/no)."""
    from django.utils.translation import gettext as _

    from healthycity.citizens.enums import IncomeBand, Sex
    from healthycity.core.i18n import in_language
    from healthycity.places.models import District

    if strat.id == "district":
        return {
            code: in_language(name_ko, name_en)
            for code, name_ko, name_en in District.objects.values_list("code", "name_ko", "name_en")
        }
    if strat.id == "income_band":
        return {b.value: str(b.label) for b in IncomeBand}
    if strat.id == "sex":
        return {s.value: str(s.label) for s in Sex}
    if strat.column in ("medical_aid", "living_alone", "disability"):
        return {"true": _("Yes"), "false": _("No")}
    return {}
