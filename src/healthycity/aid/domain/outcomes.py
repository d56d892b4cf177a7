"""Outcomes: did the target indicators of beneficiaries change more than those of eligible
citizens who were not reached? Difference in differences (DiD) with 95% intervals.

Method (docs/methods.md#aid-outcomes): for each citizen the baseline is the latest observation on
or before the programme start (within `BASELINE_DAYS`), the follow-up the latest observation after
the start and up to the end (or today). OLS of the value on treated, post and treated×post; the
coefficient of treated×post is the DiD estimate, with cluster-robust standard errors by citizen
(Bertrand, Duflo & Mullainathan 2004, QJE 119:249–275; Angrist & Pischke 2009, *Mostly Harmless
Econometrics*, ch. 5). With two periods per citizen it equals the difference of mean changes
(Card & Krueger 1994, AER 84:772–793, table 3). Beneficiaries: enrolled citizens who received at
least one hand-over. Comparison: citizens the rule finds eligible, with a statistics consent, who
received nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from healthycity.aid.eligibility.service import eligible
from healthycity.aid.enums import Indicator
from healthycity.aid.models import HandOver, OutcomeObservation
from healthycity.citizens.enums import ConsentPurpose, IncomeBand
from healthycity.citizens.models import Citizen
from healthycity.citizens.queries import with_consent
from healthycity.core.privacy import suppress_rows
from healthycity.equity.methods.did import Panel, did

BASELINE_DAYS = 365


def _treated_query(programme):
    return HandOver.objects.filter(cycle__programme=programme).values("enrolment__citizen_id")


def _comparison_query(programme):
    """Eligible citizens with a statistics consent who received nothing (a subquery, so that a
    city-sized group never becomes a list of ids in SQL)."""
    base = with_consent(Citizen.objects.all(), ConsentPurpose.STATISTICS)
    return (
        eligible(programme.rule, base).exclude(pk__in=_treated_query(programme)).values("id")
        if programme.rule.strip()
        else Citizen.objects.none().values("id")
    )


def beneficiary_ids(programme) -> set[int]:
    return set(_treated_query(programme).distinct().values_list("enrolment__citizen_id", flat=True))


def comparison_ids(programme, treated: set[int] | None = None) -> set[int]:
    return set(_comparison_query(programme).values_list("id", flat=True))


def _values(programme, indicator: str, start: date, end: date):
    """Latest value on or before `start` (within BASELINE_DAYS) and latest after it, per citizen,
    with the citizen's district code and income band."""
    before: dict[int, tuple[date, float]] = {}
    after: dict[int, tuple[date, float]] = {}
    groups: dict[int, tuple[str, str]] = {}
    rows = OutcomeObservation.objects.filter(
        Q(citizen_id__in=_treated_query(programme))
        | Q(citizen_id__in=_comparison_query(programme)),
        indicator=indicator,
        measured_on__gte=start - timedelta(days=BASELINE_DAYS),
        measured_on__lte=end,
    ).values_list(
        "citizen_id", "measured_on", "value", "citizen__district__code", "citizen__income_band"
    )
    for citizen_id, on, value, district, band in rows.iterator(chunk_size=10000):
        side = before if on <= start else after
        if citizen_id not in side or side[citizen_id][0] < on:
            side[citizen_id] = (on, value)
        groups[citizen_id] = (district, band)
    return before, after, groups


def programme_panel(programme, indicator: str):
    """(ids, panel, groups) of citizens with a baseline and a follow-up value."""
    treated = beneficiary_ids(programme)
    end = min(programme.ends_on, timezone.localdate())
    before, after, groups = _values(programme, indicator, programme.starts_on, end)
    ids = sorted(set(before) & set(after))
    panel = Panel(
        treated=np.array([1 if i in treated else 0 for i in ids], dtype=int),
        before=np.array([before[i][1] for i in ids], dtype=float),
        after=np.array([after[i][1] for i in ids], dtype=float),
    )
    return ids, panel, groups


def _subset(panel: Panel, mask: np.ndarray) -> Panel:
    return panel.subset(mask)


UNITS = {
    "smm_kg": "kg",
    "handgrip_kg": "kg",
    "bmi": "kg/m2",
    "sbp_mmhg": "mm[Hg]",
    "steps": "/d",
    "pbf_pct": "%",
}
METHOD = (
    "difference in differences (beneficiaries vs eligible non-beneficiaries, baseline before the "
    "programme start vs latest follow-up), OLS with cluster-robust SE by citizen, 95% CI"
)
ESTIMATE_FIELDS = (
    "n", "n_treated", "n_control", "treated_before", "treated_after", "control_before",
    "control_after", "estimate", "low", "high", "p_value",
)  # fmt: skip


def _row(programme, indicator: str, group_by: str, group: str, result: dict) -> dict:
    label = Indicator(indicator).label if indicator in Indicator.values else indicator
    return {
        "programme": programme.name,
        "programme_id": str(programme.external_id),
        "measure": indicator,
        "label": str(label),
        "unit": UNITS.get(indicator, ""),
        "group_by": group_by,
        "group": group,
        "n": result["n_treated"],
        "n_treated": result["n_treated"],
        "n_control": result["n_control"],
        "treated_before": result["treated_before"],
        "treated_after": result["treated_after"],
        "control_before": result["control_before"],
        "control_after": result["control_after"],
        "estimate": result["did"],
        "low": result["ci_low"],
        "high": result["ci_high"],
        "p_value": result["p_value"],
        "suppressed": False,
        "method": METHOD,
    }


def _suppress_rows(rows: list[dict], k: int) -> None:
    """Hide rows where beneficiaries or comparison citizens are fewer than k, and, within a
    breakdown, the complementary rows that would let a hidden count be recovered from the
    overall row (Hundepool et al. 2012, ch. 7; `core.privacy.suppress_rows`)."""
    suppress_rows(rows, counts=("n_treated", "n_control"), blank=ESTIMATE_FIELDS, k=k)


def programme_outcomes(programme, *, suppress: bool = True) -> list[dict]:
    """Outcomes of `programme` for each of its target indicators, as flat rows: one row for all
    beneficiaries ("group_by": "all") and one per district code and per income band.

    Each row: programme (name), programme_id, measure (indicator code), label, unit, group_by,
    group, n (= n_treated, beneficiaries), n_treated, n_control, treated_before/after,
    control_before/after (means), estimate (DiD), low/high (95% CI), p_value, suppressed, method.
    With `suppress` (the default for anything that leaves the city) rows with fewer than
    SMALL_CELL_K beneficiaries or comparison citizens, and their complements, carry None.
    Districts without beneficiaries are left out. Reads only; no side effects."""
    k = int(settings.SMALL_CELL_K)
    rows: list[dict] = []
    for indicator in programme.target_indicators or []:
        ids, panel, groups = programme_panel(programme, indicator)
        indicator_rows = [_row(programme, indicator, "all", "all", did(panel))]
        district_of = np.array([groups[i][0] for i in ids], dtype=object)
        band_of = np.array([groups[i][1] for i in ids], dtype=object)
        for code in sorted(set(district_of[panel.treated == 1])):
            result = did(_subset(panel, district_of == code))
            indicator_rows.append(_row(programme, indicator, "district", code, result))
        for band in IncomeBand.values:
            result = did(_subset(panel, band_of == band))
            indicator_rows.append(_row(programme, indicator, "income_band", band, result))
        if suppress:
            _suppress_rows(indicator_rows, k)
        rows += indicator_rows
    return rows
