"""Programme conflicts: the same clear, translated errors from the domain, the admin and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from healthycity.conference.domain.programme import check_session, save_session, sessions_query
from healthycity.conference.enums import SessionKind
from healthycity.conference.models import Session, SessionBooking
from tests.conference.factories import RegistrationFactory, SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


def _session(afhc, **kw) -> Session:
    day = kw.pop("day", afhc.event.starts_on)
    start, end = kw.pop("start", "10:00"), kw.pop("end", "11:00")
    return Session(
        event=afhc.event,
        kind=kw.pop("kind", SessionKind.PARALLEL),
        title_ko=kw.pop("title_ko", "새 세션"),
        title_en="New session",
        room=kw.pop("room", afhc.room_a),
        starts_at=at(day, start),
        ends_at=at(day, end),
        **kw,
    )


def test_room_booked_twice_names_the_other_session(afhc):
    SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        title_ko="건강도시 정책",
        title_en="Healthy city policy",
        starts_at=at(afhc.event.starts_on, "10:30"),
        ends_at=at(afhc.event.starts_on, "12:00"),
    )
    errors = check_session(_session(afhc))
    assert errors.keys() == {"room"}
    assert "국제회의장 A" in errors["room"][0] and "건강도시 정책" in errors["room"][0]
    with translation.override("en"):
        message = check_session(_session(afhc))["room"][0]
    assert message.startswith("Conference Room A is already booked") and "12:00" in message


def test_back_to_back_sessions_do_not_clash(afhc):
    SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        starts_at=at(afhc.event.starts_on, "09:00"),
        ends_at=at(afhc.event.starts_on, "10:00"),
    )
    assert check_session(_session(afhc)) == {}


def test_posters_share_a_hall_but_not_with_a_talk(afhc):
    SessionFactory(
        event=afhc.event,
        room=afhc.hall,
        kind=SessionKind.POSTER,
        starts_at=at(afhc.event.starts_on, "10:00"),
        ends_at=at(afhc.event.starts_on, "11:00"),
    )
    assert check_session(_session(afhc, room=afhc.hall, kind=SessionKind.POSTER)) == {}
    assert "room" in check_session(_session(afhc, room=afhc.hall, kind=SessionKind.PLENARY))


def test_cancelled_sessions_free_the_room(afhc):
    SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        status="cancelled",
        starts_at=at(afhc.event.starts_on, "10:00"),
        ends_at=at(afhc.event.starts_on, "11:00"),
    )
    assert check_session(_session(afhc)) == {}


def test_speaker_in_two_places_at_once(afhc):
    speaker = SpeakerFactory(event=afhc.event, name_ko="박서연", name_en="Seoyeon Park")
    other = SessionFactory(
        event=afhc.event,
        room=afhc.room_b,
        title_ko="도시 보행",
        title_en="Walking cities",
        starts_at=at(afhc.event.starts_on, "10:30"),
        ends_at=at(afhc.event.starts_on, "11:30"),
    )
    save_session(session=other, speakers=[speaker])
    errors = check_session(_session(afhc), speakers=[speaker])
    assert errors.keys() == {"speakers"}
    assert "박서연" in errors["speakers"][0] and "도시 보행" in errors["speakers"][0]
    with translation.override("en"):
        assert (
            "Seoyeon Park is already speaking in “Walking cities”"
            in check_session(_session(afhc), speakers=[speaker])["speakers"][0]
        )


def test_session_outside_the_event_days(afhc):
    before = afhc.event.starts_on - dt.timedelta(days=1)
    errors = check_session(_session(afhc, day=before))
    assert "starts_at" in errors
    with translation.override("en"):
        assert (
            "outside the event's days" in check_session(_session(afhc, day=before))["starts_at"][0]
        )
    # The last day ends at midnight Seoul time, not UTC.
    late = _session(afhc, day=afhc.event.ends_on, start="22:00", end="23:59")
    assert check_session(late) == {}
    late.ends_at = late.ends_at + dt.timedelta(minutes=2)
    assert "starts_at" in check_session(late)


def test_seats_beyond_room_capacity(afhc):
    errors = check_session(_session(afhc, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=41))
    assert errors.keys() == {"capacity"}
    with translation.override("en"):
        assert check_session(
            _session(afhc, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=41)
        )["capacity"] == ["41 seats are more than Conference Room B holds (40)."]
    assert (
        check_session(_session(afhc, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=40))
        == {}
    )


def test_seats_cannot_drop_below_places_given(afhc):
    workshop = save_session(session=_session(afhc, kind=SessionKind.WORKSHOP, capacity=2))
    for _ in range(2):
        SessionBooking.objects.create(
            session=workshop, registration=RegistrationFactory(event=afhc.event), status="confirmed"
        )
    workshop.capacity = 1
    assert "capacity" in check_session(workshop)


def test_save_session_writes_nothing_on_conflict(afhc):
    SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        starts_at=at(afhc.event.starts_on, "10:00"),
        ends_at=at(afhc.event.starts_on, "11:00"),
    )
    before = Session.objects.count()
    with pytest.raises(ValidationError) as exc:
        save_session(session=_session(afhc))
    assert "room" in exc.value.message_dict
    assert Session.objects.count() == before


def test_programme_filters(afhc):
    day2 = afhc.event.starts_on + dt.timedelta(days=1)
    a = SessionFactory(event=afhc.event, room=afhc.room_a, track=afhc.health, languages="ko")
    b = SessionFactory(
        event=afhc.event,
        room=afhc.room_b,
        track=afhc.equity,
        languages="en",
        interpretation="simultaneous",
        interpretation_into="ko",
    )
    c = SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        languages="ja",
        starts_at=at(day2, "10:00"),
        ends_at=at(day2, "11:00"),
    )
    SessionFactory(
        event=afhc.event,
        room=afhc.room_b,
        status="draft",
        starts_at=at(day2, "10:00"),
        ends_at=at(day2, "11:00"),
    )
    assert list(sessions_query(afhc.event)) == [a, b, c]
    assert list(sessions_query(afhc.event, day=day2)) == [c]
    assert list(sessions_query(afhc.event, track="equity")) == [b]
    assert list(sessions_query(afhc.event, room="conf-a")) == [a, c]
    # Korean: held in Korean, or interpreted into it.
    assert list(sessions_query(afhc.event, language="ko")) == [a, b]


def test_admin_form_shows_the_conflict(afhc, client_for, cast):
    SessionFactory(
        event=afhc.event,
        room=afhc.room_a,
        title_ko="개회식",
        starts_at=at(afhc.event.starts_on, "10:00"),
        ends_at=at(afhc.event.starts_on, "11:00"),
    )
    client = client_for(cast.admin)
    start = at(afhc.event.starts_on, "10:30")
    response = client.post(
        "/admin/conference/session/add/",
        {
            "event": afhc.event.pk,
            "kind": "parallel",
            "status": "published",
            "title_ko": "겹치는 세션",
            "room": afhc.room_a.pk,
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": "10:30:00",
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": "11:30:00",
            "languages": "ko",
            "interpretation": "none",
            "speaker_links-TOTAL_FORMS": "0",
            "speaker_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "이미 예약" in response.content.decode()
    assert not Session.objects.filter(title_ko="겹치는 세션").exists()
