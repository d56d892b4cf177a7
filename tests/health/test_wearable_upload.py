"""The portal upload of a phone or watch export: the citizen picks a file, the format is
recognised, the import runs as a background job, and the steps show on the page the same day."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from healthycity.core.models import AccessLog
from healthycity.health.enums import ImportKind
from healthycity.health.imports import ImportFailed
from healthycity.health.imports.wearables.detect import detect
from healthycity.health.models import DailySteps
from healthycity.jobs.models import Job
from tests.health.wearable_files import AppleExport, fitbit_steps, omh_steps, samsung_csv, zip_of

pytestmark = pytest.mark.django_db


def today_export() -> AppleExport:
    """An export made now, with 4 321 steps this morning (or just after midnight)."""
    now = timezone.localtime()
    day = now.date().isoformat()
    start, end = ("00:00", "00:01") if now.hour == 0 else ("00:10", "00:40")
    export = AppleExport(export_date=now.strftime("%Y-%m-%d %H:%M:%S +0900"), birth="1950-04-02")
    return export.steps(4321, f"{day} {start}:00 +0900", f"{day} {end}:00 +0900")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("export.zip", AppleExport().zip(), ImportKind.APPLE_HEALTH),
        ("export.xml", AppleExport().xml(), ImportKind.APPLE_HEALTH),
        (
            "samsung.zip",
            zip_of(
                {
                    "a/com.samsung.shealth.step_daily_trend.20260301000000.csv": samsung_csv(
                        "com.samsung.shealth.step_daily_trend",
                        "1",
                        ["day_time", "count", "source_type"],
                        [],
                    )
                }
            ),
            ImportKind.SAMSUNG_HEALTH,
        ),
        (
            "takeout.zip",
            zip_of({"Takeout/Fitbit/Physical Activity/steps-2026-03-01.json": fitbit_steps([])}),
            ImportKind.FITBIT,
        ),
        (
            "steps-2026-03-01.json",
            fitbit_steps([("03/01/26 10:00:00", 5)]).encode(),
            ImportKind.FITBIT,
        ),
        (
            "points.json",
            json.dumps(
                [omh_steps(10, "2026-03-01T10:00:00+09:00", "2026-03-01T10:05:00+09:00")]
            ).encode(),
            ImportKind.OMH,
        ),
    ],
)
def test_the_format_is_recognised(name, content, kind):
    assert detect(io.BytesIO(content), name) == kind


@pytest.mark.parametrize(
    "content", [b"%PDF-1.7 ...", b"name,phone\nkim,010\n", b"PK\x03\x04broken"]
)
def test_other_files_are_refused_with_what_to_upload(content):
    with pytest.raises(ImportFailed) as error:
        detect(io.BytesIO(content), "file.bin")
    assert "Apple" in str(error.value) or "zip" in str(error.value)


def test_citizen_uploads_and_sees_todays_steps(consented, client_for):
    client = client_for(consented.citizen_user)
    assert client.get("/health/me/upload/").status_code == 200
    response = client.post(
        "/health/me/upload/", {"file": SimpleUploadedFile("export.zip", today_export().zip())}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/jobs/{job.external_id}/"
    )
    job.refresh_from_db()
    assert job.state == "done" and job.kind == "health.import_wearable"
    assert job.result["latest"]["steps"] == 4321 and job.result["own"] is True
    page = client.get(f"/jobs/{job.external_id}/").content.decode()
    assert "4,321" in page and "/missions/" in page
    me = client.get("/health/me/").content.decode()
    assert 'data-testid="today-steps"' in me and "4,321" in me
    assert DailySteps.objects.get(citizen=consented.citizen).date == timezone.localdate()


def test_a_file_that_is_no_export_is_refused_on_the_form(consented, client_for):
    client = client_for(consented.citizen_user)
    response = client.post(
        "/health/me/upload/", {"file": SimpleUploadedFile("notes.txt", b"hello")}
    )
    assert response.status_code == 200 and 'data-testid="upload-error"' in response.content.decode()
    assert not Job.objects.exists()


def test_without_care_consent_the_citizen_is_told_before_uploading(cast, client_for):
    response = client_for(cast.citizen_user).post(
        "/health/me/upload/", {"file": SimpleUploadedFile("export.zip", today_export().zip())}
    )
    assert response.status_code == 200 and not Job.objects.exists()
    assert "care" in response.content.decode() or "동의" in response.content.decode()


def test_worker_uploads_for_a_citizen_of_their_centre_and_it_is_logged(consented, client_for):
    url = f"/health/citizens/{consented.citizen.external_id}/upload/"
    upload = {"file": SimpleUploadedFile("export.zip", today_export().zip())}
    response = client_for(consented.worker_a).post(url, upload)
    assert response.status_code == 302
    assert DailySteps.objects.filter(citizen=consented.citizen).count() == 1
    assert AccessLog.objects.filter(
        citizen=consented.citizen, action="health.upload_wearable"
    ).exists()
    assert client_for(consented.worker_b).get(url).status_code == 404
    assert client_for(consented.citizen_user).get(url).status_code == 403


def test_flagged_days_show_on_my_health_with_the_reason(consented, client_for):
    export = AppleExport().steps(2400, "2026-03-05 10:00:00 +0900", "2026-03-05 10:02:00 +0900")
    from healthycity.health.imports import import_file

    import_file(
        fileobj=io.BytesIO(export.zip()),
        file_name="export.zip",
        kind="apple_health",
        citizen=consented.citizen,
    )
    page = client_for(consented.citizen_user).get("/health/me/").content.decode()
    assert 'data-testid="flagged-days"' in page and "2026-03-05" in page and "1,200" in page


def test_the_api_takes_a_workers_export_for_a_named_citizen(consented, api_for):
    api = api_for(consented.worker_a)
    response = api.post(
        "/api/v1/health/imports/",
        {
            "kind": "apple_health",
            "citizen": str(consented.citizen.external_id),
            "file": SimpleUploadedFile("export.zip", today_export().zip()),
        },
        format="multipart",
    )
    job = api.get(response.json()["url"]).json()
    assert job["state"] == "done" and job["result"]["days"]["new"] == 1


def test_an_old_export_does_not_count_as_today(consented):
    export = AppleExport().steps(100, "2026-03-05 10:00:00 +0900", "2026-03-05 10:10:00 +0900")
    from healthycity.health.imports import import_file

    import_file(
        fileobj=io.BytesIO(export.zip()),
        file_name="export.zip",
        kind="apple_health",
        citizen=consented.citizen,
    )
    assert DailySteps.objects.get().date == dt.date(2026, 3, 5)
