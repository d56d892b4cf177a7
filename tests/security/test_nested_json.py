"""The probe's deeply nested JSON (issue 14, item 4): '[' * 3000 + ']' * 3000 (6 KB) used to give
500 on every JSON endpoint and the upload page, a traceback in `healthycity import fhir`, lose the
valid lines of an NDJSON file around it, and leave an ImportBatch with no end and no error."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from healthycity.core import jsonguard
from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import ImportBatch, Measurement, QuarantinedRow

pytestmark = pytest.mark.django_db
DEEP = "[" * 3000 + "]" * 3000


def observation(subject: str, kg: float, when: str) -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
        "subject": {"reference": f"Patient/{subject}"},
        "effectiveDateTime": when,
        "valueQuantity": {"value": kg, "system": "http://unitsofmeasure.org", "code": "kg"},
    }


def test_nesting_depth_is_read_without_recursion():
    assert jsonguard.nesting_depth(DEEP) == 3000
    assert jsonguard.nesting_depth('{"a": "[[[[", "b": [1, {"c": []}]}') == 4
    assert jsonguard.nesting_depth('"\\"[[["') == 0


@pytest.mark.parametrize("body", [DEEP, '{"a": ' * 100 + "1" + "}" * 100])
def test_guard_refuses_deep_documents(body):
    with pytest.raises(jsonguard.JSONRejected, match="64"):
        jsonguard.loads(body)


def test_guard_refuses_nul_escapes_and_lone_surrogates():
    for body in ('{"text": "a\\u0000b"}', '["\\ud800"]', '{"\\u0000": 1}'):
        with pytest.raises(jsonguard.JSONRejected):
            jsonguard.loads(body)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("citizen", "/api/v1/measurements/"),
        ("citizen", "/api/v1/fhir/"),
        ("worker_a", "/api/v1/aid/enrolments/"),
        ("partner", "/api/v1/products/"),
        ("citizen", "/api/v1/reviews/"),
    ],
)
def test_every_json_endpoint_answers_400_to_deep_nesting(cast, api_for, who, url):
    response = api_for(cast.users()[who]).post(url, DEEP, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["status"] == 400 and "64" in error["message"]


def test_fhir_media_type_is_accepted_and_guarded(consented, api_for):
    body = json.dumps(observation(consented.citizen.external_id, 70.5, "2025-01-01T09:00:00+09:00"))
    api = api_for(consented.worker_a)
    ok = api.post("/api/v1/fhir/", body, content_type="application/fhir+json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["imported"] == 1
    deep = api.post("/api/v1/fhir/", DEEP, content_type="application/fhir+json")
    assert deep.status_code == 400


def test_api_parse_error_is_in_the_callers_language(cast, api_for):
    api = api_for(cast.citizen_user)
    ko = api.post("/api/v1/measurements/", '{"a" 1}', content_type="application/json")
    assert ko.status_code == 400
    assert "JSON이 올바르지 않습니다" in ko.json()["error"]["message"]
    en = api.post(
        "/api/v1/measurements/",
        '{"a" 1}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert en.json()["error"]["message"].startswith("The JSON is not valid (line 1, column 6")


@pytest.mark.parametrize(
    ("language", "body", "expected"),
    [
        ("ko", '{"a" 1}', "JSON이 올바르지 않습니다"),
        ("en", '{"a" 1}', "The JSON is not valid (line 1, column 6: a colon was expected)."),
        ("ko-KR,ko;q=0.9,en;q=0.8", "[1,", "JSON이 올바르지 않습니다"),
        ("en-US,en;q=0.9", DEEP, "The JSON is nested more than 64 levels deep"),
        ("en", '{"note": "\\u0000"}', "a character that cannot be stored"),
    ],
)
@pytest.mark.parametrize("media_type", ["application/json", "application/fhir+json"])
def test_json_errors_follow_accept_language(cast, api_for, language, body, expected, media_type):
    """The probe: DRF's own parse error was English whatever the caller's language."""
    response = api_for(cast.worker_a).post(
        "/api/v1/fhir/", body, content_type=media_type, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and expected in error["message"], error["message"]


def test_upload_page_refuses_deep_json_and_records_the_batch_as_failed(consented, client_for):
    """The upload runs as a background job (in-process here); its page tells why it failed."""
    response = client_for(consented.worker_a).post(
        "/health/upload/",
        {
            "kind": "fhir",
            "file": SimpleUploadedFile("deep.json", DEEP.encode(), "application/json"),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "64" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.finished_at is not None and "64" in batch.error


def test_ndjson_keeps_the_valid_lines_around_a_deep_one(consented):
    subject = consented.citizen.external_id
    lines = [
        json.dumps(observation(subject, 70.1, "2025-01-01T09:00:00+09:00")),
        DEEP,
        json.dumps(observation(subject, 70.3, "2025-01-02T09:00:00+09:00")),
        '{"resourceType": "Observation", "note": "\\u0000"}',
        json.dumps(observation(subject, 70.5, "2025-01-03T09:00:00+09:00")),
    ]
    result = import_file(fileobj=io.BytesIO("\n".join(lines).encode()), kind="fhir")
    assert (result.read, result.imported, result.rejected) == (5, 3, 2)
    assert sorted(Measurement.objects.values_list("weight_kg", flat=True)) == [70.1, 70.3, 70.5]
    assert list(QuarantinedRow.objects.values_list("line", flat=True)) == [2, 4]
    batch = ImportBatch.objects.get()
    assert batch.finished_at is not None and batch.balanced


def test_a_deep_first_line_does_not_lose_the_rest_of_an_ndjson_file(consented):
    subject = consented.citizen.external_id
    text = DEEP + "\n" + json.dumps(observation(subject, 71.0, "2025-01-01T09:00:00+09:00"))
    result = import_file(fileobj=io.BytesIO(text.encode()), kind="fhir")
    assert (result.read, result.imported, result.rejected) == (2, 1, 1)


def test_deep_json_file_fails_with_a_reason_and_a_finished_batch(consented):
    with pytest.raises(ImportFailed, match="64"):
        import_file(fileobj=io.BytesIO(DEEP.encode()), kind="fhir", file_name="deep.json")
    batch = ImportBatch.objects.get()
    assert batch.finished_at is not None and "64" in batch.error


def test_cli_import_of_deep_json_is_an_error_without_traceback(consented, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    with pytest.raises(CommandError, match="64"):
        call_command("import", "fhir", str(path), stdout=io.StringIO())


def test_open_mhealth_ndjson_keeps_the_lines_around_a_deep_one(consented):
    from tests.health.wearable_files import omh_point

    point = omh_point(
        "body-weight",
        {
            "body_weight": {"value": 70, "unit": "kg"},
            "effective_time_frame": {"date_time": "2026-03-02T07:00:00+09:00"},
        },
    )
    text = "\n".join([json.dumps(point), DEEP, json.dumps(point).replace("07:00", "08:00")])
    result = import_file(
        fileobj=io.BytesIO(text.encode()),
        file_name="points.ndjson",
        kind="omh",
        citizen=consented.citizen,
    )
    assert (result.read, result.imported, result.rejected) == (3, 2, 1)
    assert list(QuarantinedRow.objects.values_list("line", flat=True)) == [2]


def test_fitbit_file_nested_too_deep_is_refused_with_a_reason(consented, tmp_path):
    folder = tmp_path / "Physical Activity"
    folder.mkdir()
    (folder / "steps-2026-03-01.json").write_text(DEEP)
    with pytest.raises(ImportFailed, match="64"):
        import_file(path=tmp_path, kind="fitbit", citizen=consented.citizen)
    assert ImportBatch.objects.get().finished_at is not None
