"""Device files uploaded through the API (POST /api/v1/health/imports/) run as background jobs:
202 with the job's URL, the job's result holds the row accounting; a retried import adds
nothing twice."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from healthycity.health.models import ImportBatch, Measurement
from healthycity.jobs.models import Job
from tests.health import inbody_files as files

pytestmark = pytest.mark.django_db


def _upload(api, data: bytes, kind="inbody", name="export.csv", **headers):
    return api.post(
        "/api/v1/health/imports/",
        {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv")},
        format="multipart",
        **headers,
    )


def _two_scans() -> bytes:
    return files.csv_bytes([files.row(), files.row(**{"Test Date / Time": "2025.04.01 09:00"})])


def test_api_import_answers_202_with_the_job_url(consented, api_for):
    api = api_for(consented.worker_a)
    response = _upload(api, _two_scans())
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/jobs/{body['id']}/")
    job = api.get(body["url"]).json()
    assert job["state"] == "done"
    result = job["result"]
    assert {k: result[k] for k in ("read", "imported", "duplicates", "rejected")} == {
        "read": 2, "imported": 2, "duplicates": 0, "rejected": 0,
    }  # fmt: skip
    assert "report" not in result  # a server path is not the client's business
    assert Measurement.objects.filter(citizen=consented.citizen).count() == 2


def test_api_import_of_another_centres_citizens_rejects_the_rows(consented, api_for):
    response = _upload(api_for(consented.worker_b), _two_scans())
    job = api_for(consented.worker_b).get(response.json()["url"]).json()
    assert (job["result"]["imported"], job["result"]["rejected"]) == (0, 2)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("who", ["official", "partner", "delegate"])
def test_who_may_not_upload_gets_403_and_no_job(consented, api_for, who):
    response = _upload(api_for(consented.users()[who]), _two_scans())
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert not Job.objects.exists()


def test_anonymous_may_not_upload(consented, api_for):
    assert _upload(api_for(None), _two_scans()).status_code in (401, 403)
    assert not Job.objects.exists()


def test_bad_kind_and_missing_file_are_field_errors(consented, api_for):
    api = api_for(consented.worker_a)
    response = _upload(api, b"x", kind="spreadsheet")
    assert response.status_code == 400 and "kind" in response.json()["error"]["fields"]
    response = api.post("/api/v1/health/imports/", {"kind": "inbody"}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]
    assert not Job.objects.exists()


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason(consented, api_for):
    api = api_for(consented.worker_a)
    response = _upload(api, b"\x00\x01binary", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 202
    job = api.get(response.json()["url"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert job["state"] == "failed"
    assert job["error"] == "This is not a CSV or XLSX file (it contains binary data)."
    job = api.get(response.json()["url"], HTTP_ACCEPT_LANGUAGE="ko").json()
    assert job["error"] == "CSV나 XLSX 파일이 아닙니다(이진 데이터가 들어 있음)."


def test_a_retried_import_adds_nothing_twice(consented, api_for, monkeypatch):
    """The database goes away after the first chunk was written: the job is retried, the
    rows already in count as duplicates, and every sitting is recorded once."""
    from healthycity.health.imports import loader

    real = loader.MeasurementWriter.load
    calls = {"n": 0}

    def flaky(self, ready):
        real(self, ready)
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(loader.MeasurementWriter, "load", flaky)
    api = api_for(consented.worker_a)
    job = api.get(_upload(api, _two_scans()).json()["url"]).json()
    assert job["state"] == "done" and job["attempts"] == 2
    assert (job["result"]["imported"], job["result"]["duplicates"]) == (0, 2)
    assert Measurement.objects.count() == 2
    assert ImportBatch.objects.count() == 2  # each attempt is a batch of its own


def test_citizen_uploads_their_own_fhir_observation(consented, api_for):
    import json

    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
        "subject": {"reference": "Patient/example"},
        "effectiveDateTime": "2025-03-01T09:00:00+09:00",
        "valueQuantity": {
            "value": 60.5,
            "unit": "kg",
            "system": "http://unitsofmeasure.org",
            "code": "kg",
        },
    }
    api = api_for(consented.citizen_user)
    response = _upload(api, json.dumps(observation).encode(), kind="fhir", name="me.json")
    job = api.get(response.json()["url"]).json()
    assert job["state"] == "done" and job["result"]["imported"] == 1, job
    assert Measurement.objects.get().citizen == consented.citizen
