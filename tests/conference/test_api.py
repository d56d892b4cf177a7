"""The conference API as the issue's contract states it, with the project's one error shape."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent
from healthycity.conference.domain import registration as reg
from healthycity.conference.models import Checkin, EventStaff, Registration
from tests.conference.factories import SessionFactory, at

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conference"


def test_events_are_listed_with_slug_for_anyone(afhc, api_for):
    body = api_for(None).get(f"{BASE}/events/").json()
    assert [e["slug"] for e in body["results"]] == ["afhc-test"]


def test_sessions_are_public_and_filterable(afhc, api_for):
    SessionFactory(event=afhc.event, room=afhc.room_a, track=afhc.health, title_en="Walking")
    SessionFactory(event=afhc.event, room=afhc.room_b, track=afhc.equity, title_en="Equity")
    api = api_for(None)
    assert api.get(f"{BASE}/events/afhc-test/sessions/").json()["count"] == 2
    only = api.get(f"{BASE}/events/afhc-test/sessions/?track=equity").json()["results"]
    assert [s["title_en"] for s in only] == ["Equity"] and only[0]["room"] == "conf-b"
    bad = api.get(f"{BASE}/events/afhc-test/sessions/?day=25-09-2026")
    assert bad.status_code == 400 and "day" in bad.json()["error"]["fields"]


def test_citizen_registers_and_gets_the_qr_payload(afhc, cast, api_for):
    api = api_for(cast.citizen_user)
    response = api.post(
        f"{BASE}/events/afhc-test/registrations/",
        {"category": "citizen", "consent": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    registration = Registration.objects.get()
    assert (
        body["status"] == "confirmed" and body["ticket"]["qr_payload"] == registration.ticket.secret
    )
    assert registration.name == "김민지" and registration.citizen == cast.citizen


def test_citizen_who_already_agreed_registers_with_the_category_alone(afhc, cast, api_for):
    grant_consent(citizen=cast.citizen, purpose="conference")
    response = api_for(cast.citizen_user).post(
        f"{BASE}/events/afhc-test/registrations/", {"category": "citizen"}, format="json"
    )
    assert response.status_code == 201 and response.json()["ticket"]["qr_payload"]


def test_without_consent_the_error_says_so(afhc, cast, api_for):
    response = api_for(cast.citizen_user).post(
        f"{BASE}/events/afhc-test/registrations/",
        {"category": "citizen"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "consent" in error["fields"]
    assert not Registration.objects.exists()


def test_full_category_answers_with_a_waiting_place(afhc, cast, api_for):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    reg.register(event=afhc.event, category=afhc.citizen, name="먼저 온 사람", consent=True)
    response = api_for(cast.citizen_user).post(
        f"{BASE}/events/afhc-test/registrations/",
        {"category": "citizen", "consent": True},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "waiting" and body["waiting_position"] == 1 and body["ticket"] is None


def test_registrations_are_scoped(afhc, cast, api_for):
    reg.register(event=afhc.event, category=afhc.citizen, name="남", consent=True)
    mine = reg.register(
        event=afhc.event, category=afhc.citizen, name="나", user=cast.citizen_user, consent=True
    )
    own = api_for(cast.citizen_user).get(f"{BASE}/events/afhc-test/registrations/").json()
    assert [r["id"] for r in own["results"]] == [str(mine.external_id)]
    assert (
        api_for(cast.official).get(f"{BASE}/events/afhc-test/registrations/").json()["count"] == 2
    )
    assert api_for(cast.partner).get(f"{BASE}/events/afhc-test/registrations/").json()["count"] == 0
    other = api_for(cast.other_citizen_user).get(f"{BASE}/registrations/{mine.external_id}/")
    assert other.status_code == 404


def test_citizen_cancels_own_registration(afhc, cast, api_for):
    mine = reg.register(
        event=afhc.event, category=afhc.citizen, name="나", user=cast.citizen_user, consent=True
    )
    response = api_for(cast.citizen_user).post(
        f"{BASE}/registrations/{mine.external_id}/cancel/", {}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert (
        api_for(cast.citizen_user)
        .post(f"{BASE}/registrations/{mine.external_id}/approve/")
        .status_code
        == 403
    )


@pytest.mark.parametrize("who", ["anonymous", "citizen", "partner", "delegate", "worker_a"])
def test_checkin_lists_are_for_staff_only(afhc, cast, api_for, who):
    response = api_for(cast.users()[who]).get(f"{BASE}/events/afhc-test/checkin-lists/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_event_staff_sees_checkin_lists(afhc, cast, api_for):
    EventStaff.objects.create(event=afhc.event, user=cast.worker_a, role="checkin")
    body = api_for(cast.worker_a).get(f"{BASE}/events/afhc-test/checkin-lists/").json()
    assert [row["id"] for row in body] == [afhc.day1.pk, afhc.day2.pk]


def _scan_body(afhc, payload, nonce=None, **kw):
    return {
        "qr_payload": payload,
        "list": kw.get("list", afhc.day1.pk),
        "device": str(afhc.device.external_id),
        "nonce": nonce or uuid.uuid4().hex,
        "scanned_at": kw.get("scanned_at", timezone.now().isoformat()),
    }


def test_checkin_contract_and_nonce_idempotency(afhc, cast, api_for):
    ticket = reg.register(
        event=afhc.event, category=afhc.citizen, name="참가자", consent=True
    ).ticket
    api = api_for(cast.official)
    body = _scan_body(afhc, ticket.qr_payload, nonce="nonce-1")
    first = api.post(f"{BASE}/checkins/", body, format="json")
    assert first.status_code == 200 and first.json()["status"] == "ok"
    again = api.post(f"{BASE}/checkins/", body, format="json").json()
    assert (
        again["status"] == "ok"
        and again["checkin"] == first.json()["checkin"]
        and again["replayed"]
    )
    assert Checkin.objects.count() == 1
    other = api.post(f"{BASE}/checkins/", _scan_body(afhc, ticket.qr_payload), format="json").json()
    assert other["status"] == "already" and other["first"]["device"] == "phone 1"
    assert (
        api.post(f"{BASE}/checkins/", _scan_body(afhc, "nonsense"), format="json").json()["status"]
        == "unknown"
    )


def test_checkin_in_the_future_is_a_clear_400(afhc, cast, api_for):
    ticket = reg.register(
        event=afhc.event, category=afhc.citizen, name="참가자", consent=True
    ).ticket
    future = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    response = api_for(cast.official).post(
        f"{BASE}/checkins/",
        _scan_body(afhc, ticket.qr_payload, scanned_at=future),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert "미래" in response.json()["error"]["fields"]["scanned_at"][0]
    assert not Checkin.objects.exists()


def test_checkin_refused_to_non_staff(afhc, cast, api_for):
    response = api_for(cast.citizen_user).post(
        f"{BASE}/checkins/", _scan_body(afhc, "X" * 20), format="json"
    )
    assert response.status_code == 403 and not Checkin.objects.exists()


def test_offline_batch_uploaded_twice_records_once(afhc, cast, api_for):
    tickets = [
        reg.register(event=afhc.event, category=afhc.citizen, name=f"p{i}", consent=True).ticket
        for i in range(5)
    ]
    scans = [_scan_body(afhc, t.qr_payload) for t in tickets] + [
        _scan_body(afhc, tickets[0].qr_payload)
    ]
    api = api_for(cast.official)
    first = api.post(f"{BASE}/checkins/batch/", {"scans": scans}, format="json").json()["results"]
    assert [r["status"] for r in first] == ["ok"] * 5 + ["already"]
    second = api.post(f"{BASE}/checkins/batch/", {"scans": scans}, format="json").json()["results"]
    assert [r["status"] for r in second] == [r["status"] for r in first] and all(
        r["replayed"] for r in second
    )
    assert Checkin.objects.count() == 6 and Checkin.objects.filter(offline=True).count() == 6


def test_offline_list_endpoint(afhc, cast, api_for):
    reg.register(event=afhc.event, category=afhc.citizen, name="참가자", consent=True)
    body = api_for(cast.official).get(f"{BASE}/checkin-lists/{afhc.day1.pk}/offline/").json()
    assert len(body["tickets"]) == 1 and "참가자" not in str(body)
    assert (
        api_for(cast.citizen_user).get(f"{BASE}/checkin-lists/{afhc.day1.pk}/offline/").status_code
        == 403
    )


def test_device_registration(afhc, cast, api_for):
    api = api_for(cast.official)
    response = api.post(
        f"{BASE}/events/afhc-test/devices/",
        {"name": "Gate A phone", "gate": afhc.gate.pk},
        format="json",
    )
    assert response.status_code == 201 and uuid.UUID(response.json()["id"])
    assert (
        api.post(
            f"{BASE}/events/afhc-test/devices/", {"name": "x", "gate": 999999}, format="json"
        ).status_code
        == 400
    )


def test_official_adds_a_session_and_conflicts_are_400(afhc, cast, api_for):
    api = api_for(cast.official)
    day = afhc.event.starts_on
    body = {
        "kind": "plenary",
        "title_ko": "개회 전체회의",
        "room": "conf-a",
        "track": "health",
        "starts_at": at(day, "09:00").isoformat(),
        "ends_at": at(day, "10:00").isoformat(),
        "languages": ["ko", "en"],
    }
    created = api.post(f"{BASE}/events/afhc-test/sessions/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["languages"] == ["ko", "en"]
    clash = api.post(
        f"{BASE}/events/afhc-test/sessions/",
        {**body, "title_ko": "겹침"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        clash.status_code == 400 and "already booked" in clash.json()["error"]["fields"]["room"][0]
    )
    assert (
        api_for(cast.citizen_user)
        .post(f"{BASE}/events/afhc-test/sessions/", body, format="json")
        .status_code
        == 403
    )
