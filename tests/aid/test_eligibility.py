"""CEL rules: checking, compiling to SQL, and agreement with celpy row by row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthycity.aid.domain.errors import RuleInvalid
from healthycity.aid.eligibility.attributes import (
    BP_CLASSES,
    OBESITY_CLASSES,
    SARCOPENIA,
    VALUE_COLUMNS,
    attribute_values,
    today,
)
from healthycity.aid.eligibility.cel import environment
from healthycity.aid.eligibility.compile import compile_rule
from healthycity.aid.eligibility.need import need_score, need_score_expression, tier_of
from healthycity.aid.eligibility.service import check_rule, eligible, eligible_interpreted
from healthycity.aid.models import AssessmentSnapshot
from healthycity.citizens.enums import IncomeBand
from healthycity.citizens.models import Citizen
from tests.factories import CitizenFactory, district

# cel-python raises the recursion limit when it builds its parser; do it before hypothesis runs.
environment().program(environment().compile("1 == 1"))

RULES = [
    'age >= 65 && income_band in ["basic_livelihood", "near_poor"] && sarcopenia in ["possible", "confirmed"]',
    "living_alone || disability",
    '!(sarcopenia == "none") && age < 80',
    'sarcopenia != "none"',
    'bmi >= 25 || obesity_class in ["obese_2", "obese_3"]',
    "!(bmi < 18.5) && medical_aid",
    "months_since_measurement >= 6 || !(months_since_measurement <= 12)",
    "months_since_measurement == 3 || months_since_measurement > 20",
    "steps_goal_met == false && age > 70",
    "!steps_goal_met",
    '65 <= age && sex == "F" && district in ["11110", "11680"]',
    'bp_class in ["stage1", "stage2"] && !(income_band == "q5")',
    # Residual parts (celpy): arithmetic, two attributes, text functions, ? :
    'age + 5 >= 75 && income_band != "q5"',
    "bmi * 2.0 > 50.0 || living_alone",
    'district.startsWith("111") && age >= 60',
    "(living_alone ? age >= 70 : age >= 80) && !disability",
    'age > 70 && !(bmi > 30.0 || sex == "M")',
]


@pytest.mark.parametrize(
    "rule, fragment",
    [
        ("age >= ", "position"),
        ("agee >= 65", "Did you mean “age”"),
        ("income_band == 65", "cannot be compared"),
        ('sarcopenia in ["posible"]', "is not a value of “sarcopenia”"),
        ("age", "true or false"),
        ("age >= 65 && 3", "“&&” needs true or false"),
        ('sex < "M" && age', "true or false"),
        ("foo(age)", "not supported"),
        ("age == null", "null"),
        ("income_band in 3", "needs a list"),
        ("", "empty"),
    ],
)
def test_rule_errors_are_clear(rule, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(RuleInvalid) as caught:
        check_rule(rule)
    assert caught.value.field == "rule"
    assert fragment in caught.value.text, caught.value.text


@pytest.mark.parametrize("rule", RULES)
def test_every_sample_rule_is_valid(rule):
    check_rule(rule)


def test_column_rules_compile_fully_and_residuals_are_split():
    assert compile_rule(check_rule(RULES[0])).complete
    compiled = compile_rule(check_rule(RULES[12]))
    assert not compiled.complete  # age + 5 is arithmetic: celpy evaluates it
    assert compiled.residual.kind == "cmp"


citizen_strategy = st.fixed_dictionaries(
    {
        "birth_year": st.integers(1925, 2005),
        "sex": st.sampled_from(["F", "M"]),
        "district": st.sampled_from(["11110", "11680", "11200"]),
        "income_band": st.sampled_from(IncomeBand.values),
        "medical_aid": st.booleans(),
        "living_alone": st.booleans(),
        "disability": st.booleans(),
        "snapshot": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "days_ago": st.one_of(st.none(), st.integers(0, 900)),
                    "bmi": st.one_of(st.none(), st.floats(14, 40).map(lambda x: round(x, 1))),
                    "obesity_class": st.one_of(st.none(), st.sampled_from(OBESITY_CLASSES)),
                    "sarcopenia": st.one_of(st.none(), st.sampled_from(SARCOPENIA)),
                    "bp_class": st.one_of(st.none(), st.sampled_from(BP_CLASSES)),
                    "steps_goal_met": st.one_of(st.none(), st.booleans()),
                }
            ),
        ),
    }
)


def _create(people) -> None:
    districts = {code: district(code) for code in ("11110", "11680", "11200")}
    for person in people:
        fields = dict(person)
        snap = fields.pop("snapshot")
        citizen = CitizenFactory(**{**fields, "district": districts[fields["district"]]})
        if snap is not None:
            days = snap.pop("days_ago")
            AssessmentSnapshot.objects.create(
                citizen=citizen,
                measured_on=None if days is None else today() - timedelta(days=days),
                **snap,
            )


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(citizen_strategy, min_size=1, max_size=15))
def test_compiled_and_interpreted_evaluation_agree(people):
    Citizen.objects.all().delete()
    _create(people)
    base = Citizen.objects.all()
    for rule in RULES:
        compiled = set(eligible(rule, base).values_list("id", flat=True))
        assert compiled == eligible_interpreted(rule, base), rule


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(citizen_strategy, min_size=1, max_size=20))
def test_need_score_in_sql_equals_python(people):
    Citizen.objects.all().delete()
    _create(people)
    on = today()
    rows = Citizen.objects.annotate(score=need_score_expression(on=on)).values(
        *VALUE_COLUMNS, "score"
    )
    for row in rows:
        assert row["score"] == need_score(attribute_values(row, on=on))


def test_need_tiers_are_ordered():
    assert tier_of(0) == 1
    assert tier_of(2) == 2
    assert tier_of(9) == 5


def test_age_rule_uses_birth_year(db):
    year = today().year
    young = CitizenFactory(birth_year=year - 64)
    old = CitizenFactory(birth_year=year - 65)
    found = set(eligible("age >= 65", Citizen.objects.all()).values_list("id", flat=True))
    assert old.pk in found and young.pk not in found
