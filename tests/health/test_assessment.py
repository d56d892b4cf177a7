"""The personal assessment against the published cut-offs, boundary values on both sides.

Figures copied from the sources (not read from ../shared, so the tests run anywhere):
- KSSO 2022 (Haam JH et al. J Obes Metab Syndr 2023;32(2):121-129): BMI <18.5 underweight,
  18.5–<23 normal, 23–<25 pre-obesity, 25–<30 class I, 30–<35 class II, ≥35 class III;
  abdominal obesity waist ≥90 cm men, ≥85 cm women.
- InBody reference ranges (InBody H30/Dial manual; InBody results interpretation): percent body fat
  10–20 % men, 18–28 % women; ECW/TBW 0.360–0.390; visceral fat level <10 (partially confirmed).
- AWGS 2019 (Chen LK et al. J Am Med Dir Assoc 2020;21(3):300-307.e2): ASMI by BIA <7.0 men /
  <5.7 women; grip <28 kg men / <18 kg women; 6-m gait speed <1.0 m/s; 5-time chair stand ≥12 s;
  SPPB ≤9. Possible sarcopenia = low strength OR low performance; sarcopenia = low mass AND (low
  strength OR low performance); severe = low mass AND low strength AND low performance.
- Korean Society of Hypertension 2018 guideline, kept in the 2022 focused update: normal <120 and
  <80; elevated 120–129 and <80; prehypertension 130–139 or 80–89; stage 1 140–159 or 90–99;
  stage 2 ≥160 or ≥100; isolated systolic hypertension ≥140 and <90.
- Programme rule: 8 000 steps a day, 5 000 from age 70.
"""

from __future__ import annotations

import datetime as dt

import pytest

from healthycity.health.assessment import AssessmentInput, Measurement, Status, assess
from healthycity.health.assessment.rules import classify_blood_pressure

DAY = dt.date(2025, 3, 1)


def run(sex="F", age=72, **values):
    ms = [Measurement(code, float(v), DAY) for code, v in values.items()]
    return assess(AssessmentInput(sex=sex, age=age, measurements=ms))


@pytest.mark.parametrize(
    ("bmi", "expected"),
    [
        (18.4, "underweight"),
        (18.5, "normal"),
        (22.9, "normal"),
        (23.0, "pre_obesity"),
        (24.9, "pre_obesity"),
        (25.0, "obesity_class_1"),
        (29.9, "obesity_class_1"),
        (30.0, "obesity_class_2"),
        (34.9, "obesity_class_2"),
        (35.0, "obesity_class_3"),
    ],
)
def test_bmi_class_follows_ksso_2022(bmi, expected):
    finding = run(bmi=bmi).finding("bmi")
    assert finding.outcome == expected
    assert finding.rule_id == "ksso2022.bmi_class"
    assert "KSSO 2022" in finding.source


def test_bmi_is_calculated_from_weight_and_height_when_not_recorded():
    finding = run(weight=64, height=160).finding("bmi")  # 64 / 1.6² = 25.0
    assert (finding.value, finding.outcome) == (25.0, "obesity_class_1")


def test_bmi_without_weight_or_height_is_not_assessable():
    finding = run(weight=64).finding("bmi")
    assert finding.status == Status.NOT_ASSESSABLE
    assert set(finding.missing) == {"weight", "height"}


@pytest.mark.parametrize(
    ("sex", "waist", "expected"),
    [
        ("M", 89.9, "no_abdominal_obesity"),
        ("M", 90, "abdominal_obesity"),
        ("F", 84.9, "no_abdominal_obesity"),
        ("F", 85, "abdominal_obesity"),
    ],
)
def test_abdominal_obesity_by_waist_follows_ksso_2022(sex, waist, expected):
    assert run(sex=sex, waist=waist).finding("waist").outcome == expected


def test_waist_without_sex_is_not_assessable():
    finding = run(sex=None, waist=100).finding("waist")
    assert finding.status == Status.NOT_ASSESSABLE
    assert finding.missing == ("sex",)


@pytest.mark.parametrize(
    ("sex", "pbf", "expected"),
    [
        ("M", 9.9, "below_range"),
        ("M", 10.0, "within_range"),
        ("M", 20.0, "within_range"),
        ("M", 20.1, "above_range"),
        ("F", 17.9, "below_range"),
        ("F", 18.0, "within_range"),
        ("F", 28.0, "within_range"),
        ("F", 28.1, "above_range"),
    ],
)
def test_body_fat_status_by_sex_follows_inbody_range(sex, pbf, expected):
    finding = run(sex=sex, body_fat_percent=pbf).finding("body_fat")
    assert finding.outcome == expected
    assert finding.details["range_status"] == "confirmed (vendor manual)"


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.359, "below_range"),
        (0.360, "within_range"),
        (0.390, "within_range"),
        (0.391, "above_range"),
    ],
)
def test_ecw_tbw_against_inbody_range(ratio, expected):
    assert run(ecw_tbw=ratio).finding("ecw_tbw").outcome == expected


