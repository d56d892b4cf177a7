"""The exhibition's API: public exhibitors and booths; scans, leads, figures and the
measurement station for booth staff; lead consents and slip claims for visitors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent
from healthycity.conference.exhibition.models import BoothVisit, LeadConsent
from healthycity.health.models import Measurement
from tests.health.inbody_files import csv_bytes, row

pytestmark = pytest.mark.django_db
API = "/api/v1/conference"


def test_exhibitors_and_booths_are_public(api_for, expo):
    body = api_for(None).get(f"{API}/events/{expo.event.slug}/exhibitors/").json()
    assert {e["slug"] for e in body} == {"inbody", "yuhan", "jongno-phc"}
    inbody = next(e for e in body if e["slug"] == "inbody")
    assert inbody["kind"] == "partner" and inbody["booths"] == ["A-01"]
    booths = api_for(None).get(f"{API}/events/{expo.event.slug}/booths/").json()
    a01 = next(b for b in booths if b["number"] == "A-01")
    assert (a01["x"], a01["width"], a01["station"], a01["exhibitor"]) == (6.0, 9.0, True, "inbody")


def scan(api_for, user, expo, ticket, **extra):
    return api_for(user).post(
        f"{API}/exhibition/scans/",
        {"exhibitor": str(expo.inbody.external_id), "qr_payload": ticket.qr_payload, **extra},
        format="json",
    )


def test_a_scan_records_once_per_nonce(api_for, expo):
    first = scan(api_for, expo.inbody_staff, expo, expo.citizen_ticket, nonce="abc")
    assert first.status_code == 201 and first.json()["result"] == "visit"
    assert first.json()["lead"] is None
    again = scan(api_for, expo.inbody_staff, expo, expo.citizen_ticket, nonce="abc")
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["visit"] == first.json()["visit"]
    assert BoothVisit.objects.count() == 1


def test_only_the_booths_team_can_scan_there(api_for, cast, expo):
    for user in (expo.yuhan_staff, expo.yuhan_partner, cast.official, cast.citizen_user):
        response = scan(api_for, user, expo, expo.citizen_ticket)
        assert response.status_code == 403, user
        assert response.json()["error"]["status"] == 403
    assert scan(api_for, None, expo, expo.citizen_ticket).status_code in (401, 403)
    assert not BoothVisit.objects.exists()


def test_bad_scans_get_a_clear_answer(api_for, expo):
    unknown = scan(api_for, expo.inbody_staff, expo, type("T", (), {"qr_payload": "NOPE"})())
    assert unknown.status_code == 200 and unknown.json()["result"] == "unknown"
    future = scan(
        api_for,
        expo.inbody_staff,
        expo,
        expo.citizen_ticket,
        scanned_at=(timezone.now() + dt.timedelta(days=1)).isoformat(),
    )
    assert future.status_code == 400
    assert "scanned_at" in future.json()["error"]["fields"]


def test_lead_consent_through_the_api(api_for, cast, expo):
    citizen = api_for(cast.citizen_user)
    made = citizen.post(
        f"{API}/exhibition/lead-consents/",
        {"exhibitor": str(expo.inbody.external_id), "fields": ["name", "country"]},
        format="json",
    )
    assert made.status_code == 201 and made.json()["fields"] == ["name", "country"]
    scan(api_for, expo.inbody_staff, expo, expo.citizen_ticket)
    leads = api_for(expo.inbody_staff).get(
        f"{API}/exhibition/exhibitors/{expo.inbody.external_id}/leads/"
    )
    assert leads.status_code == 200
    assert leads.json()[0]["fields"] == {"name": "김민지", "country": ""}
    # another exhibitor's staff and officials never see these leads
    for user in (expo.yuhan_partner, expo.yuhan_staff, cast.official):
        other = api_for(user).get(f"{API}/exhibition/exhibitors/{expo.inbody.external_id}/leads/")
        assert other.status_code == 403
    # another citizen cannot withdraw it; the owner can
    consent = made.json()["id"]
    assert (
        api_for(cast.other_citizen_user)
        .post(f"{API}/exhibition/lead-consents/{consent}/withdraw/")
        .status_code
        == 404
    )
    gone = citizen.post(f"{API}/exhibition/lead-consents/{consent}/withdraw/")
    assert gone.status_code == 200 and gone.json()["withdrawn_at"]
    assert (
        api_for(expo.inbody_staff)
        .get(f"{API}/exhibition/exhibitors/{expo.inbody.external_id}/leads/")
        .json()
        == []
    )
    assert citizen.get(f"{API}/exhibition/lead-consents/").json() == []


def test_someone_without_registration_cannot_share(api_for, cast, expo):
    response = api_for(cast.worker_a).post(
        f"{API}/exhibition/lead-consents/",
        {"exhibitor": str(expo.inbody.external_id), "fields": ["name"]},
        format="json",
    )
    assert response.status_code == 403 and not LeadConsent.objects.exists()


def export_file():
    when = (timezone.localtime() - dt.timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S")
    return csv_bytes([row(**{"Test Date / Time": when})])


def test_station_upload_makes_a_slip_that_the_citizen_claims(api_for, cast, expo):
    import io

    upload = io.BytesIO(export_file())
    upload.name = "inbody.csv"
    made = api_for(expo.inbody_staff).post(
        f"{API}/exhibition/measurements/",
        {"booth": str(expo.inbody_booth.external_id), "file": upload},
        format="multipart",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "slip" and "/conference/exhibition/claim/" in body["claim_url"]
    secret = body["claim_url"].rstrip("/").rsplit("/", 1)[1]
    refused = api_for(cast.citizen_user).post(
        f"{API}/exhibition/claims/", {"secret": secret}, format="json"
    )
    assert refused.status_code == 400 and "consent_care" in refused.json()["error"]["fields"]
    claimed = api_for(cast.citizen_user).post(
        f"{API}/exhibition/claims/", {"secret": secret, "consent_care": True}, format="json"
    )
    assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"
    assert Measurement.objects.filter(citizen=cast.citizen, weight_kg=61.5).exists()
    twice = api_for(cast.other_citizen_user).post(
        f"{API}/exhibition/claims/", {"secret": secret, "consent_care": True}, format="json"
    )
    assert twice.status_code == 409


def test_station_values_with_a_ticket_file_into_the_record(api_for, cast, expo):
    grant_consent(citizen=cast.citizen, purpose="care")
    made = api_for(expo.inbody_staff).post(
        f"{API}/exhibition/measurements/",
        {
            "booth": str(expo.inbody_booth.external_id),
            "qr_payload": expo.citizen_ticket.qr_payload,
            "save_to_record": True,
            "taken_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat(),
            "values": {"weight_kg": 58.2, "pbf_percent": 31.0},
        },
        format="json",
    )
    assert made.status_code == 201 and made.json()["status"] == "filed"
    assert made.json()["claim_url"] == ""
    assert Measurement.objects.get(citizen=cast.citizen).pbf_percent == 31.0


def test_station_refuses_other_booths_staff_and_bad_values(api_for, cast, expo):
    payload = {
        "booth": str(expo.inbody_booth.external_id),
        "taken_at": timezone.now().isoformat(),
        "values": {"weight_kg": 900},
    }
    assert (
        api_for(expo.yuhan_staff)
        .post(f"{API}/exhibition/measurements/", payload, format="json")
        .status_code
        == 403
    )
    bad = api_for(expo.inbody_staff).post(f"{API}/exhibition/measurements/", payload, format="json")
    assert bad.status_code == 400 and "900" in bad.json()["error"]["message"] + str(
        bad.json()["error"].get("fields")
    )
    unknown = dict(payload, values={"shoe_size": 270})
    assert (
        api_for(expo.inbody_staff)
        .post(f"{API}/exhibition/measurements/", unknown, format="json")
        .status_code
        == 400
    )


def test_figures_are_suppressed_for_the_team_and_full_for_officials(api_for, cast, expo, settings):
    settings.SMALL_CELL_K = 5
    scan(api_for, expo.inbody_staff, expo, expo.citizen_ticket)
    url = f"{API}/exhibition/exhibitors/{expo.inbody.external_id}/figures/"
    team = api_for(cast.partner).get(url).json()
    assert team["suppressed"] is True and team["visitors"] is None
    assert all(r["count"] in (None, 0) for r in team["by_category"]["rows"])
    city = api_for(cast.official).get(url).json()
    assert city["suppressed"] is False and city["visitors"] == 1
    assert api_for(expo.yuhan_partner).get(url).status_code == 403
    event = api_for(cast.official).get(f"{API}/events/{expo.event.slug}/exhibition/figures/").json()
    assert next(r for r in event if r["name"] == "인바디")["visitors"] == 1
    assert (
        api_for(cast.partner).get(f"{API}/events/{expo.event.slug}/exhibition/figures/").status_code
        == 403
    )
