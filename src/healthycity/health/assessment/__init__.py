"""The personal assessment: a pure function of a person's values, with its cut-offs in ``data/``.

from healthycity.health.assessment import AssessmentInput, Measurement, assess
result = assess(AssessmentInput(sex="F", age=72, measurements=[Measurement("bmi", 24.1, day)]))
result.finding("bmi").outcome  # 'pre_obesity'
"""

from .engine import assess
from .types import (
    INPUTS,
    Assessment,
    AssessmentInput,
    Change,
    Finding,
    Level,
    Measurement,
    Status,
)

__all__ = [
    "INPUTS",
    "Assessment",
    "AssessmentInput",
    "Change",
    "Finding",
    "Level",
    "Measurement",
    "Status",
    "assess",
]
