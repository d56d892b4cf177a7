"""health.analytics: the latest non-empty value of each field per citizen in a period — the same
answer from the PostgreSQL path (a plain scan picked by DuckDB) and the portable one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.health import analytics
from healthycity.health.enums import SourceKind
from healthycity.health.models import Measurement


def _at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=timezone.get_current_timezone())


def _measure(citizen, when, **values):
    return Measurement.objects.create(
        citizen=citizen, taken_at=when, source=SourceKind.FORM, **values
    )


def test_latest_non_empty_value_of_each_field_in_the_period(cast):
    a, b = cast.citizen, cast.other_citizen
    _measure(a, _at(1), bmi=22.0, waist_cm=80.0)
    _measure(a, _at(5), bmi=23.0)  # later sitting without a waist keeps the earlier waist
    _measure(a, _at(9), waist_cm=None, systolic_mmhg=130)
    _measure(a, _at(2, 8), bmi=99.0)  # earlier than the 5th: not the latest bmi
    _measure(b, _at(3), grip_kg=20.0)
    _measure(b, dt.datetime(2025, 4, 2, 9, tzinfo=timezone.get_current_timezone()), grip_kg=5.0)
    table = analytics.latest_values_in_period(
        start=_at(1, 0),
        end=dt.datetime(2025, 4, 1, tzinfo=timezone.get_current_timezone()),
        fields=("bmi", "waist_cm", "systolic_mmhg", "grip_kg"),
    )
    rows = {r["citizen_id"]: r for r in table.to_pylist()}
    assert list(rows) == sorted([a.pk, b.pk])
    assert rows[a.pk] == {
        "citizen_id": a.pk, "bmi": 23.0, "waist_cm": 80.0, "systolic_mmhg": 130.0, "grip_kg": None
    }  # fmt: skip
    assert rows[b.pk]["grip_kg"] == 20.0  # the April value is outside the period
    assert rows[b.pk]["bmi"] is None


def test_same_time_is_decided_by_the_later_record(cast):
    first = _measure(cast.citizen, _at(4), device_serial="x", bmi=20.0)
    second = _measure(cast.citizen, _at(4), device_serial="y", bmi=21.0)
    assert second.pk > first.pk
    table = analytics.latest_values_in_period(start=_at(1), end=_at(30), fields=("bmi",))
    assert table.to_pylist() == [{"citizen_id": cast.citizen.pk, "bmi": 21.0}]


def test_a_period_without_measurements_is_an_empty_table(cast):
    table = analytics.latest_values_in_period(start=_at(1), end=_at(2), fields=("bmi",))
    assert table.num_rows == 0
    assert table.column_names == ["citizen_id", "bmi"]
