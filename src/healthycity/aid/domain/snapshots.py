"""Keep `aid.AssessmentSnapshot` and `aid.OutcomeObservation` in step with the health app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from healthycity.aid.eligibility.adapter import indicator_observations, latest_assessments
from healthycity.aid.models import AssessmentSnapshot, OutcomeObservation

FIELDS = ["measured_on", "bmi", "obesity_class", "sarcopenia", "bp_class", "steps_goal_met"]


@transaction.atomic
def refresh_snapshots(*, citizen_ids: Iterable[int] | None = None, batch: int = 5000) -> int:
    """Upsert one snapshot per citizen with an assessment (all citizens, or `citizen_ids`).
    Side effects: INSERT/UPDATE of aid_assessmentsnapshot in batches. Returns rows written."""
    written = 0
    rows: list[AssessmentSnapshot] = []
    for values in latest_assessments(citizen_ids):
        rows.append(AssessmentSnapshot(**values))
        if len(rows) >= batch:
            written += _upsert(rows)
            rows = []
    if rows:
        written += _upsert(rows)
    return written


def _upsert(rows: list[AssessmentSnapshot]) -> int:
    AssessmentSnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["citizen"], update_fields=FIELDS
    )
    return len(rows)


@transaction.atomic
def sync_observations(*, programme, citizen_ids: Iterable[int]) -> int:
    """Copy the health app's measurements of `programme`'s target indicators for `citizen_ids`
    into `OutcomeObservation` (replacing earlier copies; follow-ups recorded in aid are kept).
    Side effects: DELETE + INSERT of non-follow-up observations of those citizens."""
    ids = list(citizen_ids)
    written = 0
    for indicator in programme.target_indicators or []:
        OutcomeObservation.objects.filter(
            citizen_id__in=ids, indicator=indicator, follow_up=False
        ).delete()
        rows = [
            OutcomeObservation(citizen_id=c, indicator=indicator, measured_on=d, value=v)
            for c, d, v in indicator_observations(ids, indicator)
        ]
        OutcomeObservation.objects.bulk_create(rows, batch_size=5000)
        written += len(rows)
    return written
