"""Health API: role scope against the whole cast, consent, access log, FHIR export and upload."""

from __future__ import annotations

import json

import pytest

from healthycity.citizens.domain.consent import withdraw_consent
from healthycity.core.models import AccessLog
from healthycity.health.fhir.export import validate
from healthycity.health.models import Measurement
from tests.health.conftest import make_measurement
from tests.health.test_fhir import observation, official_bundle

pytestmark = pytest.mark.django_db
URL = "/api/v1/measurements/"


def test_list_is_role_scoped(consented, api_for):
    cast = consented
    mine = make_measurement(cast.citizen, weight_kg=60)
    theirs = make_measurement(cast.other_citizen, weight_kg=80)
    expected = {
        "citizen": {mine}, "other_citizen": {theirs}, "worker_a": {mine}, "worker_b": {theirs},
        "official": {mine, theirs}, "admin": {mine, theirs}, "partner": set(), "delegate": set(),
    }  # fmt: skip
    for name, user in cast.users().items():
        response = api_for(user).get(URL)
        if user is None:
            assert response.status_code in (401, 403)
            continue
        ids = {r["id"] for r in response.json()["results"]}
        assert ids == {str(m.external_id) for m in expected[name]}, name


def test_staff_reads_are_logged(consented, api_for):
    make_measurement(consented.citizen, weight_kg=60)
    api_for(consented.worker_a).get(URL)
    assert AccessLog.objects.filter(actor=consented.worker_a, citizen=consented.citizen).exists()


def payload(citizen, **values):
    return {
        "citizen": str(citizen.external_id),
        "taken_at": "2025-05-01T10:00:00+09:00",
        "weight_kg": 62.5,
        **values,
    }


def test_worker_records_for_own_centre_only(consented, api_for):
    ok = api_for(consented.worker_a).post(URL, payload(consented.citizen), format="json")
    assert ok.status_code == 201, ok.json()
    assert Measurement.objects.get().recorded_by == consented.worker_a
    other = api_for(consented.worker_a).post(URL, payload(consented.other_citizen), format="json")
    assert other.status_code == 400
    official = api_for(consented.official).post(URL, payload(consented.citizen), format="json")
    assert official.status_code == 403
    assert Measurement.objects.count() == 1


def test_no_consent_nothing_written(consented, api_for):
    withdraw_consent(citizen=consented.citizen, purpose="care")
    response = api_for(consented.citizen_user).post(URL, payload(consented.citizen), format="json")
    assert response.status_code == 403
    assert (
        "consent" in response.json()["error"]["message"].lower()
        or "동의" in response.json()["error"]["message"]
    )
    assert not Measurement.objects.exists()


def test_impossible_value_and_duplicate_are_400(consented, api_for):
    api = api_for(consented.worker_a)
    bad = api.post(URL, payload(consented.citizen, weight_kg=900), format="json")
    assert bad.status_code == 400 and "weight_kg" in bad.json()["error"]["fields"]
    assert api.post(URL, payload(consented.citizen), format="json").status_code == 201
    assert api.post(URL, payload(consented.citizen), format="json").status_code == 400


def test_fhir_bundle_validates_and_is_scoped(consented, api_for):
    make_measurement(consented.citizen, weight_kg=60, systolic_mmhg=130, diastolic_mmhg=85)
    url = f"/api/v1/citizens/{consented.citizen.external_id}/fhir/"
    response = api_for(consented.citizen_user).get(url)
    assert response.status_code == 200
    validate(response.json())
    assert api_for(consented.worker_b).get(url).status_code == 404
    assert api_for(consented.partner).get(url).status_code == 404
    assert api_for(consented.worker_a).get(url).status_code == 200
    assert AccessLog.objects.filter(actor=consented.worker_a, action="fhir.export").count() == 1


def test_fhir_upload(consented, api_for):
    obs = observation(subject=f"Patient/{consented.citizen.external_id}")
    response = api_for(consented.worker_a).post("/api/v1/fhir/", obs, format="json")
    assert response.status_code == 201
    assert response.json()["imported"] == 1
    bundle = json.loads(official_bundle())
    own = api_for(consented.citizen_user).post("/api/v1/fhir/", bundle, format="json")
    assert own.json()["imported"] == 5  # Patient/example filed for the uploading citizen
    bad = api_for(consented.worker_a).post(
        "/api/v1/fhir/",
        observation(value=900, subject=f"Patient/{consented.citizen.external_id}"),
        format="json",
    )
    assert bad.json()["rejected"] == 1 and bad.json()["rejections"][0]["reason"] == "implausible"
    assert api_for(consented.partner).post("/api/v1/fhir/", obs, format="json").status_code == 403
