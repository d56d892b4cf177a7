"""The rules of the personal assessment. Each function takes the person's series of values and
returns one Finding that names its rule and source; a missing input gives NOT_ASSESSABLE with the
inputs that were needed, never a guess. Cut-offs come from ``reference`` (the data files)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from statistics import fmean

from . import reference as ref
from .types import INPUTS, AssessmentInput, Finding, Level, Measurement, Status

# Korean adulthood begins at 19 (Civil Act art. 4); the KSSO and KSH cut-offs are for adults.
ADULT_FROM_AGE = 19
STEPS_WINDOW_DAYS = 7

SOURCES = {
    "bmi": "KSSO 2022 (Haam JH et al. J Obes Metab Syndr 2023;32(2):121-129)",
    "waist": "KSSO 2022 (Haam JH et al. J Obes Metab Syndr 2023;32(2):121-129)",
    "body_fat": "InBody reference range (InBody H30/Dial user manual)",
    "ecw_tbw": "InBody reference range (InBody results interpretation)",
    "visceral_fat": "InBody reference range (inbodyasia.com; partially confirmed)",
    "sarcopenia": "AWGS 2019 (Chen LK et al. J Am Med Dir Assoc 2020;21(3):300-307.e2)",
    "blood_pressure": "Korean Society of Hypertension 2018 guideline, kept in the 2022 focused update (Clin Hypertens 2019;25:20; 2023;29:11)",
    "steps": "Programme rule (informed by Paluch AE et al. Lancet Public Health 2022;7(3):e219-e228)",
}
RULE_IDS = {
    "bmi": "ksso2022.bmi_class",
    "waist": "ksso2022.abdominal_obesity",
    "body_fat": "inbody.percent_body_fat_range",
    "ecw_tbw": "inbody.ecw_tbw_range",
    "visceral_fat": "inbody.visceral_fat_level",
    "sarcopenia": "awgs2019.sarcopenia",
    "blood_pressure": "ksh2022.bp_class",
    "steps": "programme.daily_steps_goal",
}


class Series:
    """A person's values grouped by input, each sorted by day."""

    def __init__(self, measurements: Iterable[Measurement]):
        by_code: dict[str, list[Measurement]] = defaultdict(list)
        for m in measurements:
            if m.code in INPUTS and math.isfinite(m.value):
                by_code[m.code].append(m)
        self._by_code = {c: sorted(ms, key=lambda m: m.taken_on) for c, ms in by_code.items()}

    def all(self, code: str) -> list[Measurement]:
        return self._by_code.get(code, [])

    def latest(self, code: str) -> Measurement | None:
        values = self.all(code)
        return values[-1] if values else None

    def on(self, code: str, day: dt.date) -> list[float]:
        return [m.value for m in self.all(code) if m.taken_on == day]

    def days(self, code: str) -> list[dt.date]:
        return sorted({m.taken_on for m in self.all(code)})


def _base(topic: str, status: Status, **kw) -> Finding:
    return Finding(topic=topic, rule_id=RULE_IDS[topic], source=SOURCES[topic], status=status, **kw)


def not_assessable(topic: str, *missing: str, **details) -> Finding:
    return _base(topic, Status.NOT_ASSESSABLE, missing=tuple(missing), details=details)


def _not_adult(topic: str, age: int | None) -> Finding | None:
    if age is not None and age < ADULT_FROM_AGE:
        return _base(topic, Status.NOT_APPLICABLE, details={"adult_from_age": ADULT_FROM_AGE})
    return None


def _round(x: float, digits: int = 1) -> float:
    return round(x, digits)


def per_height_squared(value: float, height_cm: float) -> float | None:
    """value / height(m)²; None when the height is zero or the result is not a finite number."""
    metres_squared = (height_cm / 100) ** 2
    if metres_squared <= 0:
        return None
    result = value / metres_squared
    return result if math.isfinite(result) else None


# ---- body-mass index (KSSO 2022) --------------------------------------------------------------

BMI_LEVELS = {
    "underweight": Level.ATTENTION,
    "normal": Level.OK,
    "pre_obesity": Level.ATTENTION,
    "obesity_class_1": Level.ATTENTION,
    "obesity_class_2": Level.ALERT,
    "obesity_class_3": Level.ALERT,
}


