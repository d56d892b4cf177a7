"""Check-in: each answer with its reason, exactly-once recording, nonces, and the offline list."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from healthycity.conference.domain import checkin as domain
from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import SessionKind
from healthycity.conference.models import Checkin, CheckinList, Device
from tests.conference.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _confirmed(afhc, n=1, category=None):
    return reg.register(
        event=afhc.event, category=category or afhc.citizen, name=f"사람 {n}", consent=True
    )


def _scan(afhc, payload, nonce, the_list=None, device=None, **kw):
    return domain.scan(
        payload=payload,
        checkin_list=the_list or afhc.day1,
        device=device or afhc.device,
        nonce=nonce,
        scanned_at=kw.pop("scanned_at", timezone.now()),
        **kw,
    )


def test_valid_then_already_with_device_and_time(afhc):
    ticket = _confirmed(afhc).ticket
    first = _scan(afhc, ticket.qr_payload, "n1")
    assert first.status == "ok" and first.colour == "green" and first.attendee == "사람 1"
    assert first.category["code"] == "citizen"
    second_device = Device.objects.create(event=afhc.event, gate=afhc.gate, name="phone 2")
    with translation.override("en"):
        again = _scan(afhc, ticket.qr_payload, "n2", device=second_device)
    assert again.status == "already" and again.colour == "yellow"
    assert again.first["device"] == "phone 1" and again.first["gate"] == "Main entrance"
    assert again.reason.startswith("Already checked in at Main entrance (phone 1)")
    assert Checkin.objects.filter(status="ok").count() == 1 and Checkin.objects.count() == 2


@pytest.mark.parametrize("hour", [9, 15])
def test_already_reason_ends_with_one_full_stop(hour):
    """English times end in "a.m."/"p.m."; the sentence must not end in two stops."""
    at = dt.datetime(2026, 9, 25, hour, 5, tzinfo=dt.UTC)
    with translation.override("en"):
        info = domain.first_info(device="phone 1", gate="Main entrance", at=at, tz=dt.UTC)
        reason = domain.already_reason(info)
    assert reason.endswith((" a.m.", " p.m.")) and not reason.endswith(".."), reason


def test_entry_on_another_day_is_its_own_check_in(afhc):
    ticket = _confirmed(afhc).ticket
    assert _scan(afhc, ticket.qr_payload, "n1").status == "ok"
    assert _scan(afhc, ticket.qr_payload, "n2", the_list=afhc.day2).status == "ok"


def test_same_nonce_returns_the_first_answer_and_records_nothing(afhc):
    ticket = _confirmed(afhc).ticket
    first = _scan(afhc, ticket.qr_payload, "same")
    again = _scan(afhc, ticket.qr_payload, "same")
    assert again.status == "ok" and again.replayed and again.checkin_id == first.checkin_id
    assert Checkin.objects.count() == 1


def test_typed_code_is_forgiving(afhc):
    ticket = _confirmed(afhc).ticket
    typed = " " + ticket.display_code.lower().replace("0", "o").replace("1", "l") + " "
    assert _scan(afhc, typed, "n1").status == "ok"


def test_cancelled_registration(afhc):
    registration = _confirmed(afhc)
    reg.cancel(registration=registration)
    with translation.override("en"):
        answer = _scan(afhc, registration.ticket.qr_payload, "n1")
    assert answer.status == "cancelled" and answer.colour == "red"
    assert answer.reason == "This registration was cancelled." and answer.attendee == ""


def test_category_not_on_the_list(afhc):
    vip = CheckinList.objects.create(
        event=afhc.event, kind="entry", name_ko="대표단 라운지", name_en="Delegates' lounge"
    )
    vip.categories.add(afhc.delegate)
    with translation.override("en"):
        answer = _scan(afhc, _confirmed(afhc).ticket.qr_payload, "n1", the_list=vip)
    assert answer.status == "wrong_list"
    assert answer.reason == "Citizen visitor tickets are not valid for “Delegates' lounge”."


def test_limited_session_needs_a_booked_seat(afhc):
    workshop = SessionFactory(
        event=afhc.event, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=5
    )
    door = CheckinList.objects.create(
        event=afhc.event, kind="session", session=workshop, name_ko="워크숍", name_en="Workshop"
    )
    booked, walk_in = _confirmed(afhc, 1), _confirmed(afhc, 2)
    reg.book_session(registration=booked, session=workshop)
    assert _scan(afhc, booked.ticket.qr_payload, "n1", the_list=door).status == "ok"
    answer = _scan(afhc, walk_in.ticket.qr_payload, "n2", the_list=door)
    assert answer.status == "wrong_list"


def test_ticket_of_another_event(afhc):
    other = EventFactory(
        slug="other",
        name_ko="다른 행사",
        name_en="Another event",
        venue=afhc.event.venue,
        starts_on=afhc.event.starts_on,
        ends_on=afhc.event.ends_on,
    )
    from tests.conference.factories import CategoryFactory

    stranger = reg.register(
        event=other, category=CategoryFactory(event=other), name="외부인", consent=True
    )
    with translation.override("en"):
        answer = _scan(afhc, stranger.ticket.qr_payload, "n1")
    assert (
        answer.status == "wrong_list"
        and answer.reason == "This ticket is for another event (Another event)."
    )


@pytest.mark.parametrize(
    "payload", ["", "https://example.org/", "ABCDEFGHJKMNPQRSTVWX", "x" * 200, "\x00abc"]
)
def test_unknown_or_malformed_payload(afhc, payload):
    with translation.override("ko"):
        answer = _scan(afhc, payload, "n1")
    assert answer.status == "unknown" and answer.colour == "red"
    assert answer.reason == "이 코드는 이 행사의 입장권이 아닙니다."
    row = Checkin.objects.get()
    assert row.ticket is None and row.payload_hash == hashlib.sha256(payload.encode()).hexdigest()


def test_scan_dated_in_the_future_is_refused_and_not_recorded(afhc):
    ticket = _confirmed(afhc).ticket
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _scan(afhc, ticket.qr_payload, "n1", scanned_at=timezone.now() + dt.timedelta(hours=2))
    assert "in the future" in exc.value.message_dict["scanned_at"][0]
    with translation.override("ko"), pytest.raises(ValidationError) as exc:
        _scan(afhc, ticket.qr_payload, "n1", scanned_at=timezone.now() + dt.timedelta(hours=2))
    assert "미래" in exc.value.message_dict["scanned_at"][0]
    assert not Checkin.objects.exists()
    # A phone a minute fast is fine.
    assert (
        _scan(
            afhc, ticket.qr_payload, "n1", scanned_at=timezone.now() + dt.timedelta(minutes=1)
        ).status
        == "ok"
    )


def test_device_of_another_event_is_refused(afhc):
    other = EventFactory(slug="other2", venue=afhc.event.venue)
    from healthycity.conference.models import Gate

    gate = Gate.objects.create(event=other, name_ko="문", name_en="Door")
    stray = Device.objects.create(event=other, gate=gate, name="stray")
    with pytest.raises(ValidationError):
        _scan(afhc, _confirmed(afhc).ticket.qr_payload, "n1", device=stray)
    assert not Checkin.objects.exists()


def test_offline_list_has_hashes_and_categories_but_no_names_or_secrets(afhc):
    a, b, c = _confirmed(afhc, 1), _confirmed(afhc, 2, category=afhc.press), _confirmed(afhc, 3)
    reg.cancel(registration=c)
    _scan(afhc, b.ticket.qr_payload, "n1")
    data = domain.offline_list(checkin_list=afhc.day1)
    text = json.dumps(data, ensure_ascii=False)
    for registration in (a, b, c):
        assert registration.name not in text and registration.ticket.secret not in text
    codes = [cat["code"] for cat in data["categories"]]
    salt = data["hash"]["salt"]
    entries = {e[:20]: e[20:] for e in data["tickets"]}
    assert entries[domain.offline_hash(salt, a.ticket.secret)] == f"{codes.index('citizen')}.v"
    assert entries[domain.offline_hash(salt, b.ticket.secret)] == f"{codes.index('press')}.a"
    assert entries[domain.offline_hash(salt, c.ticket.secret)].endswith(".x")


def test_offline_list_hash_matches_what_the_scanner_computes(afhc):
    """The scanner hashes with Web Crypto: SHA-256 over salt + code, first 20 hex digits."""
    ticket = _confirmed(afhc).ticket
    salt = domain.offline_salt(afhc.day1)
    assert (
        domain.offline_hash(salt, ticket.secret)
        == hashlib.sha256(f"{salt}{ticket.secret}".encode()).hexdigest()[:20]
    )


def test_offline_list_for_20000_tickets_is_under_a_megabyte(afhc):
    from healthycity.conference.models import Registration, Ticket

    regs = Registration.objects.bulk_create(
        [
            Registration(event=afhc.event, category=afhc.citizen, status="confirmed", name=f"p{i}")
            for i in range(20_000)
        ]
    )
    Ticket.objects.bulk_create([Ticket(registration=r) for r in regs], batch_size=2000)
    body = json.dumps(domain.offline_list(checkin_list=afhc.day1), separators=(",", ":")).encode()
    assert len(gzip.compress(body)) < 1_000_000


def test_missing_lists_are_created_once(afhc, cast, client_for):
    workshop = SessionFactory(
        event=afhc.event, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=5
    )
    created = domain.ensure_lists(event=afhc.event)
    names = sorted(c.name_en for c in created)
    assert names == ["Day 3 entry", workshop.title_en]  # days 1 and 2 had lists already
    assert domain.ensure_lists(event=afhc.event) == []
    client_for(cast.official).post("/conference/afhc-test/manage/lists/")
    assert CheckinList.objects.filter(event=afhc.event).count() == 4


def test_a_new_limited_session_gets_its_door_list(afhc):
    from healthycity.conference.domain.programme import save_session
    from healthycity.conference.models import Session

    start = afhc.day1.day
    from tests.conference.factories import at

    session = Session(
        event=afhc.event,
        kind=SessionKind.SITE_VISIT,
        title_ko="현장 방문",
        capacity=20,
        starts_at=at(start, "14:00"),
        ends_at=at(start, "16:00"),
        languages="ko",
    )
    save_session(session=session)
    assert CheckinList.objects.filter(session=session, kind="session").count() == 1
