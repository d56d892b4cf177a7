"""The conference pages: who sees what, the registration walk, the ticket, exports over HTTP,
and the organisers' pages."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from healthycity.conference.domain import registration as reg
from healthycity.conference.models import PersonalAgenda, Registration, Session
from tests.conference.factories import SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(afhc):
    keynote = SessionFactory(
        event=afhc.event,
        kind="keynote",
        room=afhc.hall,
        track=afhc.health,
        title_ko="기조연설",
        title_en="Keynote",
        starts_at=at(afhc.event.starts_on, "09:30"),
        ends_at=at(afhc.event.starts_on, "10:30"),
    )
    keynote.speaker_links.create(speaker=SpeakerFactory(event=afhc.event))
    workshop = SessionFactory(
        event=afhc.event,
        kind="workshop",
        room=afhc.room_b,
        capacity=1,
        title_ko="워크숍",
        title_en="Workshop",
        starts_at=at(afhc.event.starts_on, "14:00"),
        ends_at=at(afhc.event.starts_on, "16:00"),
    )
    return keynote, workshop


def test_public_pages_for_anyone(afhc, sessions, client_for):
    client = client_for(None)
    page = client.get("/conference/afhc-test/")
    assert page.status_code == 200
    body = page.content.decode()
    ld = body.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(ld)["@type"] == "Event"
    assert client.get("/conference/").status_code == 302  # one event: straight to it
    assert "기조연설" in client.get("/conference/afhc-test/programme/").content.decode()
    assert (
        client.get(f"/conference/afhc-test/sessions/{sessions[0].external_id}/").status_code == 200
    )
    assert client.get("/conference/afhc-test/schedule.ics")["Content-Type"].startswith(
        "text/calendar"
    )
    assert client.get("/conference/afhc-test/schedule.xml").content.startswith(b"<?xml")
    assert (
        client.get("/conference/afhc-test/schedule.json").json()["schedule"]["conference"][
            "acronym"
        ]
        == "afhc-test"
    )


def test_programme_filters_over_htmx(afhc, sessions, client_for):
    response = client_for(None).get(
        "/conference/afhc-test/programme/?room=conf-b", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "워크숍" in body and "기조연설" not in body and "<html" not in body


def test_programme_has_no_n_plus_one(
    afhc, sessions, client_for, cast, django_assert_max_num_queries
):
    client = client_for(cast.citizen_user)
    client.get("/conference/afhc-test/programme/")
    with django_assert_max_num_queries(20) as captured:
        client.get("/conference/afhc-test/programme/")
    few = len(captured)
    for i in range(5):
        s = SessionFactory(
            event=afhc.event,
            room=afhc.room_a,
            track=afhc.equity,
            starts_at=at(afhc.event.ends_on, f"1{i}:00"),
            ends_at=at(afhc.event.ends_on, f"1{i}:30"),
        )
        s.speaker_links.create(speaker=SpeakerFactory(event=afhc.event))
    with django_assert_max_num_queries(few):
        client.get("/conference/afhc-test/programme/")


def test_citizen_registers_through_the_form_and_sees_the_ticket(afhc, cast, client_for):
    client = client_for(cast.citizen_user)
    form = client.get("/conference/afhc-test/register/?category=citizen")
    assert "김민지" in form.content.decode()  # the name comes from the citizen registry
    refused = client.post(
        "/conference/afhc-test/register/", {"category": "citizen", "name": "김민지"}
    )
    assert refused.status_code == 200 and not Registration.objects.exists()
    assert "동의" in refused.content.decode()
    done = client.post(
        "/conference/afhc-test/register/",
        {"category": "citizen", "name": "김민지", "consent": "on"},
    )
    assert done.status_code == 302 and done["Location"] == "/conference/afhc-test/my/"
    registration = Registration.objects.get()
    ticket = client.get("/conference/afhc-test/ticket/")
    body = ticket.content.decode()
    assert ticket.status_code == 200 and "<svg" in body and registration.ticket.display_code in body
    assert "no-store" in ticket["Cache-Control"]
    pdf = client.get("/conference/afhc-test/ticket.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_nobody_else_sees_my_ticket(afhc, cast, client_for):
    reg.register(
        event=afhc.event, category=afhc.citizen, name="김민지", user=cast.citizen_user, consent=True
    )
    other = client_for(cast.other_citizen_user).get("/conference/afhc-test/ticket/")
    assert other.status_code == 404
    assert client_for(None).get("/conference/afhc-test/ticket/").status_code == 302


def test_waiting_list_and_offer_on_my_page(afhc, cast, client_for):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    first = reg.register(event=afhc.event, category=afhc.citizen, name="먼저", consent=True)
    client = client_for(cast.citizen_user)
    client.post(
        "/conference/afhc-test/register/",
        {"category": "citizen", "name": "김민지", "consent": "on"},
    )
    with translation.override("en"):
        page = client.get("/conference/afhc-test/my/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-status="waiting"' in page
    reg.cancel(registration=first)
    assert 'data-status="offered"' in client.get("/conference/afhc-test/my/").content.decode()
    client.post("/conference/afhc-test/my/accept/")
    assert Registration.objects.get(user=cast.citizen_user).status == "confirmed"


def test_star_and_calendar_feed(afhc, sessions, cast, client_for):
    client = client_for(cast.citizen_user)
    keynote = sessions[0]
    response = client.post(
        f"/conference/afhc-test/sessions/{keynote.external_id}/star/", HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in response.content.decode()
    agenda = PersonalAgenda.objects.get(user=cast.citizen_user)
    assert list(agenda.sessions.all()) == [keynote]
    feed = client_for(None).get(f"/conference/afhc-test/agenda/{agenda.feed_token}.ics")
    assert (
        feed.status_code == 200
        and b"BEGIN:VEVENT" in feed.content
        and feed.content.count(b"BEGIN:VEVENT") == 1
    )
    assert b"\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80" not in feed.content  # no name in the feed
    assert client_for(None).get("/conference/afhc-test/agenda/not-a-token.ics").status_code == 404
    client_for(cast.citizen_user).post("/conference/afhc-test/agenda/new-link/")
    assert (
        client_for(None).get(f"/conference/afhc-test/agenda/{agenda.feed_token}.ics").status_code
        == 404
    )


def test_booking_a_workshop_seat(afhc, sessions, cast, client_for):
    workshop = sessions[1]
    reg.register(
        event=afhc.event, category=afhc.citizen, name="김민지", user=cast.citizen_user, consent=True
    )
    client = client_for(cast.citizen_user)
    client.post(f"/conference/afhc-test/sessions/{workshop.external_id}/book/", {"action": "book"})
    assert workshop.bookings.get().status == "confirmed"
    page = client.get(f"/conference/afhc-test/sessions/{workshop.external_id}/").content.decode()
    assert 'value="cancel"' in page


@pytest.mark.parametrize(
    "path",
    [
        "manage/",
        "manage/live/",
        "manage/registrations/",
        "manage/programme/",
        "manage/programme/new/",
        "manage/abstracts/",
        "manage/import/",
        "manage/badges/",
        "scanner/",
    ],
)
def test_organiser_pages(afhc, sessions, cast, client_for, path):
    url = f"/conference/afhc-test/{path}"
    for who in ("citizen_user", "partner", "delegate", "worker_a"):
        assert client_for(getattr(cast, who)).get(url).status_code == 403, who
    assert client_for(None).get(url).status_code == 302
    assert client_for(cast.official).get(url).status_code == 200


def test_official_moderates_a_delegate(afhc, cast, client_for):
    pending = reg.register(event=afhc.event, category=afhc.delegate, name="Maria", consent=True)
    client = client_for(cast.official)
    client.post(
        f"/conference/afhc-test/manage/registrations/{pending.external_id}/", {"action": "approve"}
    )
    pending.refresh_from_db()
    assert pending.status == "confirmed" and pending.ticket


def test_official_edits_the_programme_and_sees_conflicts(afhc, sessions, cast, client_for):
    client = client_for(cast.official)
    day = afhc.event.starts_on.isoformat()
    data = {
        "kind": "parallel",
        "status": "published",
        "title_ko": "겹치는 세션",
        "room": afhc.hall.pk,
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T11:00",
        "languages": ["ko"],
        "interpretation": "none",
    }
    response = client.post("/conference/afhc-test/manage/programme/new/", data)
    assert response.status_code == 200 and "이미 예약" in response.content.decode()
    assert not Session.objects.filter(title_ko="겹치는 세션").exists()
    data["starts_at"], data["ends_at"] = f"{day}T11:00", f"{day}T12:00"
    assert client.post("/conference/afhc-test/manage/programme/new/", data).status_code == 302
    assert Session.objects.filter(title_ko="겹치는 세션").exists()


def test_scanner_manifest_and_service_worker(afhc, cast, client_for):
    client = client_for(cast.official)
    page = client.get("/conference/afhc-test/scanner/").content.decode()
    assert 'rel="manifest"' in page and "scanner-config" in page
    manifest = client.get("/conference/afhc-test/scanner/manifest.webmanifest").json()
    assert (
        manifest["display"] == "standalone"
        and manifest["start_url"] == "/conference/afhc-test/scanner/"
    )
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    sw = client.get("/conference/afhc-test/scanner/sw.js")
    assert sw["Content-Type"].startswith("application/javascript") and b"caches.open" in sw.content
