"""The adapter to the health app: the latest personal assessment becomes a snapshot."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from healthycity.aid.domain.snapshots import refresh_snapshots, sync_observations
from healthycity.aid.models import AssessmentSnapshot, OutcomeObservation
from healthycity.health.models import Measurement
from tests.aid import factories as f


def test_refresh_maps_the_health_assessment(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a, birth_year=timezone.localdate().year - 74)
    taken = timezone.now() - timedelta(days=3)
    # Woman, 74: grip 14 kg < 18 (AWGS 2019 low strength) → possible sarcopenia; BMI 31 → obese 2;
    # 165/95 mmHg → hypertension stage 2 (KSH 2022).
    Measurement.objects.create(
        citizen=citizen,
        taken_at=taken,
        source="manual",
        bmi=31.0,
        grip_kg=14.0,
        systolic_mmhg=165,
        diastolic_mmhg=95,
        smm_kg=19.5,
    )
    assert refresh_snapshots(citizen_ids=[citizen.pk]) == 1
    snap = AssessmentSnapshot.objects.get(citizen=citizen)
    assert snap.sarcopenia == "possible"
    assert snap.obesity_class == "obese_2"
    assert snap.bp_class == "stage2"
    assert snap.bmi == 31.0
    assert snap.measured_on == timezone.localtime(taken).date()
    assert refresh_snapshots(citizen_ids=[citizen.pk]) == 1  # upsert, no duplicate
    assert AssessmentSnapshot.objects.filter(citizen=citizen).count() == 1
    assert sync_observations(programme=aid.programme, citizen_ids=[citizen.pk]) == 1
    assert OutcomeObservation.objects.get(citizen=citizen).value == 19.5
