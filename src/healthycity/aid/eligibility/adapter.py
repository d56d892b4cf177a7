"""The one place that reads the health app for the aid app.

- `latest_assessments(citizen_ids)`: the health app's personal assessment
  (`health.assessment.assess_records` over `health.queries.records_for`-shaped records) mapped to
  the vocabulary of `attributes.py`; feeds `aid.AssessmentSnapshot`.
- `indicator_observations(citizen_ids, indicator)`: measurements of a programme's target
  indicators, for outcomes; feeds `aid.OutcomeObservation`.

Records are loaded per chunk of citizens (three queries per chunk), never per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.utils import timezone

from healthycity.aid.eligibility.attributes import BP_CLASSES, OBESITY_CLASSES, SARCOPENIA

# health.assessment outcome → aid attribute value
OBESITY = {
    "underweight": "underweight",
    "normal": "normal",
    "pre_obesity": "pre_obese",
    "obesity_class_1": "obese_1",
    "obesity_class_2": "obese_2",
    "obesity_class_3": "obese_3",
}
SARCOPENIA_MAP = {
    "no_sarcopenia": "none",
    "possible_sarcopenia": "possible",
    "sarcopenia": "confirmed",
    "severe_sarcopenia": "severe",
}
BP = {
    "normal": "normal",
    "elevated": "elevated",
    "prehypertension": "prehypertension",
    "hypertension_stage_1": "stage1",
    "hypertension_stage_2": "stage2",
    "isolated_systolic_hypertension": "isolated_systolic",
}
# aid indicator → health.Measurement column ("steps" reads health.DailySteps)
INDICATOR_FIELDS = {
    "smm_kg": "smm_kg",
    "handgrip_kg": "grip_kg",
    "bmi": "bmi",
    "sbp_mmhg": "systolic_mmhg",
    "pbf_pct": "pbf_percent",
}
assert set(OBESITY.values()) <= set(OBESITY_CLASSES)
assert set(SARCOPENIA_MAP.values()) <= set(SARCOPENIA)
assert set(BP.values()) <= set(BP_CLASSES)


def _health():
    try:
        from healthycity.health.assessment.adapter import assess_records
        from healthycity.health.models import DailySteps, Measurement
        from healthycity.health.queries import CitizenRecords
    except ImportError:  # the health app is not installed
        return None
    return assess_records, CitizenRecords, Measurement, DailySteps


def _chunks(citizen_ids: Iterable[int] | None, size: int) -> Iterator[list[int]]:
    from healthycity.citizens.queries import citizen_id_chunks

    if citizen_ids is None:
        yield from citizen_id_chunks(size)
    else:
        ids = list(citizen_ids)
        for start in range(0, len(ids), size):
            yield ids[start : start + size]


def _outcome(assessment, topic: str, mapping: dict) -> str | None:
    finding = next((f for f in assessment.findings if f.topic == topic), None)
    if finding is None or not finding.assessed:
        return None
    return mapping.get(finding.outcome)


def latest_assessments(citizen_ids: Iterable[int] | None = None, *, chunk: int = 2000):
    """Yield {citizen_id, measured_on, bmi, obesity_class, sarcopenia, bp_class, steps_goal_met}
    for each citizen with at least one measurement."""
    health = _health()
    if health is None:
        return
    assess_records, CitizenRecords, Measurement, DailySteps = health
    from healthycity.citizens.models import Citizen

    on = timezone.localdate()
    for ids in _chunks(citizen_ids, chunk):
        sittings = defaultdict(list)
        for m in Measurement.objects.filter(citizen_id__in=ids).order_by("taken_at", "id"):
            sittings[m.citizen_id].append(m)
        steps = defaultdict(list)
        for s in DailySteps.objects.filter(citizen_id__in=ids).order_by("date", "id"):
            steps[s.citizen_id].append(s)
        for citizen in Citizen.objects.filter(pk__in=set(sittings) | set(steps)):
            records = CitizenRecords(citizen, sittings[citizen.pk], steps[citizen.pk])
            assessment = assess_records(records, on)
            days = [timezone.localtime(m.taken_at).date() for m in records.measurements]
            days += [s.date for s in records.steps]
            bmi = next((f for f in assessment.findings if f.topic == "bmi"), None)
            steps_outcome = _outcome(assessment, "steps", {"goal_met": True, "below_goal": False})
            yield {
                "citizen_id": citizen.pk,
                "measured_on": max(days) if days else None,
                "bmi": bmi.value if bmi is not None and bmi.assessed else None,
                "obesity_class": _outcome(assessment, "bmi", OBESITY),
                "sarcopenia": _outcome(assessment, "sarcopenia", SARCOPENIA_MAP),
                "bp_class": _outcome(assessment, "blood_pressure", BP),
                "steps_goal_met": steps_outcome,
            }


def indicator_observations(citizen_ids: Iterable[int], indicator: str, *, chunk: int = 5000):
    """Yield (citizen_id, day, value) of one target indicator from the health records."""
    health = _health()
    if health is None:
        return
    _assess, _records, Measurement, DailySteps = health
    for ids in _chunks(citizen_ids, chunk):
        if indicator == "steps":
            rows = DailySteps.objects.filter(citizen_id__in=ids).values_list(
                "citizen_id", "date", "steps"
            )
            yield from rows
            continue
        field = INDICATOR_FIELDS.get(indicator)
        if field is None:
            return
        rows = (
            Measurement.objects.filter(citizen_id__in=ids, **{f"{field}__isnull": False})
            .values_list("citizen_id", "taken_at", field)
            .iterator(chunk_size=chunk)
        )
        for citizen_id, taken_at, value in rows:
            yield citizen_id, timezone.localtime(taken_at).date(), float(value)
