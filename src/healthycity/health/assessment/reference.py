"""The cut-offs of the personal assessment, read from the versioned data files in ``data/``.

Each file starts with ``#`` lines naming its source, then a CSV header. Numbers live only there
(DESIGN.md: "reference values are data"); this module turns them into small typed tables.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def source_of(name: str) -> str:
    """The ``# source:`` line of a data file (shown in docs and in each finding)."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("# source:"):
            return line.removeprefix("# source:").strip()
    return name


def _num(raw: str) -> float | None:
    raw = (raw or "").strip()
    return float(raw) if raw else None


@dataclass(frozen=True, slots=True)
class Band:
    """A named interval: ``low <= x < high`` (or ``<= high`` when ``high_inclusive``)."""

    name: str
    low: float | None
    high: float | None
    high_inclusive: bool = False

    def contains(self, x: float) -> bool:
        if self.low is not None and x < self.low:
            return False
        if self.high is None:
            return True
        return x <= self.high if self.high_inclusive else x < self.high

    def text(self) -> str:
        """The interval as people read it: '18.5–<23', '<10', '≥35', '10–20'."""
        lo, hi = _fmt(self.low), _fmt(self.high)
        if self.low is None:
            return f"≤{hi}" if self.high_inclusive else f"<{hi}"
        if self.high is None:
            return f"≥{lo}"
        return f"{lo}–{hi}" if self.high_inclusive else f"{lo}–<{hi}"


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}"


@cache
def bmi_classes() -> tuple[Band, ...]:
    return tuple(
        Band(r["class"], _num(r["bmi_lower_inclusive"]), _num(r["bmi_upper_exclusive"]))
        for r in _rows("ksso2022_bmi_classes.csv")
    )


@cache
def waist_cutoffs() -> dict[str, float]:
    """Abdominal obesity if waist (cm) >= the value, by sex 'M'/'F'."""
    return {
        r["sex"]: float(r["waist_cm_abdominal_obesity_if_ge"])
        for r in _rows("ksso2022_abdominal_obesity.csv")
    }


@cache
def device_ranges() -> dict[tuple[str, str], Band]:
    """InBody reference ranges by (item, sex)."""
    return {
        (r["item"], r["sex"]): Band(
            "normal", _num(r["low"]), _num(r["high"]), r["high_inclusive"] == "yes"
        )
        for r in _rows("inbody_reference_ranges.csv")
    }


@cache
def device_range_status(item: str) -> str:
    return next(r["status"] for r in _rows("inbody_reference_ranges.csv") if r["item"] == item)


@dataclass(frozen=True, slots=True)
class Cutoff:
    criterion: str
    input: str
    measure: str
    male: float
    female: float
    direction: str  # '<', '>=', '<='
    unit: str

    def for_sex(self, sex: str) -> float:
        return self.male if sex == "M" else self.female

    def is_low(self, value: float, sex: str) -> bool:
        """True when the value meets the criterion (i.e. is 'low' in AWGS terms)."""
        cut = self.for_sex(sex)
        if self.direction == "<":
            return value < cut
        if self.direction == ">=":
            return value >= cut
        if self.direction == "<=":
            return value <= cut
        raise ValueError(f"Unknown direction {self.direction!r} in awgs2019_sarcopenia_cutoffs.csv")


@cache
def awgs_cutoffs() -> tuple[Cutoff, ...]:
    return tuple(
        Cutoff(
            r["criterion"],
            r["input"],
            r["measure"],
            float(r["male_cutoff"]),
            float(r["female_cutoff"]),
            r["direction"],
            r["unit"],
        )
        for r in _rows("awgs2019_sarcopenia_cutoffs.csv")
    )


@cache
def awgs_decision_rules() -> dict[str, str]:
    return {r["outcome"]: r["rule"] for r in _rows("awgs2019_decision_rules.csv")}


@cache
def awgs_from_age() -> int:
    rows = {r["item"]: r["value"] for r in _rows("awgs2019_scope.csv")}
    return int(rows["applies_from_age"])


@dataclass(frozen=True, slots=True)
class BloodPressureClass:
    name: str
    sbp: Band
    dbp: Band
    join: str  # 'and' | 'or'

    def matches(self, sbp: float, dbp: float) -> bool:
        """An open side of a row does not take part: a row with only an SBP bound and
        'or' is decided by SBP alone."""
        parts = []
        if self.sbp.low is not None or self.sbp.high is not None:
            parts.append(self.sbp.contains(sbp))
        if self.dbp.low is not None or self.dbp.high is not None:
            parts.append(self.dbp.contains(dbp))
        return all(parts) if self.join == "and" else any(parts)


@cache
def blood_pressure_classes() -> tuple[BloodPressureClass, ...]:
    return tuple(
        BloodPressureClass(
            r["class"],
            Band("sbp", _num(r["sbp_lower"]), _num(r["sbp_upper"])),
            Band("dbp", _num(r["dbp_lower"]), _num(r["dbp_upper"])),
            r["join"],
        )
        for r in _rows("khs2022_blood_pressure_classes.csv")
    )


@cache
def steps_goals() -> tuple[tuple[Band, int], ...]:
    return tuple(
        (Band("age", _num(r["from_age"]), _num(r["to_age"])), int(r["daily_goal"]))
        for r in _rows("programme_steps_goal.csv")
    )


def steps_goal_for(age: int) -> int:
    return next(goal for ages, goal in steps_goals() if ages.contains(age))


SOURCES = {
    "bmi": "ksso2022_bmi_classes.csv",
    "waist": "ksso2022_abdominal_obesity.csv",
    "body_fat": "inbody_reference_ranges.csv",
    "ecw_tbw": "inbody_reference_ranges.csv",
    "visceral_fat": "inbody_reference_ranges.csv",
    "sarcopenia": "awgs2019_sarcopenia_cutoffs.csv",
    "blood_pressure": "khs2022_blood_pressure_classes.csv",
    "steps": "programme_steps_goal.csv",
}
