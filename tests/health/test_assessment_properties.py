"""Property-based tests: the assessment never crashes, and missing input gives 'not assessable'."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from healthycity.health.assessment import INPUTS, AssessmentInput, Measurement, Status, assess
from healthycity.health.assessment.explain import describe_in
from healthycity.health.assessment.rules import TOPICS

measurement = st.builds(
    Measurement,
    code=st.sampled_from(sorted(INPUTS)),
    value=st.floats(min_value=0, max_value=100_000, allow_nan=False, allow_infinity=False),
    taken_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
)
person = st.builds(
    AssessmentInput,
    sex=st.sampled_from(["F", "M", None]),
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    measurements=st.lists(measurement, max_size=30),
)


@settings(max_examples=150, deadline=None)
@given(person)
def test_assessment_never_crashes_and_every_topic_has_one_finding(inp):
    result = assess(inp)
    assert [f.topic for f in result.findings] == list(TOPICS)
    for finding in result.findings:
        if finding.status == Status.ASSESSED:
            assert finding.outcome
        else:
            assert not finding.outcome
        if finding.status == Status.NOT_ASSESSABLE:
            assert finding.missing


@settings(max_examples=100, deadline=None)
@given(person)
def test_every_finding_can_be_explained_in_korean_and_english(inp):
    for finding in assess(inp).findings:
        for language in ("ko", "en"):
            text = describe_in(finding, language)
            assert text["title"] and text["meaning"] and text["outcome_label"]


@settings(max_examples=100, deadline=None)
@given(person, st.sampled_from(TOPICS))
def test_removing_every_input_of_a_topic_makes_it_not_assessable(inp, topic):
    needs = {
        "bmi": {"bmi", "weight", "height"},
        "waist": {"waist"},
        "body_fat": {"body_fat_percent"},
        "sarcopenia": {
            "asmi",
            "appendicular_muscle_mass",
            "grip_strength",
            "gait_speed",
            "chair_stand",
            "sppb",
        },
        "ecw_tbw": {"ecw_tbw"},
        "visceral_fat": {"visceral_fat_level"},
        "blood_pressure": {"systolic", "diastolic"},
        "steps": {"steps"},
    }[topic]
    kept = [m for m in inp.measurements if m.code not in needs]
    finding = assess(AssessmentInput(inp.sex, inp.age, kept)).finding(topic)
    assert finding.status != Status.ASSESSED
    assert finding.missing or finding.status == Status.NOT_APPLICABLE


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=40, max_value=300, allow_nan=False),
    st.floats(min_value=20, max_value=200, allow_nan=False),
)
def test_every_plausible_blood_pressure_has_exactly_one_class(sbp, dbp):
    from healthycity.health.assessment import reference as ref

    matches = [c.name for c in ref.blood_pressure_classes() if c.matches(sbp, dbp)]
    assert matches  # the first match is the class; the table has no gaps
