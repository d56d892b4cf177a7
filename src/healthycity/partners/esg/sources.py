"""Where the ESG report gets its aid figures: the one place that knows the aid app's interface.

The aid app provides (issue #4) ``healthycity.aid.donations_summary(partner, period)`` and
``healthycity.aid.programme_outcomes(programme, *, suppress=True)``. This module turns what they
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
    try:
        import healthycity.aid as aid
    except ImportError:  # pragma: no cover — the app is always installed in this project
        return None
    if not hasattr(aid, "donations_summary"):
        return None
    return aid


def aid_figures(partner, period) -> AidFigures:
    """Everything the report needs from the aid app for one partner and period."""
    aid = _aid()
    if aid is None:
        return AidFigures(available=False)
    summary = aid.donations_summary(partner, period)
    return AidFigures(
        available=True,
        donations=list(_get(summary, "donations", [])),
        people_reached=dict(_get(summary, "people_reached", {})),
        outcomes=[
            o
            for programme in _get(summary, "programmes", [])
            for o in aid.programme_outcomes(programme, suppress=False)
        ],
    )


def _get(obj, name, default):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)