def bmi_value(series: Series) -> tuple[float, dt.date, str] | None:
    """The latest BMI: as recorded, or weight/height² when the weight is newer than any
    recorded BMI (height is taken from its latest measurement; adult height barely changes)."""
    bmi, weight, height = series.latest("bmi"), series.latest("weight"), series.latest("height")
    computed = None
    if weight and height:
        bmi_wh = per_height_squared(weight.value, height.value)
        computed = None if bmi_wh is None else (bmi_wh, weight.taken_on, "weight/height²")
    if bmi and (computed is None or bmi.taken_on >= computed[1]):
        return bmi.value, bmi.taken_on, "recorded"
    return computed


def assess_bmi(series: Series, inp: AssessmentInput) -> Finding:
    if (na := _not_adult("bmi", inp.age)) is not None:
        return na
    found = bmi_value(series)
    if found is None:
        return not_assessable("bmi", "weight", "height")
    value, day, how = found
    value = _round(value)
    band = next(b for b in ref.bmi_classes() if b.contains(value))
    normal = next(b for b in ref.bmi_classes() if b.name == "normal")
    return _base(
        "bmi",
        Status.ASSESSED,
        outcome=band.name,
        level=BMI_LEVELS[band.name],
        value=value,
        shown=f"{value:.1f}",
        unit="kg/m2",
        taken_on=day,
        reference=normal.text(),
        details={"derived": how, "normal_low": normal.low, "normal_high": normal.high},
    )


# ---- waist (KSSO 2022) ------------------------------------------------------------------------


def assess_waist(series: Series, inp: AssessmentInput) -> Finding:
    if (na := _not_adult("waist", inp.age)) is not None:
        return na
    waist = series.latest("waist")
    missing = [name for name, have in (("sex", inp.sex), ("waist", waist)) if not have]
    if missing or waist is None or inp.sex is None:
        return not_assessable("waist", *missing)
    cut = ref.waist_cutoffs()[inp.sex]
    obese = waist.value >= cut
    return _base(
        "waist",
        Status.ASSESSED,
        outcome="abdominal_obesity" if obese else "no_abdominal_obesity",
        level=Level.ATTENTION if obese else Level.OK,
        value=waist.value,
        shown=f"{waist.value:g}",
        unit="cm",
        taken_on=waist.taken_on,
        reference=f"<{cut:g}",
        details={"cutoff": cut, "normal_low": None, "normal_high": cut},
    )


# ---- device ranges (InBody): body fat %, ECW/TBW, visceral fat level ----------------------------


def _device_range(
    topic: str, item: str, code: str, series: Series, inp: AssessmentInput, digits: int
) -> Finding:
    if (na := _not_adult(topic, inp.age)) is not None:
        return na
    ranges = ref.device_ranges()
    same_for_both = ranges[(item, "M")] == ranges[(item, "F")]
    latest = series.latest(code)
    missing = [code] if latest is None else []
    if inp.sex is None and not same_for_both:
        missing.insert(0, "sex")
    if missing or latest is None:
        return not_assessable(topic, *missing)
    band = ranges[(item, inp.sex or "M")]
    value = round(latest.value, digits)
    if band.contains(value):
        outcome, level = "within_range", Level.OK
    elif band.low is not None and value < band.low:
        outcome, level = "below_range", Level.ATTENTION
    else:
        outcome, level = "above_range", Level.ATTENTION
    return _base(
        topic,
        Status.ASSESSED,
        outcome=outcome,
        level=level,
        value=value,
        shown=f"{value:.{digits}f}",
        unit=INPUTS[code],
        taken_on=latest.taken_on,
        reference=band.text(),
        details={
            "range_status": ref.device_range_status(item),
            "normal_low": band.low,
            "normal_high": band.high,
        },
    )


def assess_body_fat(series: Series, inp: AssessmentInput) -> Finding:
    return _device_range("body_fat", "percent_body_fat", "body_fat_percent", series, inp, 1)


def assess_ecw_tbw(series: Series, inp: AssessmentInput) -> Finding:
    return _device_range("ecw_tbw", "ecw_tbw", "ecw_tbw", series, inp, 3)


def assess_visceral_fat(series: Series, inp: AssessmentInput) -> Finding:
    return _device_range("visceral_fat", "visceral_fat_level", "visceral_fat_level", series, inp, 0)


# ---- sarcopenia (AWGS 2019) -------------------------------------------------------------------


