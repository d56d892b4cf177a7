"""Measurement and DailySteps: plausible ranges from the catalogue, natural keys, scoped queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from healthycity.citizens.domain.consent import withdraw_consent
from healthycity.health.codes import catalogue
from healthycity.health.models import VALUE_FIELDS, DailySteps, Measurement
from healthycity.health.queries import measurements_visible_to, records_for
from tests.health.conftest import make_measurement

pytestmark = pytest.mark.django_db


def test_every_value_column_has_a_code_unit_and_range():
    codes = catalogue()
    for field in VALUE_FIELDS:
        assert field in codes, field
        assert codes[field].ucum and codes[field].min < codes[field].max


def test_catalogue_uses_the_loinc_codes_named_in_the_issue():
    codes = catalogue()
    assert codes["weight_kg"].code == "29463-7"
    assert codes["height_cm"].code == "8302-2"
    assert codes["bmi"].code == "39156-5"
    assert codes["pbf_percent"].code == "41982-0"
    assert (codes["systolic_mmhg"].code, codes["diastolic_mmhg"].code) == ("8480-6", "8462-4")
    assert codes["heart_rate_bpm"].code == "8867-4"
    assert codes["steps"].code == "41950-7"


@pytest.mark.parametrize("field,value", [("weight_kg", 900), ("bmi", 5), ("systolic_mmhg", 400)])
def test_impossible_values_are_rejected_with_the_range(cast, field, value):
    m = Measurement(citizen=cast.citizen, taken_at=timezone.now(), source="form", **{field: value})
    with translation.override("en"), pytest.raises(ValidationError) as err:
        m.full_clean()
    assert "expected" in str(err.value)


def test_future_date_is_rejected(cast):
    m = Measurement(
        citizen=cast.citizen, taken_at=timezone.now() + dt.timedelta(days=2), source="form"
    )
    with pytest.raises(ValidationError):
        m.full_clean()


def test_same_sitting_twice_violates_the_natural_key(cast):
    m = make_measurement(cast.citizen, weight_kg=60)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            citizen=cast.citizen, taken_at=m.taken_at, source="form", weight_kg=61
        )


def test_steps_unique_per_citizen_day_device(cast):
    DailySteps.objects.create(citizen=cast.citizen, date=dt.date(2026, 1, 1), steps=10, device="a")
    DailySteps.objects.create(citizen=cast.citizen, date=dt.date(2026, 1, 1), steps=10, device="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        DailySteps.objects.create(
            citizen=cast.citizen, date=dt.date(2026, 1, 1), steps=11, device="a"
        )


def test_records_for_is_ordered_by_time(cast):
    late = make_measurement(cast.citizen, days_ago=1, weight_kg=60)
    early = make_measurement(cast.citizen, days_ago=30, weight_kg=62)
    records = records_for(cast.citizen)
    assert records.measurements == [early, late]
    assert records.latest == late
    assert [v for _, v in records.series("weight_kg")] == [62, 60]


def test_visibility_by_role(consented):
    cast = consented
    mine = make_measurement(cast.citizen, weight_kg=60)
    theirs = make_measurement(cast.other_citizen, weight_kg=80)
    seen = {
        name: set(measurements_visible_to(u)) if u else set() for name, u in cast.users().items()
    }
    assert seen["citizen"] == {mine}
    assert seen["other_citizen"] == {theirs}
    assert seen["worker_a"] == {mine}
    assert seen["worker_b"] == {theirs}
    assert seen["official"] == {mine, theirs}
    assert seen["partner"] == set() and seen["delegate"] == set()


def test_staff_see_nothing_without_care_consent_but_the_citizen_still_does(consented):
    cast = consented
    mine = make_measurement(cast.citizen, weight_kg=60)
    withdraw_consent(citizen=cast.citizen, purpose="care")
    assert list(measurements_visible_to(cast.worker_a)) == []
    assert list(measurements_visible_to(cast.citizen_user)) == [mine]
