"""The one place that reads the health app's personal assessment for eligibility.

The health app (built alongside) exposes the latest personal assessment per citizen; this adapter
maps it to the vocabulary of `attributes.py`. Until the health app's public function exists, it
yields nothing (no snapshots: health attributes are missing, and comparisons on them are false).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from healthycity.aid.eligibility.attributes import BP_CLASSES, OBESITY_CLASSES, SARCOPENIA


def _health_source():
    try:
        from healthycity.health import queries  # noqa: F401 — built by the health engineers
    except ImportError:
        return None
    return getattr(queries, "latest_assessments", None)


def _pick(value, allowed: tuple[str, ...]) -> str | None:
    value = (str(value).lower() if value is not None else None) or None
    return value if value in allowed else None


def latest_assessments(citizen_ids: Iterable[int] | None = None) -> Iterator[dict]:
    """Yield dicts with citizen_id, measured_on, bmi, obesity_class, sarcopenia, bp_class,
    steps_goal_met for each citizen having an assessment."""
    source = _health_source()
    if source is None:
        return
    for item in source(citizen_ids=citizen_ids):
        get = item.get if isinstance(item, dict) else lambda k, _i=item: getattr(_i, k, None)
        yield {
            "citizen_id": get("citizen_id"),
            "measured_on": get("measured_on") or get("date"),
            "bmi": get("bmi"),
            "obesity_class": _pick(get("obesity_class"), OBESITY_CLASSES),
            "sarcopenia": _pick(get("sarcopenia"), SARCOPENIA),
            "bp_class": _pick(get("bp_class"), BP_CLASSES),
            "steps_goal_met": get("steps_goal_met"),
        }
