"""From the health records (health.models) to the assessment's input. The only module of the
assessment that knows the record models; the rules stay pure."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .types import AssessmentInput, Measurement

# Measurement column → assessment input. InBody's "SMI" is appendicular skeletal muscle mass
# divided by height² (the AWGS ASMI), so smi_kg_m2 feeds the muscle-mass criterion.
FIELD_TO_INPUT = {
    "height_cm": "height",
    "waist_cm": "waist",
    "weight_kg": "weight",
    "bmi": "bmi",
    "pbf_percent": "body_fat_percent",
    "bfm_kg": "body_fat_mass",
    "smm_kg": "skeletal_muscle_mass",
    "ecw_tbw": "ecw_tbw",
    "vfl": "visceral_fat_level",
    "asm_kg": "appendicular_muscle_mass",
    "smi_kg_m2": "asmi",
    "systolic_mmhg": "systolic",
    "diastolic_mmhg": "diastolic",
    "heart_rate_bpm": "heart_rate",
    "grip_kg": "grip_strength",
    "gait_speed_mps": "gait_speed",
    "chair_stand_s": "chair_stand",
}


def measurements_of(sittings, steps) -> list[Measurement]:
    """Sittings (health.Measurement) and days (health.DailySteps) as assessment measurements,
    each on its local calendar day."""
    found: list[Measurement] = []
    for sitting in sittings:
        day = timezone.localtime(sitting.taken_at).date()
        for field, code in FIELD_TO_INPUT.items():
            value = getattr(sitting, field, None)
            if value is not None:
                found.append(Measurement(code, float(value), day))
    # A day flagged as implausible (docs/methods.md, "Plausibility of steps") is not assessed.
    found.extend(
        Measurement("steps", float(s.steps), s.date)
        for s in steps
        if not getattr(s, "flagged", False)
    )
    return found


def input_from_records(records, on: dt.date | None = None) -> AssessmentInput:
    """`records` is health.queries.CitizenRecords (citizen, measurements, steps)."""
    citizen = records.citizen
    return AssessmentInput(
        sex=citizen.sex or None,
        age=citizen.age(on),
        measurements=measurements_of(records.measurements, records.steps),
    )


def assess_records(records, on: dt.date | None = None):
    from .engine import assess

    return assess(input_from_records(records, on))
