"""Plain-language words for the assessment: what each number means, in Korean and English.

Numbers in the sentences come from the data files (via ``reference``), never from the text, so a
new guideline version changes the data file only.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import reference as ref
from .types import Change, Finding, Status

TITLES = {
    "bmi": gettext_lazy("Body mass index (BMI)"),
    "waist": gettext_lazy("Waist circumference"),
    "body_fat": gettext_lazy("Percent body fat"),
    "sarcopenia": gettext_lazy("Sarcopenia (muscle health)"),
    "ecw_tbw": gettext_lazy("Body water balance (ECW/TBW)"),
    "visceral_fat": gettext_lazy("Visceral fat level"),
    "blood_pressure": gettext_lazy("Blood pressure"),
    "steps": gettext_lazy("Daily steps"),
}

INPUT_LABELS = {
    "sex": gettext_lazy("sex"),
    "age": gettext_lazy("age"),
    "weight": gettext_lazy("weight"),
    "height": gettext_lazy("height"),
    "bmi": gettext_lazy("BMI"),
    "waist": gettext_lazy("waist circumference"),
    "body_fat_percent": gettext_lazy("percent body fat"),
    "body_fat_mass": gettext_lazy("body fat mass"),
    "skeletal_muscle_mass": gettext_lazy("skeletal muscle mass"),
    "ecw_tbw": gettext_lazy("ECW/TBW ratio"),
    "visceral_fat_level": gettext_lazy("visceral fat level"),
    "asmi": gettext_lazy("appendicular skeletal muscle index (ASMI)"),
    "appendicular_muscle_mass": gettext_lazy("appendicular skeletal muscle mass"),
    "grip_strength": gettext_lazy("hand-grip strength"),
    "gait_speed": gettext_lazy("gait speed"),
    "chair_stand": gettext_lazy("5-time chair-stand test"),
    "sppb": gettext_lazy("SPPB score"),
    "physical_performance": gettext_lazy("gait speed, chair-stand test or SPPB"),
    "systolic": gettext_lazy("systolic blood pressure"),
    "diastolic": gettext_lazy("diastolic blood pressure"),
    "heart_rate": gettext_lazy("heart rate"),
    "steps": gettext_lazy("daily steps"),
}

OUTCOMES = {
    ("bmi", "underweight"): gettext_lazy("Underweight"),
    ("bmi", "normal"): pgettext_lazy("BMI class", "Normal"),
    ("bmi", "pre_obesity"): gettext_lazy("Pre-obesity (overweight)"),
    ("bmi", "obesity_class_1"): gettext_lazy("Class I obesity"),
    ("bmi", "obesity_class_2"): gettext_lazy("Class II obesity"),
    ("bmi", "obesity_class_3"): gettext_lazy("Class III obesity"),
    ("waist", "abdominal_obesity"): gettext_lazy("Abdominal obesity"),
    ("waist", "no_abdominal_obesity"): gettext_lazy("No abdominal obesity"),
    ("*", "within_range"): gettext_lazy("Within the standard range"),
    ("*", "below_range"): gettext_lazy("Below the standard range"),
    ("*", "above_range"): gettext_lazy("Above the standard range"),
    ("sarcopenia", "no_sarcopenia"): gettext_lazy("No sarcopenia"),
    ("sarcopenia", "possible_sarcopenia"): gettext_lazy("Possible sarcopenia"),
    ("sarcopenia", "sarcopenia"): gettext_lazy("Sarcopenia"),
    ("sarcopenia", "severe_sarcopenia"): gettext_lazy("Severe sarcopenia"),
    ("blood_pressure", "normal"): pgettext_lazy("blood pressure class", "Normal"),
    ("blood_pressure", "elevated"): gettext_lazy("Elevated blood pressure"),
    ("blood_pressure", "prehypertension"): gettext_lazy("Prehypertension"),
    ("blood_pressure", "hypertension_stage_1"): gettext_lazy("Hypertension stage 1"),
    ("blood_pressure", "hypertension_stage_2"): gettext_lazy("Hypertension stage 2"),
    ("blood_pressure", "isolated_systolic_hypertension"): gettext_lazy(
        "Isolated systolic hypertension"
    ),
    ("steps", "goal_met"): gettext_lazy("Daily goal met"),
    ("steps", "below_goal"): gettext_lazy("Below the daily goal"),
}


# UCUM codes as people read them (the API keeps the UCUM code in `unit`).
UNIT_DISPLAY = {"kg/m2": "kg/m²", "mm[Hg]": "mmHg", "1": "", "/d": "", "{level}": "", "{score}": ""}


def unit_display(ucum: str) -> str:
    return UNIT_DISPLAY.get(ucum, ucum)


def _params() -> dict[str, str]:
    bands = {b.name: b for b in ref.bmi_classes()}
    ranges = ref.device_ranges()
    waist = ref.waist_cutoffs()
    goals = ref.steps_goals()
    return {
        "bmi_normal": bands["normal"].text(),
        "bmi_pre": f"{bands['pre_obesity'].low:g}",
        "bmi_obese": f"{bands['obesity_class_1'].low:g}",
        "waist_m": f"{waist['M']:g}",
        "waist_f": f"{waist['F']:g}",
        "pbf_m": ranges[("percent_body_fat", "M")].text(),
        "pbf_f": ranges[("percent_body_fat", "F")].text(),
        "ecw": ranges[("ecw_tbw", "M")].text(),
        "vfl": f"{ranges[('visceral_fat_level', 'M')].high:g}",
        "awgs_age": str(ref.awgs_from_age()),
        "goal": number_format(goals[0][1], force_grouping=True),
        "older_goal": number_format(goals[-1][1], force_grouping=True),
        "older_age": f"{goals[-1][0].low:g}",
    }


# What each number means, translated when shown (only the one asked for: translating all eight
# for every finding was most of the time a page of findings spent describing them).
MEANINGS = {
    "bmi": gettext_lazy(
        "BMI is your weight in kilograms divided by the square of your height in metres. For Korean adults %(bmi_normal)s is normal, from %(bmi_pre)s is pre-obesity and from %(bmi_obese)s is obesity."
    ),
    "waist": gettext_lazy(
        "Waist circumference shows fat around the belly, which is linked to diabetes and heart disease. For Korean adults, %(waist_m)s cm or more in men and %(waist_f)s cm or more in women is abdominal obesity."
    ),
    "body_fat": gettext_lazy(
        "Percent body fat is the share of your weight that is fat. The analyser's standard range is %(pbf_m)s%% for men and %(pbf_f)s%% for women. It is the device maker's range, not a diagnosis."
    ),
    "sarcopenia": gettext_lazy(
        "Sarcopenia is the loss of muscle mass together with weak muscles or slow movement; it raises the risk of falls. It is checked from age %(awgs_age)s with muscle mass (ASMI), hand-grip strength, and walking speed or the chair-stand test."
    ),
    "ecw_tbw": gettext_lazy(
        "ECW/TBW is the share of your body water that is outside the cells. %(ecw)s is the usual range. A higher value can come with swelling, inflammation or muscle loss; if it stays high, ask a doctor."
    ),
    "visceral_fat": gettext_lazy(
        "Visceral fat is fat stored deep in the belly around the organs. The analyser's usual range is a level below %(vfl)s; the maker's published text on this was only partly available, so treat it as a guide."
    ),
    "blood_pressure": gettext_lazy(
        "Blood pressure is written as systolic/diastolic in mmHg. Under 120/80 is normal. One day's reading is not a diagnosis: high blood pressure is diagnosed from repeated measurements, so see a doctor if it stays high."
    ),
    "steps": gettext_lazy(
        "Walking more is linked to a longer, healthier life. The programme's goal is %(goal)s steps a day (%(older_goal)s from age %(older_age)s). This is the programme's own goal, not a medical cut-off."
    ),
}


def meaning(topic: str) -> str:
    """What the number means, in the active language."""
    return str(MEANINGS[topic]) % _params()


def outcome_label(finding: Finding) -> str:
    if finding.status == Status.NOT_ASSESSABLE:
        return _("Not assessable")
    if finding.status == Status.NOT_APPLICABLE:
        return _("Not applicable")
    label = OUTCOMES.get((finding.topic, finding.outcome)) or OUTCOMES[("*", finding.outcome)]
    return str(label)


def missing_text(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(str(INPUT_LABELS.get(n, n)) for n in names)


def notes(finding: Finding) -> list[str]:
    """Sentences about this person's result beyond the class: what was missing, what was used."""
    out: list[str] = []
    d = finding.details
    if finding.status == Status.NOT_ASSESSABLE:
        out.append(_("We need: %(missing)s.") % {"missing": missing_text(finding.missing)})
    elif finding.status == Status.NOT_APPLICABLE:
        age = d.get("applies_from_age") or d.get("adult_from_age")
        out.append(_("These cut-offs apply from age %(age)s.") % {"age": age})
    if finding.topic == "sarcopenia" and finding.assessed:
        if d.get("severity_undetermined") or d.get("confirmation_undetermined"):
            out.append(
                _("Could not go further without: %(missing)s.")
                % {"missing": missing_text(finding.missing)}
            )
        elif finding.missing:
            out.append(_("Not measured: %(missing)s.") % {"missing": missing_text(finding.missing)})
        if finding.outcome != "no_sarcopenia":
            out.append(_("Please ask your welfare centre or a doctor for a muscle-health check."))
    if finding.topic == "steps" and finding.assessed:
        out.append(
            _("Average of %(days)s recorded days; goal met on %(met)s of them.")
            % {"days": d["days"], "met": d["days_goal_met"]}
        )
    if finding.topic == "bmi" and d.get("derived") == "weight/height²":
        out.append(_("Calculated from your latest weight and height."))
    return out


