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
    result = programme_outcomes(aid.programme)
    overall = result["indicators"][0]["overall"]
    assert overall["n_treated"] == 4 and overall["n_control"] == 5
    assert overall["did"] == pytest.approx((21.65 - 20.0) - (20.4 - 20.0))
    bands = {row["group"]: row for row in result["indicators"][0]["by_income_band"]}
    assert bands["near_poor"]["n_treated"] == 4
    settings.SMALL_CELL_K = 10
    hidden = programme_outcomes(aid.programme)["indicators"][0]
    assert hidden["overall"]["did"] is None
    assert all(r["suppressed"] for r in hidden["by_income_band"] if r["group"] == "near_poor")
    shown = programme_outcomes(aid.programme, suppress=False)["indicators"][0]["overall"]
    assert shown["n_treated"] == 4


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
    assert summary["given"]["units"] == 30 and summary["received"]["units"] == 30
    assert summary["delivered"]["units"] == 3
    assert summary["people_reached"] is None  # 3 < k = 10
    assert set(summary["by_district"].values()) == {None}
    settings.SMALL_CELL_K = 2
    open_summary = donations_summary(cast.partner_org, (today, today))
    assert open_summary["people_reached"] == 3
    assert open_summary["by_income_band"] == {"near_poor": 3}
