"""The attributes an eligibility rule may use, and where each one lives.

Citizen attributes are columns of `citizens.Citizen`; health attributes come from the latest
personal assessment, denormalised into `aid.AssessmentSnapshot` (see `aid.domain.snapshots`).
A citizen without an assessment has no value for the health attributes: any comparison on a
missing value is false (so `!(sarcopenia == "confirmed")` is true for them).

`age` is in completed years at the end of the current year (the registry keeps the birth year
only). `months_since_measurement` counts whole 30-day months since the latest assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.citizens.enums import IncomeBand, Sex

INT, DOUBLE, STRING, BOOL = "int", "double", "string", "bool"

OBESITY_CLASSES = ("underweight", "normal", "pre_obese", "obese_1", "obese_2", "obese_3")
SARCOPENIA = ("none", "possible", "confirmed", "severe")
BP_CLASSES = ("normal", "elevated", "prehypertension", "stage1", "stage2", "isolated_systolic")
MONTH_DAYS = 30


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str
    label: object
    column: str | None  # lookup path from Citizen; None: computed (see compile.py)
    choices: tuple[str, ...] | None = None
    nullable: bool = False


ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in [
        Attribute("age", INT, _("age in years"), None),
        Attribute("sex", STRING, _("sex (F or M)"), "sex", tuple(Sex.values)),
        Attribute("district", STRING, _("district code, e.g. 11110"), "district__code"),
        Attribute("income_band", STRING, _("income band"), "income_band", tuple(IncomeBand.values)),
        Attribute("medical_aid", BOOL, _("medical aid recipient"), "medical_aid"),
        Attribute("living_alone", BOOL, _("lives alone"), "living_alone"),
        Attribute("disability", BOOL, _("registered disability"), "disability"),
        Attribute("bmi", DOUBLE, _("body-mass index"), "aid_snapshot__bmi", nullable=True),
        Attribute(
            "obesity_class",
            STRING,
            _("obesity class (KSSO 2022)"),
            "aid_snapshot__obesity_class",
            OBESITY_CLASSES,
            nullable=True,
        ),
        Attribute(
            "sarcopenia",
            STRING,
            _("sarcopenia (AWGS 2019)"),
            "aid_snapshot__sarcopenia",
            SARCOPENIA,
            nullable=True,
        ),
        Attribute(
            "bp_class",
            STRING,
            _("blood-pressure class"),
            "aid_snapshot__bp_class",
            BP_CLASSES,
            nullable=True,
        ),
        Attribute(
            "steps_goal_met",
            BOOL,
            _("daily-steps goal met"),
            "aid_snapshot__steps_goal_met",
            nullable=True,
        ),
        Attribute(
            "months_since_measurement",
            INT,
            _("whole 30-day months since the latest assessment"),
            None,
            nullable=True,
        ),
    ]
}

# Columns read (with .values()) to evaluate a rule in Python for one citizen.
VALUE_COLUMNS = [
    "id",
    "birth_year",
    "sex",
    "district__code",
    "income_band",
    "medical_aid",
    "living_alone",
    "disability",
    "aid_snapshot__measured_on",
    "aid_snapshot__bmi",
    "aid_snapshot__obesity_class",
    "aid_snapshot__sarcopenia",
    "aid_snapshot__bp_class",
    "aid_snapshot__steps_goal_met",
]


def today() -> date:
    return timezone.localdate()


def attribute_values(row: dict, *, on: date | None = None) -> dict:
    """Attribute values of one citizen from a `.values(*VALUE_COLUMNS)` row."""
    on = on or today()
    measured = row.get("aid_snapshot__measured_on")
    return {
        "age": on.year - row["birth_year"],
        "sex": row["sex"],
        "district": row["district__code"],
        "income_band": row["income_band"],
        "medical_aid": row["medical_aid"],
        "living_alone": row["living_alone"],
        "disability": row["disability"],
        "bmi": row.get("aid_snapshot__bmi"),
        "obesity_class": row.get("aid_snapshot__obesity_class") or None,
        "sarcopenia": row.get("aid_snapshot__sarcopenia") or None,
        "bp_class": row.get("aid_snapshot__bp_class") or None,
        "steps_goal_met": row.get("aid_snapshot__steps_goal_met"),
        "months_since_measurement": (on - measured).days // MONTH_DAYS if measured else None,
    }


def months_ago(months: int, *, on: date | None = None) -> date:
    """The latest assessment date that is at least `months` whole 30-day months old."""
    return (on or today()) - timedelta(days=MONTH_DAYS * months)
