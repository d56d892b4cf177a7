"""Health records: one row per sitting (`Measurement`), daily steps, and import bookkeeping."""

from healthycity.health.models.imports import ImportBatch, QuarantinedRow
from healthycity.health.models.records import (
    VALUE_FIELDS,
    DailySteps,
    Measurement,
    StepsFlag,
    StepsRevision,
)

__all__ = [
    "VALUE_FIELDS",
    "DailySteps",
    "ImportBatch",
    "Measurement",
    "QuarantinedRow",
    "StepsFlag",
    "StepsRevision",
]
