"""The inputs and outputs of the personal assessment: plain data, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

# The assessment's own vocabulary of inputs, with their UCUM units. The adapter maps the code
# catalogue of the health records (LOINC and the local code system) onto these names.
INPUTS: Mapping[str, str] = MappingProxyType(
    {
        "weight": "kg",
        "height": "cm",
        "bmi": "kg/m2",
        "body_fat_percent": "%",
        "body_fat_mass": "kg",
        "skeletal_muscle_mass": "kg",
        "waist": "cm",
        "asmi": "kg/m2",
        "appendicular_muscle_mass": "kg",
        "grip_strength": "kg",
        "gait_speed": "m/s",
        "chair_stand": "s",
        "sppb": "{score}",
        "ecw_tbw": "1",
        "visceral_fat_level": "{level}",
        "systolic": "mm[Hg]",
        "diastolic": "mm[Hg]",
        "heart_rate": "/min",
        "steps": "/d",
    }
)


@dataclass(frozen=True, slots=True)
class Measurement:
    """One value of one input, on one day (the assessment works in local calendar days)."""

    code: str
    value: float
    taken_on: dt.date


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """Everything the assessment may use about one person. ``sex`` is 'F' or 'M' (None if
    unknown); ``age`` in completed years on the assessment day (None if unknown)."""

    sex: str | None
    age: int | None
    measurements: Sequence[Measurement] = ()


class Status(StrEnum):
    ASSESSED = "assessed"
    NOT_ASSESSABLE = "not_assessable"
    NOT_APPLICABLE = "not_applicable"


class Level(StrEnum):
    """How much attention a finding asks for; drives colour and sorting, never wording."""

    OK = "ok"
    ATTENTION = "attention"
    ALERT = "alert"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One statement about one topic, naming the rule that produced it and its source.

    ``outcome`` is a class name from the rule's data file (e.g. 'obesity_class_1'), empty when
    the finding is not assessable. ``missing`` names the inputs that were needed but absent.
    """

    topic: str
    rule_id: str
    source: str
    status: Status
    outcome: str = ""
    level: Level = Level.INFO
    value: float | None = None
    shown: str = ""  # the value as printed, e.g. '132/84' for blood pressure
    unit: str = ""
    taken_on: dt.date | None = None
    reference: str = ""
    missing: tuple[str, ...] = ()
    details: Mapping[str, object] = field(default_factory=dict)

    @property
    def assessed(self) -> bool:
        return self.status == Status.ASSESSED


@dataclass(frozen=True, slots=True)
class Change:
    """How one input moved: latest against the previous and against the first value."""

    code: str
    unit: str
    latest: float
    latest_on: dt.date
    previous: float | None
    previous_on: dt.date | None
    first: float | None
    first_on: dt.date | None

    @property
    def since_previous(self) -> float | None:
        return None if self.previous is None else round(self.latest - self.previous, 3)

    @property
    def since_first(self) -> float | None:
        return None if self.first is None else round(self.latest - self.first, 3)


@dataclass(frozen=True, slots=True)
class Assessment:
    findings: tuple[Finding, ...]
    changes: tuple[Change, ...]

    def finding(self, topic: str) -> Finding:
        return next(f for f in self.findings if f.topic == topic)

    def outcomes(self) -> set[str]:
        """The outcomes of every assessed finding, e.g. {'pre_obesity', 'possible_sarcopenia'}."""
        return {f.outcome for f in self.findings if f.assessed}
