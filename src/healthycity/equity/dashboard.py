"""What the dashboard shows, built from the snapshots: one report for the chosen indicator and
stratifier (all periods, for the trend) plus the same indicator by district (for the map)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

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
    """The report rows for all periods, or None when there is no snapshot yet. The lists and
    rows are the caller's to change; the report they come from is shared (see `_report`)."""
    periods = snapshot.available_periods()
    if not periods:
        return None
    paths = [snapshot.default_path(snapshot.parse_period(p)) for p in periods]
    files = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    rep = _report(
        files,
        sel.indicator.id,
        sel.stratifier.id,
        sel.standard,
        sel.suppress,
        get_language() or "",  # the report's notes are in the reader's language
        settings.SMALL_CELL_K,
    )
    latest = periods[-1]
    by = sel.stratifier.id

    def rows(keep) -> list[dict]:
        return [dict(e) for e in rep.estimates if keep(e)]

    return {
        "periods": periods,
        "latest": latest,
        "report": rep,
        "rows": rows(lambda e: e["period"] == latest and e["stratifier"] == by),
        "measures": [
            dict(m) for m in rep.measures if m["period"] == latest and m["stratifier"] == by
        ],
        "trend": rows(lambda e: e["stratifier"] == by),
        "districts": rows(lambda e: e["period"] == latest and e["stratifier"] == "district"),
    }


@lru_cache(maxsize=64)
def _report(
    files: tuple[tuple[str, int, int], ...],
    indicator_id: str,
    stratifier_id: str,
    standard: str,
    suppress: bool,
    language: str,
    small_cell_k: int,
) -> report.Report:
    """One report per selection and set of snapshot files, kept while the files are unchanged
    (their path, modification time and size are in the key): a snapshot changes once a night,
    while officials open the dashboard all day, and computing it took 250 ms of the 300 ms of
    a request at 100 000 citizens. Treat the result as read-only: requests share it."""
    district = stratifier("district")
    by = stratifier(stratifier_id)
    strats = [by] if by.id == "district" else [by, district]
    ind = indicator(indicator_id)
    cells = engine.compute_cells([Path(f[0]) for f in files], indicators=[ind], stratifiers=strats)
    return report.report_from_cells(
        cells, inds=[ind], strats=strats, standard=standard or None, suppress=suppress
    )


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
