"""The need score: vulnerability points plus health-risk points, weights read from data
(`aid/data/need_weights.json`, overridable per programme). Computed in SQL to order candidates at
scale, and in Python for one citizen (the two are tested to agree). See docs/methods.md."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import Combinable

from healthycity.aid.eligibility.attributes import months_ago, today

DATA = Path(__file__).resolve().parent.parent / "data" / "need_weights.json"
TIERS = 5


@lru_cache(maxsize=1)
def default_weights() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def weights_for(programme=None) -> dict:
    weights = default_weights()
    override = getattr(programme, "need_weights", None) or {}
    return {**weights, **override} if override else weights


def _terms(weights: dict, on: date) -> list[tuple[Q, float]]:
    vul, health = weights["vulnerability"], weights["health"]
    terms: list[tuple[Q, float]] = []
    for band, points in vul.get("income_band", {}).items():
        terms.append((Q(income_band=band), points))
    for flag in ("medical_aid", "living_alone", "disability"):
        if vul.get(flag):
            terms.append((Q(**{flag: True}), vul[flag]))
    # Age bands are exclusive: the highest band reached counts once.
    previous = None
    for age, points in sorted(vul.get("age_at_least", []), reverse=True):
        bound = Q(birth_year__lte=on.year - age)
        terms.append((bound & ~previous if previous is not None else bound, points))
        previous = bound if previous is None else previous | bound
    for field in ("sarcopenia", "obesity_class", "bp_class"):
        for value, points in health.get(field, {}).items():
            terms.append((Q(**{f"aid_snapshot__{field}": value}), points))
    if health.get("steps_goal_not_met"):
        terms.append((Q(aid_snapshot__steps_goal_met=False), health["steps_goal_not_met"]))
    if health.get("no_assessment_for_months"):
        months, points = health["no_assessment_for_months"]
        stale = Q(aid_snapshot__measured_on__isnull=True) | Q(
            aid_snapshot__measured_on__lte=months_ago(months, on=on)
        )
        terms.append((stale, points))
    return terms


def need_score_expression(weights: dict | None = None, *, on: date | None = None) -> Combinable:
    """A SQL expression for the need score of each citizen row (annotate with it)."""
    weights = weights or default_weights()
    on = on or today()
    total: Combinable = Value(0.0, output_field=FloatField())
    for condition, points in _terms(weights, on):
        total = total + Case(
            When(condition, then=Value(float(points))),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return total


def tier_expression(score: Combinable | str = "need_score", weights: dict | None = None):
    """Need tier 1 (lowest) … 5 (highest) from a score expression or annotation name."""
    weights = weights or default_weights()
    score_ref = F(score) if isinstance(score, str) else score
    cases = [
        When(condition=_ge(score_ref, t), then=Value(i + 2))
        for i, t in reversed(list(enumerate(weights["tier_thresholds"])))
    ]
    return Case(*cases, default=Value(1))


def _ge(expr, threshold):
    from django.db.models.lookups import GreaterThanOrEqual

    return GreaterThanOrEqual(expr, Value(float(threshold)))


def need_score(values: dict, weights: dict | None = None) -> float:
    """The need score of one citizen from their attribute values (see attributes.py)."""
    weights = weights or default_weights()
    vul, health = weights["vulnerability"], weights["health"]
    score = float(vul.get("income_band", {}).get(values["income_band"], 0))
    for flag in ("medical_aid", "living_alone", "disability"):
        if values.get(flag):
            score += vul.get(flag, 0)
    for age, points in sorted(vul.get("age_at_least", []), reverse=True):
        if values["age"] >= age:
            score += points
            break
    for field in ("sarcopenia", "obesity_class", "bp_class"):
        score += health.get(field, {}).get(values.get(field) or "", 0)
    if values.get("steps_goal_met") is False:
        score += health.get("steps_goal_not_met", 0)
    if health.get("no_assessment_for_months"):
        months, points = health["no_assessment_for_months"]
        since = values.get("months_since_measurement")
        if since is None or since >= months:
            score += points
    return score


def tier_of(score: float, weights: dict | None = None) -> int:
    weights = weights or default_weights()
    return 1 + sum(score >= t for t in weights["tier_thresholds"])


def tier_weight(tier: int, weights: dict | None = None) -> float:
    weights = weights or default_weights()
    return float(weights["tier_weights"][tier - 1])