def badge(finding: Finding) -> dict:
    """What a list shows of one finding (a worklist's badge), in the active language: the
    measure and its class, without the explanations `describe` writes out."""
    return {
        "topic": finding.topic,
        "title": str(TITLES[finding.topic]),
        "outcome": finding.outcome,
        "outcome_label": outcome_label(finding),
        "level": finding.level.value,
    }


def describe(finding: Finding) -> dict:
    """Everything a page needs to show one finding, in the active language."""
    return {
        **badge(finding),
        "status": finding.status.value,
        "value": finding.value,
        "shown": finding.shown,
        "unit": unit_display(finding.unit),
        "ucum": finding.unit,
        "taken_on": finding.taken_on,
        "reference": finding.reference,
        "meaning": meaning(finding.topic),
        "notes": notes(finding),
        "missing": list(finding.missing),
        "rule_id": finding.rule_id,
        "source": finding.source,
    }


def describe_in(finding: Finding, language: str) -> dict:
    with translation.override(language):
        return describe(finding)


def describe_change(change: Change) -> dict:
    return {
        "code": change.code,
        "label": str(INPUT_LABELS.get(change.code, change.code)),
        "unit": unit_display(change.unit),
        "latest": change.latest,
        "latest_on": change.latest_on,
        "since_previous": change.since_previous,
        "previous_on": change.previous_on,
        "since_first": change.since_first,
        "first_on": change.first_on,
    }
