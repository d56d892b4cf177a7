"""FHIR: the official HL7 R4 examples (CC0, fixtures/fhir/) import with unit conversion and
export back to a Bundle that fhir.resources validates, with the same values."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.utils.timezone import localtime

from healthycity.health.fhir.export import bundle_for, validate
from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import DailySteps, Measurement, QuarantinedRow

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).parent / "fixtures" / "fhir"
NAMES = ["observation-example.json", "observation-example-body-height.json", "observation-example-bmi.json",
         "observation-example-heart-rate.json", "observation-example-bloodpressure.json"]  # fmt: skip


def official_bundle() -> bytes:
    entries = [{"resource": json.loads((EXAMPLES / n).read_text())} for n in NAMES]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}).encode()


def test_official_examples_import_with_conversions(consented):
    result = import_file(
        fileobj=io.BytesIO(official_bundle()), kind="fhir", citizen=consented.citizen
    )
    assert (result.read, result.imported, result.rejected) == (5, 5, 0)
    by_date = {localtime(m.taken_at).date().isoformat(): m for m in Measurement.objects.all()}
    # 185 [lb_av] × 0.45359237 = 83.91458845 kg; 66.9 [in_i] × 2.54 = 169.926 cm
    assert by_date["2016-03-28"].weight_kg == pytest.approx(83.91458845)
    day = by_date["1999-07-02"]  # height, BMI and heart rate of one sitting merge into one row
    assert day.height_cm == pytest.approx(169.926, abs=1e-6)
    assert (day.bmi, day.heart_rate_bpm) == (16.2, 44)
    bp = by_date["2012-09-17"]
    assert (bp.systolic_mmhg, bp.diastolic_mmhg) == (107, 60)
    again = import_file(
        fileobj=io.BytesIO(official_bundle()), kind="fhir", citizen=consented.citizen
    )
    assert (again.imported, again.duplicates) == (0, 5)


def test_foreign_subject_without_citizen_is_quarantined(consented):
    result = import_file(fileobj=io.BytesIO(official_bundle()), kind="fhir")
    assert result.rejected == 5
    assert set(QuarantinedRow.objects.values_list("reason", flat=True)) == {"no_citizen"}


def test_export_round_trip_is_valid_fhir_with_equal_values(consented):
    import_file(fileobj=io.BytesIO(official_bundle()), kind="fhir", citizen=consented.citizen)
    DailySteps.objects.create(
        citizen=consented.citizen, date="2025-01-02", steps=8123, device="watch"
    )
    bundle = bundle_for(consented.citizen)
    validate(bundle)
    before = {m.taken_at: m.values() for m in Measurement.objects.all()}
    Measurement.objects.all().delete()
    DailySteps.objects.all().delete()
    result = import_file(fileobj=io.BytesIO(json.dumps(bundle).encode()), kind="fhir")
    assert result.rejected == 1  # the Patient entry is not an Observation
    after = {m.taken_at: m.values() for m in Measurement.objects.all()}
    assert after.keys() == before.keys()
    for when, values in before.items():
        assert after[when] == pytest.approx(values)
    assert DailySteps.objects.get().steps == 8123


def observation(
    code="29463-7", value=70, unit="kg", subject=None, when="2025-01-01T09:00:00+09:00"
):
    return {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
            "subject": {"reference": subject}, "effectiveDateTime": when,
            "valueQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": unit}}  # fmt: skip


@pytest.mark.parametrize(
    "kw,reason",
    [
        ({"code": "9999-9"}, "unknown_code"),
        ({"unit": "stone"}, "unknown_unit"),
        ({"value": 900}, "implausible"),
        ({"when": "2999-01-01"}, "future_date"),
    ],
)
def test_bad_observations_are_quarantined(consented, kw, reason):
    obs = observation(subject=f"Patient/{consented.citizen.external_id}", **kw)
    result = import_file(fileobj=io.BytesIO(json.dumps(obs).encode()), kind="fhir")
    assert (result.read, result.rejected) == (1, 1)
    assert QuarantinedRow.objects.get().reason == reason


def test_invalid_json_is_a_clear_file_error(consented):
    with pytest.raises(ImportFailed):
        import_file(fileobj=io.BytesIO(b'{"resourceType": "Bundle", "entry": ['), kind="fhir")


def test_steps_observation_goes_to_daily_steps(consented):
    obs = observation(
        code="41950-7",
        value=6000,
        unit="/d",
        subject=f"Patient/{consented.citizen.external_id}",
        when="2025-02-03",
    )
    result = import_file(fileobj=io.BytesIO(json.dumps(obs).encode()), kind="fhir")
    assert result.imported == 1
    assert DailySteps.objects.get().steps == 6000