def k_and(*xs: bool | None) -> bool | None:
    """Kleene's three-valued AND: False wins, then unknown, then True."""
    if any(x is False for x in xs):
        return False
    return None if any(x is None for x in xs) else True


def k_or(*xs: bool | None) -> bool | None:
    """Kleene's three-valued OR: True wins, then unknown, then False."""
    if any(x is True for x in xs):
        return True
    return None if any(x is None for x in xs) else False


def asmi_value(series: Series) -> tuple[float, dt.date] | None:
    """ASMI as recorded (kg/m², BIA), or appendicular muscle mass / height²."""
    asmi, asm, height = (
        series.latest("asmi"),
        series.latest("appendicular_muscle_mass"),
        series.latest("height"),
    )
    newer = asm is not None and (asmi is None or asm.taken_on > asmi.taken_on)
    if newer and asm and height and (value := per_height_squared(asm.value, height.value)):
        return value, asm.taken_on
    return (asmi.value, asmi.taken_on) if asmi else None


def _criteria(
    series: Series, sex: str
) -> tuple[dict[str, bool | None], dict[str, dict[str, object]]]:
    """Each AWGS criterion as low (True), not low (False) or unknown (None), and the inputs used.

    AWGS 2019 accepts any one of gait speed, the 5-time chair stand or the SPPB as the measure of
    physical performance, so performance is known once one of them is; it is low if any is low.
    Hand-grip strength is the best of the latest day's trials (AWGS: maximum of ≥2 trials)."""
    used: dict[str, dict[str, object]] = {}
    values: dict[str, tuple[float, dt.date]] = {}
    if (asmi := asmi_value(series)) is not None:
        values["asmi"] = (round(asmi[0], 2), asmi[1])
    if (grip := series.latest("grip_strength")) is not None:
        values["grip_strength"] = (max(series.on("grip_strength", grip.taken_on)), grip.taken_on)
    for code in ("gait_speed", "chair_stand", "sppb"):
        if (m := series.latest(code)) is not None:
            values[code] = (m.value, m.taken_on)
    flags: dict[str, list[bool]] = defaultdict(list)
    for cutoff in ref.awgs_cutoffs():
        if cutoff.input in values:
            value, day = values[cutoff.input]
            low = cutoff.is_low(value, sex)
            flags[cutoff.criterion].append(low)
            used[cutoff.input] = {
                "value": value,
                "taken_on": day.isoformat(),
                "cutoff": f"{cutoff.direction}{cutoff.for_sex(sex):g} {cutoff.unit}",
                "low": low,
            }
    criteria: dict[str, bool | None] = {
        name: (any(flags[name]) if flags[name] else None)
        for name in ("low_muscle_mass", "low_muscle_strength", "low_physical_performance")
    }
    return criteria, used


CRITERION_INPUT = {
    "low_muscle_mass": "asmi",
    "low_muscle_strength": "grip_strength",
    "low_physical_performance": "physical_performance",
}
SARCOPENIA_LEVELS = {
    "no_sarcopenia": Level.OK,
    "possible_sarcopenia": Level.ATTENTION,
    "sarcopenia": Level.ALERT,
    "severe_sarcopenia": Level.ALERT,
}


def assess_sarcopenia(series: Series, inp: AssessmentInput) -> Finding:
    front = [name for name, have in (("sex", inp.sex), ("age", inp.age is not None)) if not have]
    if front or inp.sex is None or inp.age is None:
        return not_assessable("sarcopenia", *front)
    if inp.age < ref.awgs_from_age():
        return _base(
            "sarcopenia", Status.NOT_APPLICABLE, details={"applies_from_age": ref.awgs_from_age()}
        )
    criteria, used = _criteria(series, inp.sex)
    mass = criteria["low_muscle_mass"]
    strength = criteria["low_muscle_strength"]
    performance = criteria["low_physical_performance"]
    missing = tuple(CRITERION_INPUT[c] for c, v in criteria.items() if v is None)
    severe = k_and(mass, strength, performance)
    sarcopenia = k_and(mass, k_or(strength, performance))
    possible = k_or(strength, performance)
    details = {"criteria": criteria, "inputs": used}
    if severe is True:
        outcome = "severe_sarcopenia"
    elif sarcopenia is True:
        outcome = "sarcopenia"
        details["severity_undetermined"] = severe is None
    elif possible is True:
        outcome = "possible_sarcopenia"
        details["confirmation_undetermined"] = sarcopenia is None
    elif possible is False:
        outcome = "no_sarcopenia"
    else:
        return not_assessable("sarcopenia", *missing, **details)
    days = [str(v["taken_on"]) for v in used.values()]
    return _base(
        "sarcopenia",
        Status.ASSESSED,
        outcome=outcome,
        level=SARCOPENIA_LEVELS[outcome],
        taken_on=dt.date.fromisoformat(max(days)) if days else None,
        missing=missing,
        details=details,
    )


