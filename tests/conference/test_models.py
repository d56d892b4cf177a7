"""The conference's tables: the rules the database itself keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from healthycity.conference.enums import RegistrationStatus, ScanStatus
from healthycity.conference.models import Checkin, CheckinList, Device, Gate, Ticket
from healthycity.conference.models.registration import CODE_ALPHABET
from tests.conference.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    at,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_event_days_are_in_seoul_time():
    event = EventFactory()
    assert event.days == [dt.date(2026, 9, 25), dt.date(2026, 9, 26), dt.date(2026, 9, 27)]
    start, end = event.day_bounds(dt.date(2026, 9, 25))
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert (end - start) == dt.timedelta(days=1)


def test_session_cannot_end_before_it_starts():
    session = SessionFactory()
    session.ends_at = session.starts_at - dt.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_ticket_secret_is_long_random_and_typable():
    registration = RegistrationFactory()
    a = Ticket.objects.create(registration=registration)
    b = Ticket.objects.create(registration=RegistrationFactory(event=registration.event))
    assert a.secret != b.secret
    assert len(a.secret) == 20 and set(a.secret) <= set(CODE_ALPHABET)
    assert a.qr_payload == a.secret
    assert a.display_code.replace("-", "") == a.secret and a.display_code.count("-") == 3
    # The payload says nothing about the person.
    assert registration.name not in a.qr_payload


def test_one_active_registration_per_user_and_event():
    user = UserFactory()
    first = RegistrationFactory(user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(user=user, event=first.event, category=first.category)
    first.status = RegistrationStatus.CANCELLED
    first.save()
    RegistrationFactory(user=user, event=first.event, category=first.category)


def test_a_ticket_is_checked_in_once_per_list():
    registration = RegistrationFactory()
    ticket = Ticket.objects.create(registration=registration)
    event = registration.event
    gate = Gate.objects.create(event=event, name_ko="정문", name_en="Main gate")
    device = Device.objects.create(event=event, gate=gate, name="phone 1")
    entry = CheckinList.objects.create(
        event=event, kind="entry", name_ko="1일차", name_en="Day 1", day=event.starts_on
    )
    when = at(event.starts_on, "09:00")
    Checkin.objects.create(
        checkin_list=entry,
        ticket=ticket,
        device=device,
        nonce="a",
        status=ScanStatus.OK,
        scanned_at=when,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkin.objects.create(
            checkin_list=entry,
            ticket=ticket,
            device=device,
            nonce="b",
            status=ScanStatus.OK,
            scanned_at=when,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkin.objects.create(
            checkin_list=entry,
            ticket=ticket,
            device=device,
            nonce="a",
            status=ScanStatus.ALREADY,
            scanned_at=when,
        )
    Checkin.objects.create(
        checkin_list=entry,
        ticket=ticket,
        device=device,
        nonce="c",
        status=ScanStatus.ALREADY,
        scanned_at=when,
    )
    assert entry.checkins.filter(status=ScanStatus.OK).count() == 1
