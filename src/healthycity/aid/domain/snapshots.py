"""Keep `aid.AssessmentSnapshot` in step with the health app's latest personal assessment."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from healthycity.aid.eligibility.adapter import latest_assessments
from healthycity.aid.models import AssessmentSnapshot

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
