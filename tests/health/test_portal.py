"""The citizen portal and the staff record page: who sees what, and what is logged."""

from __future__ import annotations

import json

import pytest

from healthycity.core.models import AccessLog
from tests.health.health_data import consent_care, history

pytestmark = pytest.mark.django_db

MY_PAGES = ["/health/me/", "/health/me/report.pdf", "/health/me/fhir.json"]


@pytest.fixture
def records(cast):
    consent_care(cast.citizen, cast.other_citizen)
    history(cast.citizen)
    return cast


@pytest.mark.parametrize("url", MY_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 200),
        ("other_citizen", 200),
        ("worker_a", 403),
        ("worker_b", 403),
        ("partner", 403),
        ("official", 403),
        ("delegate", 403),
        ("admin", 403),
    ],
)
def test_my_pages_are_for_citizens_only(records, client_for, url, who, status):
    response = client_for(records.users()[who]).get(url)
    assert response.status_code == status


def test_citizen_sees_own_measurements_assessment_and_charts(records, client_for):
    response = client_for(records.citizen_user).get("/health/me/")
    html = response.content.decode()
    assert 'data-testid="measurements"' in html
    assert "60.5" in html  # latest weight
    assert 'data-outcome="possible_sarcopenia"' in html
    assert 'data-outcome="hypertension_stage_1"' in html
    assert 'id="chart-body"' in html and "/static/vendor/plotly/plotly.min.js" in html
    assert "/citizens/me/consents/" in html
    assert "cdn" not in html.lower()


def test_other_citizen_sees_only_their_own_empty_record(records, client_for):
    html = client_for(records.other_citizen_user).get("/health/me/").content.decode()
    assert "60.5" not in html
    assert 'data-outcome="possible_sarcopenia"' not in html


def test_citizen_viewing_own_record_writes_no_access_log(records, client_for):
    client = client_for(records.citizen_user)
    for url in MY_PAGES:
        client.get(url)
    assert not AccessLog.objects.exists()


def test_portal_in_english_and_korean(records, client_for):
    client = client_for(records.citizen_user)
    ko = client.get("/health/me/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "근감소증" in ko
    client.cookies["django_language"] = "en"
    en = client.get("/health/me/").content.decode()
    assert "Possible sarcopenia" in en
    assert "What this number means" in en


def test_fhir_download_is_a_valid_bundle_of_my_records(records, client_for):
    from healthycity.health.fhir.export import validate

    response = client_for(records.citizen_user).get("/health/me/fhir.json")
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    validate(bundle)
    assert len(bundle["entry"]) > 3


def test_plotly_is_served_locally(client):
    response = client.get("/static/vendor/plotly/plotly.min.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]


# ---- staff view of one citizen -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("other_citizen", 403),
        ("worker_a", 200),
        ("worker_b", 404),
        ("partner", 403),
        ("official", 200),
        ("delegate", 403),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("suffix", ["", "report.pdf"])
def test_staff_record_page_role_matrix(records, client_for, who, status, suffix):
    user = records.users()[who]
    url = f"/health/citizens/{records.citizen.external_id}/{suffix}"
    response = client_for(user).get(url)
    assert response.status_code == status
    logged = AccessLog.objects.filter(citizen=records.citizen)
    if status == 200:
        entry = logged.get()
        assert entry.actor == user
        assert entry.action in ("health.view_record", "health.report_pdf")
        assert entry.path == url
    else:
        assert not logged.exists()


def test_staff_page_shows_the_record(records, client_for):
    html = (
        client_for(records.worker_a)
        .get(f"/health/citizens/{records.citizen.external_id}/")
        .content.decode()
    )
    assert "60.5" in html and 'data-testid="record-measurement"' in html


def test_official_sees_record_but_cannot_record(records, client_for):
    html = (
        client_for(records.official)
        .get(f"/health/citizens/{records.citizen.external_id}/")
        .content.decode()
    )
    assert "60.5" in html and 'data-testid="record-measurement"' not in html


def test_without_care_consent_staff_see_nothing(cast, client_for):
    history(cast.citizen)  # no consent given
    for who in ("worker_a", "official", "admin"):
        response = client_for(cast.users()[who]).get(
            f"/health/citizens/{cast.citizen.external_id}/"
        )
        assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_withdrawn_consent_takes_effect_at_once(records, client_for):
    from healthycity.citizens.domain.consent import withdraw_consent

    url = f"/health/citizens/{records.citizen.external_id}/"
    client = client_for(records.worker_a)
    assert client.get(url).status_code == 200
    withdraw_consent(citizen=records.citizen, purpose="care", by=records.citizen_user)
    assert client.get(url).status_code == 404


def test_navigation_shows_my_health_to_citizens_only(records, client_for):
    assert "/health/me/" in client_for(records.citizen_user).get("/").content.decode()
    worker_home = client_for(records.worker_a).get("/").content.decode()
    assert "/health/me/" not in worker_home and "/health/worklist/" in worker_home
