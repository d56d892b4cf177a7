"""Daily steps CSV: the documented format, Korean headers, re-sync of a day, bad rows."""

from __future__ import annotations

import io

import pytest

from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import DailySteps, QuarantinedRow

pytestmark = pytest.mark.django_db


def run(text: str, **kw):
    result = import_file(fileobj=io.BytesIO(text.encode("utf-8")), kind="steps", **kw)
    assert result.balanced
    return result


def test_documented_format(consented):
    cid = consented.other_citizen.external_id
    text = (
        f"citizen,date,steps,device\n{cid},2025-03-15,8423,watch\n010-1234-5678,2025.03.15,5120,\n"
    )
    result = run(text)
    assert (result.read, result.imported) == (2, 2)
    assert sorted(DailySteps.objects.values_list("steps", flat=True)) == [5120, 8423]
    again = run(text)
    assert (again.imported, again.duplicates) == (0, 2)


def test_korean_headers_and_a_resynced_day_replaces_the_count(consented):
    run("시민,날짜,걸음수,기기\n01012345678,2025-03-15,4000,band\n")
    result = run("시민,날짜,걸음수,기기\n01012345678,2025-03-15,9000,band\n")
    assert result.imported == 1
    assert DailySteps.objects.get().steps == 9000


def test_bad_rows(consented):
    text = (
        "citizen,date,steps,device\n"
        "01012345678,2025-03-15,lots,\n"
        "01012345678,2999-01-01,100,\n"
        "01012345678,2025-03-16,200000,\n"
        "01099999999,2025-03-17,100,\n"
        "01012345678,not a date,100,\n"
    )
    result = run(text)
    assert (result.read, result.rejected) == (5, 5)
    reasons = dict(QuarantinedRow.objects.values_list("line", "reason"))
    assert reasons == {
        2: "not_a_number",
        3: "future_date",
        4: "implausible",
        5: "no_citizen",
        6: "bad_date",
    }


def test_missing_columns_are_named(consented):
    with pytest.raises(ImportFailed) as err:
        run("who,when\n1,2\n")
    assert "citizen" in str(err.value) and "steps" in str(err.value)