# ---- blood pressure (KSH) ---------------------------------------------------------------------

BP_LEVELS = {
    "normal": Level.OK,
    "elevated": Level.ATTENTION,
    "prehypertension": Level.ATTENTION,
    "hypertension_stage_1": Level.ALERT,
    "hypertension_stage_2": Level.ALERT,
    "isolated_systolic_hypertension": Level.ALERT,
}
HYPERTENSION = frozenset(
    {"hypertension_stage_1", "hypertension_stage_2", "isolated_systolic_hypertension"}
)


def classify_blood_pressure(sbp: float, dbp: float) -> str:
    return next(c.name for c in ref.blood_pressure_classes() if c.matches(sbp, dbp))


def assess_blood_pressure(series: Series, inp: AssessmentInput) -> Finding:
    """The mean of the readings of the latest day with both pressures (KSH: classify on the
    average of two or more readings)."""
    if (na := _not_adult("blood_pressure", inp.age)) is not None:
        return na
    both = sorted(set(series.days("systolic")) & set(series.days("diastolic")))
    if not both:
        missing = [c for c in ("systolic", "diastolic") if not series.all(c)] or [
            "systolic",
            "diastolic",
        ]
        return not_assessable("blood_pressure", *missing)
    day = both[-1]
    sbp = round(fmean(series.on("systolic", day)))
    dbp = round(fmean(series.on("diastolic", day)))
    outcome = classify_blood_pressure(sbp, dbp)
    normal = next(c for c in ref.blood_pressure_classes() if c.name == "normal")
    return _base(
        "blood_pressure",
        Status.ASSESSED,
        outcome=outcome,
        level=BP_LEVELS[outcome],
        value=sbp,
        shown=f"{sbp}/{dbp}",
        unit="mm[Hg]",
        taken_on=day,
        reference="<120/<80",
        details={
            "systolic": sbp,
            "diastolic": dbp,
            "readings": len(series.on("systolic", day)),
            "normal_low": None,
            "normal_high": normal.sbp.high,
        },
    )


# ---- daily steps (programme rule) -------------------------------------------------------------


def assess_steps(series: Series, inp: AssessmentInput) -> Finding:
    """The mean of the recorded days in the 7 days up to the latest recorded day."""
    latest = series.latest("steps")
    missing = [name for name, have in (("age", inp.age is not None), ("steps", latest)) if not have]
    if missing or latest is None or inp.age is None:
        return not_assessable("steps", *missing)
    goal = ref.steps_goal_for(inp.age)
    start = latest.taken_on - dt.timedelta(days=STEPS_WINDOW_DAYS - 1)
    per_day: dict[dt.date, float] = {}
    for m in series.all("steps"):
        if m.taken_on >= start:
            per_day[m.taken_on] = m.value  # one total per day: the latest record of the day wins
    mean = round(fmean(per_day.values()))
    met = mean >= goal
    return _base(
        "steps",
        Status.ASSESSED,
        outcome="goal_met" if met else "below_goal",
        level=Level.OK if met else Level.ATTENTION,
        value=mean,
        shown=f"{mean:,}",
        unit="/d",
        taken_on=latest.taken_on,
        reference=f"≥{goal:,}",
        details={
            "goal": goal,
            "days": len(per_day),
            "days_goal_met": sum(v >= goal for v in per_day.values()),
            "window_start": start.isoformat(),
            "normal_low": goal,
            "normal_high": None,
        },
    )


ASSESSORS = {
    "bmi": assess_bmi,
    "waist": assess_waist,
    "body_fat": assess_body_fat,
    "sarcopenia": assess_sarcopenia,
    "ecw_tbw": assess_ecw_tbw,
    "visceral_fat": assess_visceral_fat,
    "blood_pressure": assess_blood_pressure,
    "steps": assess_steps,
}
TOPICS = tuple(ASSESSORS)
