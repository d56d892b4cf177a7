"""Where the ESG report gets its aid figures: the one place that knows the aid app's interface.

The aid app provides ``healthycity.aid.domain.reports.donations_summary(partner, period, *,
suppress=True)`` and ``healthycity.aid.domain.outcomes.programme_outcomes(programme, *,
suppress=True)``. This module turns what they
return into the plain shapes the report needs, so that the report, its tests and the privacy test do
not depend on the aid app's internals; while the aid app is not there, every source says so
(`available=False`) and the report prints "not available" rather than zeros.

Shapes returned here (raw counts; the report suppresses them):

- ``donations(partner, period)`` → ``[{"key", "label", "unit", "given", "delivered"}]``
- ``people_reached(partner, period)`` → ``{"district": {key: (label, n)}, "income_band": {…}}``
- ``outcomes(partner, period)`` → ``[{"programme", "measure", "estimate", "low", "high", "n",
  "unit", "method"}]``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AidFigures:
    available: bool
    donations: list[dict[str, Any]] = field(default_factory=list)
    people_reached: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def _aid():
    """The aid app's two public functions, or None while they are not there."""
    try:
        from healthycity.aid.domain.outcomes import programme_outcomes
        from healthycity.aid.domain.reports import donations_summary
    except ImportError:
        return None
    return donations_summary, programme_outcomes


def aid_figures(partner, period) -> AidFigures:
    """Everything the report needs from the aid app for one partner and period. People counts
    come unsuppressed (the report suppresses every table itself, with the stricter rules of
    `partners.cells`); outcomes come suppressed by the aid app (which also checks the comparison
    group) and only the overall row per indicator is used."""
    found = _aid()
    if found is None:
        return AidFigures(available=False)
    donations_summary, programme_outcomes = found
    summary = donations_summary(partner, period, suppress=False)
    outcomes = []
    for programme in _get(summary, "programmes", []):
        for row in programme_outcomes(programme, suppress=True):
            if row.get("group_by", "all") != "all":
                continue
            outcomes.append(
                {
                    **row,
                    "measure": row.get("label") or row.get("measure", ""),
                    "n": None if row.get("suppressed") else row.get("n"),
                }
            )
    return AidFigures(
        available=True,
        donations=list(_get(summary, "donations", [])),
        people_reached=dict(_get(summary, "people_reached", {})),
        outcomes=outcomes,
    )


def _get(obj, name, default):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)
