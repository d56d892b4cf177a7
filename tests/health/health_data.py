"""Records for the portal, report and worker tests (the cast's citizen is a woman born 1950)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent
from healthycity.health.models import DailySteps, Measurement


def sitting(citizen, days_ago: int, **values) -> Measurement:
    return Measurement.objects.create(
        citizen=citizen,
        taken_at=timezone.now() - dt.timedelta(days=days_ago),
        source="form",
        **values,
    )


def history(citizen) -> list[Measurement]:
    """Three body-composition sittings, the latest with low grip (possible sarcopenia) and
    stage-1 hypertension, and a week of steps."""
    rows = [
        sitting(citizen, 400, weight_kg=62, height_cm=156, smm_kg=20.1, pbf_percent=33.0,
                systolic_mmhg=128, diastolic_mmhg=78),
        sitting(citizen, 200, weight_kg=61, height_cm=156, smm_kg=19.8, pbf_percent=32.5,
                systolic_mmhg=136, diastolic_mmhg=84),
        sitting(citizen, 10, weight_kg=60.5, height_cm=156, smm_kg=19.5, pbf_percent=32.0,
                waist_cm=88, ecw_tbw=0.395, grip_kg=16.5, gait_speed_mps=0.9,
                systolic_mmhg=148, diastolic_mmhg=92),
    ]  # fmt: skip
    today = timezone.localdate()
    for d in range(7):
        DailySteps.objects.create(
            citizen=citizen, date=today - dt.timedelta(days=d + 1), steps=4200
        )
    return rows


def consent_care(*citizens) -> None:
    for c in citizens:
        grant_consent(citizen=c, purpose="care", by=None)