def test_ecw_tbw_needs_no_sex_because_the_range_is_the_same():
    assert run(sex=None, ecw_tbw=0.40).finding("ecw_tbw").outcome == "above_range"


@pytest.mark.parametrize(("level", "expected"), [(9, "within_range"), (10, "above_range")])
def test_visceral_fat_level_is_marked_partially_confirmed(level, expected):
    finding = run(visceral_fat_level=level).finding("visceral_fat")
    assert finding.outcome == expected
    assert finding.details["range_status"].startswith("partially confirmed")


@pytest.mark.parametrize(
    ("sbp", "dbp", "expected"),
    [
        (119, 79, "normal"),
        (120, 79, "elevated"),
        (129, 79, "elevated"),
        (119, 80, "prehypertension"),
        (130, 79, "prehypertension"),
        (139, 89, "prehypertension"),
        (140, 90, "hypertension_stage_1"),
        (139, 90, "hypertension_stage_1"),
        (159, 99, "hypertension_stage_1"),
        (160, 99, "hypertension_stage_2"),
        (159, 100, "hypertension_stage_2"),
        (140, 89, "isolated_systolic_hypertension"),
        (170, 85, "isolated_systolic_hypertension"),
        (118, 100, "hypertension_stage_2"),
    ],
)
def test_blood_pressure_class_follows_ksh(sbp, dbp, expected):
    assert classify_blood_pressure(sbp, dbp) == expected


def test_blood_pressure_is_the_mean_of_the_latest_days_readings():
    older = dt.date(2025, 1, 1)
    ms = [
        Measurement("systolic", 150, older),
        Measurement("diastolic", 95, older),
        Measurement("systolic", 124, DAY),
        Measurement("systolic", 136, DAY),
        Measurement("diastolic", 76, DAY),
        Measurement("diastolic", 78, DAY),
    ]
    finding = assess(AssessmentInput("M", 50, ms)).finding("blood_pressure")
    assert finding.shown == "130/77"
    assert finding.outcome == "prehypertension"
    assert finding.details["readings"] == 2


def test_blood_pressure_without_diastolic_is_not_assessable():
    finding = run(systolic=150).finding("blood_pressure")
    assert finding.status == Status.NOT_ASSESSABLE
    assert finding.missing == ("diastolic",)


# ---- AWGS 2019 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "grip", "low"),
    [("M", 27.9, True), ("M", 28, False), ("F", 17.9, True), ("F", 18, False)],
)
def test_grip_strength_cutoffs_follow_awgs_2019(sex, grip, low):
    finding = run(sex=sex, grip_strength=grip, gait_speed=1.2).finding("sarcopenia")
    assert finding.details["criteria"]["low_muscle_strength"] is low
    assert finding.outcome == ("possible_sarcopenia" if low else "no_sarcopenia")


@pytest.mark.parametrize(
    ("sex", "asmi", "low"),
    [("M", 6.99, True), ("M", 7.0, False), ("F", 5.69, True), ("F", 5.7, False)],
)
def test_muscle_mass_cutoffs_follow_awgs_2019_bia(sex, asmi, low):
    grip = 20 if sex == "M" else 15  # low strength
    finding = run(sex=sex, asmi=asmi, grip_strength=grip, gait_speed=1.2).finding("sarcopenia")
    assert finding.details["criteria"]["low_muscle_mass"] is low
    assert finding.outcome == ("sarcopenia" if low else "possible_sarcopenia")


@pytest.mark.parametrize(
    ("inputs", "low"),
    [
        ({"gait_speed": 0.99}, True),
        ({"gait_speed": 1.0}, False),
        ({"chair_stand": 12}, True),
        ({"chair_stand": 11.9}, False),
        ({"sppb": 9}, True),
        ({"sppb": 10}, False),
        ({"gait_speed": 1.2, "chair_stand": 13}, True),
    ],
)
def test_physical_performance_cutoffs_follow_awgs_2019(inputs, low):
    finding = run(sex="F", grip_strength=25, **inputs).finding("sarcopenia")
    assert finding.details["criteria"]["low_physical_performance"] is low


def test_severe_sarcopenia_needs_all_three_low():
    finding = run(sex="M", asmi=6.5, grip_strength=20, gait_speed=0.8).finding("sarcopenia")
    assert finding.outcome == "severe_sarcopenia"
    assert finding.missing == ()


