"""The afterwards cast: a three-day event that ended yesterday, a keynote on day 1, a parallel
session on day 2 and a workshop with a door scan on day 2; the citizen attended day 1 and the
workshop, the other citizen attended day 2 only; a delegate never came."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone

from healthycity.conference.enums import CategoryKind, ListKind, ScanStatus, SessionKind
from healthycity.conference.models import Checkin, CheckinList, Device, Gate
from tests.conference.exhibition.factories import ticket_for
from tests.conference.factories import CategoryFactory, EventFactory, SessionFactory, at


def check_in(ticket, checkin_list, *, status=ScanStatus.OK):
    event = checkin_list.event
    gate = Gate.objects.filter(event=event).first() or Gate.objects.create(
        event=event, name_ko="정문", name_en="Main gate"
    )
    device = Device.objects.filter(gate=gate).first() or Device.objects.create(
        event=event, gate=gate, name="phone-1"
    )
    return Checkin.objects.create(
        checkin_list=checkin_list,
        ticket=ticket,
        device=device,
        nonce=uuid.uuid4().hex,
        status=status,
        scanned_at=timezone.now(),
    )


@dataclass
class After:
    event: object
    day_lists: list
    keynote: object
    parallel: object
    workshop: object
    workshop_list: object
    citizen_ticket: object
    other_ticket: object
    delegate_ticket: object


@pytest.fixture
def after(cast) -> After:
    first = timezone.localdate() - dt.timedelta(days=3)
    event = EventFactory(starts_on=first, ends_on=first + dt.timedelta(days=2))
    citizens = CategoryFactory(event=event)
    delegates = CategoryFactory(
        event=event,
        code="delegate",
        kind=CategoryKind.DELEGATE,
        name_ko="대표단",
        name_en="Delegate",
    )
    day_lists = [
        CheckinList.objects.create(
            event=event, kind=ListKind.ENTRY, day=day, name_ko=f"{day} 입장", name_en=f"Entry {day}"
        )
        for day in event.days
    ]
    day2 = event.days[1]
    keynote = SessionFactory(event=event, kind=SessionKind.KEYNOTE, title_ko="기조연설")
    parallel = SessionFactory(
        event=event,
        title_ko="병행 세션",
        starts_at=at(day2, "10:00"),
        ends_at=at(day2, "11:30"),
    )
    workshop = SessionFactory(
        event=event,
        kind=SessionKind.WORKSHOP,
        capacity=20,
        title_ko="워크숍",
        starts_at=at(day2, "14:00"),
        ends_at=at(day2, "16:00"),
    )
    workshop_list = CheckinList.objects.create(
        event=event, kind=ListKind.SESSION, session=workshop, name_ko="워크숍", name_en="Workshop"
    )
    citizen_ticket = ticket_for(
        event=event,
        category=citizens,
        user=cast.citizen_user,
        citizen=cast.citizen,
        name="김민지",
        affiliation="종로1동",
    )
    other_ticket = ticket_for(
        event=event, category=citizens, user=cast.other_citizen_user, name="이철수"
    )
    delegate_ticket = ticket_for(
        event=event,
        category=delegates,
        user=cast.delegate,
        name="Delegate Kim",
        affiliation="Suwon",
    )
    check_in(citizen_ticket, day_lists[0])
    check_in(citizen_ticket, workshop_list)
    check_in(other_ticket, day_lists[1])
    check_in(other_ticket, day_lists[1], status=ScanStatus.ALREADY)  # a second scan, not a visit
    return After(
        event=event,
        day_lists=day_lists,
        keynote=keynote,
        parallel=parallel,
        workshop=workshop,
        workshop_list=workshop_list,
        citizen_ticket=citizen_ticket,
        other_ticket=other_ticket,
        delegate_ticket=delegate_ticket,
    )
