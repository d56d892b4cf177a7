"""Outcomes (difference in differences) and the partner's donation summary."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from healthycity.aid.domain.outcomes import Panel, did
from healthycity.aid.models import OutcomeObservation
from healthycity.aid.queries import donations_summary, programme_outcomes
from healthycity.citizens.domain.consent import grant_consent
from tests.aid import factories as f
from tests.aid.helpers import ready_cycle


def test_did_reproduces_card_and_krueger_table_3():
    # Card & Krueger (1994), AER 84(4):772–793, table 3 row 3 (FTE employment per store):
    # NJ 20.44 → 21.03, PA 23.33 → 21.17; difference in differences 2.76 (2.75 from the rounded
    # means). Two-store-per-cell panels with those means reproduce the estimate exactly.
    spread = np.array([-1.0, 1.0])
    treated = np.array([1, 1, 0, 0])
    before = np.concatenate([20.44 + spread, 23.33 + spread])
    after = np.concatenate([21.03 + spread * 1.5, 21.17 + spread * 0.5])
    result = did(Panel(treated, before, after))
    assert result["did"] == pytest.approx(2.75, abs=1e-9)
    assert result["treated_before"] == pytest.approx(20.44)
    assert result["ci_low"] < result["did"] < result["ci_high"]


def test_did_equals_the_difference_of_mean_changes():
    rng = np.random.default_rng(3)
    treated = np.repeat([1, 0], 50)
    before = rng.normal(20, 2, 100)
    after = before + rng.normal(0.5, 1, 100) + 1.2 * treated
    result = did(Panel(treated, before, after))
    change = after - before
    assert result["did"] == pytest.approx(change[:50].mean() - change[50:].mean())
    assert result["ci_low"] < 1.2 < result["ci_high"]


def _observe(citizen, before, after, programme):
    start = programme.starts_on
    OutcomeObservation.objects.bulk_create(
        [
            OutcomeObservation(
                citizen=citizen,
                indicator="smm_kg",
                measured_on=start - timedelta(days=5),
                value=before,
            ),
            OutcomeObservation(
                citizen=citizen,
                indicator="smm_kg",
                measured_on=timezone.localdate(),
                value=after,
                follow_up=True,
            ),
        ]
    )


def test_programme_outcomes_suppresses_small_groups(aid, cast, settings):
    from healthycity.aid.domain.distribution import hand_over

    settings.SMALL_CELL_K = 3
    people = ready_cycle(aid, cast, people=4)
    for i, enrolment in enumerate(people):
        hand_over(
            cycle=aid.cycle,
            enrolment=enrolment,
            lot=aid.lot,
            quantity=1,
            by=cast.worker_a,
            idempotency_key=f"k{i}",
        )
        _observe(enrolment.citizen, 20.0, 21.5 + 0.1 * i, aid.programme)
    for i in range(5):  # eligible, consented to statistics, not reached
        other = f.citizen_with_consent(cast.centre_b)
        grant_consent(citizen=other, purpose="statistics")
        _observe(other, 20.0, 20.2 + 0.1 * i, aid.programme)
    rows = programme_outcomes(aid.programme)
    overall = next(r for r in rows if r["group_by"] == "all")
    assert overall["n_treated"] == 4 and overall["n_control"] == 5 and overall["n"] == 4
    assert overall["estimate"] == pytest.approx((21.65 - 20.0) - (20.4 - 20.0))
    assert overall["low"] < overall["estimate"] < overall["high"]
    assert overall["measure"] == "smm_kg" and overall["unit"] == "kg"
    bands = {r["group"]: r for r in rows if r["group_by"] == "income_band"}
    assert bands["near_poor"]["n_treated"] == 4
    settings.SMALL_CELL_K = 10
    hidden = programme_outcomes(aid.programme)
    assert all(r["estimate"] is None and r["suppressed"] for r in hidden if r["n_treated"] is None)
    assert next(r for r in hidden if r["group_by"] == "all")["suppressed"]
    shown = programme_outcomes(aid.programme, suppress=False)
    assert next(r for r in shown if r["group_by"] == "all")["n_treated"] == 4


def test_donations_summary_counts_and_suppresses(aid, cast, settings):
    from healthycity.aid.domain.distribution import hand_over

    people = ready_cycle(aid, cast, people=3)
    for i, enrolment in enumerate(people):
        hand_over(
            cycle=aid.cycle,
            enrolment=enrolment,
            lot=aid.lot,
            quantity=1,
            by=cast.worker_a,
            idempotency_key=f"k{i}",
        )
    today = timezone.localdate()
    summary = donations_summary(cast.partner_org, (today - timedelta(days=1), today))
    assert summary["totals"]["given"] == 30 and summary["totals"]["received"] == 30
    assert summary["donations"] == [
        {
            "key": "protein-drink",
            "label": aid.product.name,
            "unit": aid.product.unit,
            "given": 30,
            "received": 30,
            "delivered": 3,
        }
    ]
    assert summary["totals"]["people"] is None  # 3 < k = 10
    assert [n for _label, n in summary["people_reached"]["district"].values()] == [None]
    assert summary["programmes"] == [aid.programme]
    raw = donations_summary(cast.partner_org, (today, today), suppress=False)
    assert raw["people_reached"]["income_band"]["near_poor"][1] == 3
    from healthycity.partners.periods import Period

    by_period = donations_summary(cast.partner_org, Period(today.year), suppress=False)
    assert by_period["totals"]["delivered"] == 3