def test_sarcopenia_when_mass_and_strength_low_but_performance_normal():
    finding = run(sex="M", asmi=6.5, grip_strength=20, gait_speed=1.2).finding("sarcopenia")
    assert finding.outcome == "sarcopenia"
    assert not finding.details["severity_undetermined"]


def test_sarcopenia_with_unknown_performance_says_severity_undetermined():
    finding = run(sex="M", asmi=6.5, grip_strength=20).finding("sarcopenia")
    assert finding.outcome == "sarcopenia"
    assert finding.details["severity_undetermined"] is True
    assert finding.missing == ("physical_performance",)


def test_possible_sarcopenia_without_muscle_mass_names_the_missing_input():
    finding = run(sex="F", grip_strength=15).finding("sarcopenia")
    assert finding.outcome == "possible_sarcopenia"
    assert set(finding.missing) == {"asmi", "physical_performance"}


def test_normal_strength_alone_is_not_enough_to_rule_out_sarcopenia():
    finding = run(sex="F", grip_strength=25).finding("sarcopenia")
    assert finding.status == Status.NOT_ASSESSABLE
    assert finding.missing == ("asmi", "physical_performance")


def test_no_sarcopenia_needs_strength_and_performance_both_normal():
    finding = run(sex="F", grip_strength=25, gait_speed=1.1).finding("sarcopenia")
    assert finding.outcome == "no_sarcopenia"
    assert finding.missing == ("asmi",)


def test_sarcopenia_with_no_inputs_is_not_assessable_and_lists_every_input():
    finding = run().finding("sarcopenia")
    assert finding.status == Status.NOT_ASSESSABLE
    assert finding.missing == ("asmi", "grip_strength", "physical_performance")


def test_asmi_is_calculated_from_appendicular_muscle_mass_and_height():
    # 14.4 kg / 1.6² = 5.625 kg/m² < 5.7 (women)
    finding = run(sex="F", appendicular_muscle_mass=14.4, height=160, grip_strength=15).finding(
        "sarcopenia"
    )
    assert finding.details["criteria"]["low_muscle_mass"] is True


def test_grip_strength_uses_the_best_trial_of_the_day():
    ms = [Measurement("grip_strength", v, DAY) for v in (16, 19, 17)]
    ms.append(Measurement("gait_speed", 1.2, DAY))
    finding = assess(AssessmentInput("F", 70, ms)).finding("sarcopenia")
    assert finding.outcome == "no_sarcopenia"  # best trial 19 ≥ 18


def test_sarcopenia_is_not_applicable_below_60():
    finding = run(age=45, grip_strength=10).finding("sarcopenia")
    assert finding.status == Status.NOT_APPLICABLE


# ---- steps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "steps", "expected"),
    [
        (69, 7999, "below_goal"),
        (69, 8000, "goal_met"),
        (70, 4999, "below_goal"),
        (70, 5000, "goal_met"),
    ],
)
def test_steps_goal_is_8000_and_5000_from_age_70(age, steps, expected):
    finding = run(age=age, steps=steps).finding("steps")
    assert finding.outcome == expected
    assert "Programme rule" in finding.source


def test_steps_average_the_last_seven_days():
    ms = [Measurement("steps", 9000, DAY - dt.timedelta(days=d)) for d in range(7)]
    ms.append(Measurement("steps", 100, DAY - dt.timedelta(days=7)))  # outside the window
    finding = assess(AssessmentInput("F", 40, ms)).finding("steps")
    assert finding.value == 9000
    assert finding.details["days"] == 7


# ---- change and general ------------------------------------------------------------------------


def test_change_since_previous_and_first():
    ms = [
        Measurement("weight", 70, dt.date(2024, 1, 1)),
        Measurement("weight", 68, dt.date(2024, 6, 1)),
        Measurement("weight", 66.5, dt.date(2025, 1, 1)),
    ]
    change = next(c for c in assess(AssessmentInput("F", 70, ms)).changes if c.code == "weight")
    assert change.since_previous == -1.5
    assert change.since_first == -3.5
    assert change.first_on == dt.date(2024, 1, 1)


def test_single_measurement_has_no_change():
    change = run(weight=70).changes[0]
    assert change.since_previous is None and change.since_first is None


def test_every_finding_names_rule_and_source():
    for finding in run().findings:
        assert finding.rule_id and finding.source
        assert finding.status == Status.NOT_ASSESSABLE
        assert finding.missing


def test_adult_cutoffs_do_not_apply_to_children():
    assert run(age=12, bmi=30).finding("bmi").status == Status.NOT_APPLICABLE


def test_the_latest_value_is_used():
    ms = [Measurement("bmi", 30, dt.date(2024, 1, 1)), Measurement("bmi", 22, DAY)]
    assert assess(AssessmentInput("F", 50, ms)).finding("bmi").outcome == "normal"
