"""The summary of one citizen's records that every page and the PDF render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from healthycity.health.assessment import Assessment, Finding
from healthycity.health.assessment.adapter import assess_records
from healthycity.health.assessment.explain import describe, describe_change, unit_display

# Columns of the measurements table and of the "last eight tests", in the order of a result sheet.
TABLE_FIELDS = (
    "weight_kg",
    "smm_kg",
    "bfm_kg",
    "pbf_percent",
    "bmi",
    "waist_cm",
    "ecw_tbw",
    "vfl",
    "systolic_mmhg",
    "diastolic_mmhg",
    "grip_kg",
    "gait_speed_mps",
)
LAST_TESTS = 8

# Bars: where the scale of each bar starts and ends (display only; the normal band comes from the
# assessment's reference data, so the bar and the finding never disagree).
BAR_SCALES = {
    "bmi": (10.0, 40.0),
    "waist": (50.0, 130.0),
    "body_fat": (0.0, 50.0),
    "ecw_tbw": (0.33, 0.43),
    "visceral_fat": (1.0, 20.0),
    "blood_pressure": (80.0, 200.0),
    "steps": (0.0, 15000.0),
}


def _field_label(name: str) -> str:
    from healthycity.health.models import Measurement

    return str(Measurement._meta.get_field(name).verbose_name)


@dataclass
class Bar:
    """A value on a scale with its normal band, as percentages of the bar's width."""

    title: str
    shown: str
    unit: str
    level: str
    value_pct: float
    band_from_pct: float
    band_to_pct: float
    reference: str

    @property
    def band_width_pct(self) -> float:
        return round(self.band_to_pct - self.band_from_pct, 1)


def _pct(x: float, lo: float, hi: float) -> float:
    return round(max(0.0, min(100.0, (x - lo) / (hi - lo) * 100)), 1)


def bar_for(finding: Finding, title: str) -> Bar | None:
    """A bar for findings with a number and a normal band (from the finding's details, i.e. from
    the assessment's reference data, so bar and finding never disagree); None for the others."""
    if not finding.assessed or finding.value is None or finding.topic not in BAR_SCALES:
        return None
    lo, hi = BAR_SCALES[finding.topic]
    band_lo = finding.details.get("normal_low")
    band_hi = finding.details.get("normal_high")
    return Bar(
        title=title,
        shown=finding.shown,
        unit=unit_display(finding.unit),
        level=finding.level.value,
        value_pct=_pct(float(finding.value), lo, hi),
        band_from_pct=_pct(float(band_lo), lo, hi) if band_lo is not None else 0.0,  # type: ignore[arg-type]
        band_to_pct=_pct(float(band_hi), lo, hi) if band_hi is not None else 100.0,  # type: ignore[arg-type]
        reference=finding.reference,
    )


@dataclass
class RecordSummary:
    citizen: object
    assessment: Assessment
    findings: list[dict]
    changes: list[dict]
    bars: list[Bar]
    columns: list[tuple[str, str]]
    rows: list[dict]  # newest first
    last_tests: list[dict]  # the last eight sittings, oldest first (as on a result sheet)
    steps_days: int
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def has_records(self) -> bool:
        return bool(self.rows) or self.steps_days > 0


def _row(sitting) -> dict:
    return {
        "taken_at": sitting.taken_at,
        "context": sitting.get_context_display(),
        "values": [getattr(sitting, f) for f in TABLE_FIELDS],
        "source": sitting.get_source_display(),
    }


def summarise(records, on: dt.date | None = None) -> RecordSummary:
    """`records` is health.queries.CitizenRecords. No queries beyond what `records` holds."""
    assessment = assess_records(records, on)
    described = [describe(f) for f in assessment.findings]
    bars = [
        bar
        for finding, text in zip(assessment.findings, described, strict=True)
        if (bar := bar_for(finding, text["title"])) is not None
    ]
    sittings = list(records.measurements)
    return RecordSummary(
        citizen=records.citizen,
        assessment=assessment,
        findings=described,
        changes=[describe_change(c) for c in assessment.changes],
        bars=bars,
        columns=[(f, _field_label(f)) for f in TABLE_FIELDS],
        rows=[_row(s) for s in reversed(sittings)],
        last_tests=[_row(s) for s in sittings[-LAST_TESTS:]],
        steps_days=len(records.steps),
    )
