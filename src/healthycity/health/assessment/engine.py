"""assess(): the personal assessment as one pure function of a person's values."""

from __future__ import annotations

from .rules import ASSESSORS, Series
from .types import INPUTS, Assessment, AssessmentInput, Change

# The inputs whose change is shown (latest against previous and first day).
TRACKED = (
    "weight",
    "bmi",
    "skeletal_muscle_mass",
    "body_fat_mass",
    "body_fat_percent",
    "waist",
    "asmi",
    "grip_strength",
    "gait_speed",
    "chair_stand",
    "ecw_tbw",
    "visceral_fat_level",
    "systolic",
    "diastolic",
)


def changes(series: Series) -> tuple[Change, ...]:
    """For each tracked input: the latest day's value against the previous day's and the first
    day's (one value per day: the last of the day)."""
    found = []
    for code in TRACKED:
        per_day = {m.taken_on: m.value for m in series.all(code)}
        if not per_day:
            continue
        days = sorted(per_day)
        latest = days[-1]
        previous = days[-2] if len(days) > 1 else None
        first = days[0] if len(days) > 1 else None
        found.append(
            Change(
                code=code,
                unit=INPUTS[code],
                latest=per_day[latest],
                latest_on=latest,
                previous=per_day[previous] if previous else None,
                previous_on=previous,
                first=per_day[first] if first else None,
                first_on=first,
            )
        )
    return tuple(found)


def assess(inp: AssessmentInput) -> Assessment:
    """Every finding of the assessment, in a fixed order, and the changes over time.

    Pure: no database, no clock; the same input always gives the same output."""
    series = Series(inp.measurements)
    findings = tuple(assessor(series, inp) for assessor in ASSESSORS.values())
    return Assessment(findings=findings, changes=changes(series))
