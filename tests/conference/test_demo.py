"""The conference demo: the 10th AFHC conference at DDP with every category, waiting lists and
check-ins, consistent with the domain's rules, built quickly."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count

from healthycity.conference import demo
from healthycity.conference.domain.programme import check_session
from healthycity.conference.enums import (
    HOLDING_STATUSES,
    CategoryKind,
    RegistrationStatus,
    ScanStatus,
)
from healthycity.conference.models import (
    Checkin,
    Event,
    Registration,
    Session,
    SessionBooking,
    Ticket,
)
from healthycity.demo.build import build_demo

pytestmark = pytest.mark.django_db


def test_demo_conference():
    ctx = build_demo(seed=7, n_citizens=300, hooks=False)
    started = time.perf_counter()
    demo.populate(ctx)
    elapsed = time.perf_counter() - started
    print(f"conference demo: {elapsed:.1f} s")
    event = Event.objects.get(slug=demo.SLUG)
    assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == ("2026-09-25", "2026-09-27")
    assert event.venue.rooms.count() >= 8
    sessions = list(Session.objects.filter(event=event))
    assert len(sessions) >= 60
    for session in sessions:  # the demo programme passes the same checks as an official's edit
        assert check_session(session) == {}, session.title_ko
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() >= 2000
    kinds = set(registrations.values_list("category__kind", flat=True))
    assert kinds == set(CategoryKind.values)
    statuses = set(registrations.values_list("status", flat=True))
    assert {"confirmed", "waiting", "offered", "pending", "cancelled", "rejected"} <= statuses
    for category in event.categories.exclude(capacity=None):
        assert (
            registrations.filter(category=category, status__in=HOLDING_STATUSES).count()
            <= category.capacity
        )
    assert (
        Ticket.objects.filter(registration__event=event).count()
        == registrations.filter(status="confirmed").count()
    )
    assert (
        not Ticket.objects.filter(registration__event=event)
        .exclude(registration__status="confirmed")
        .exists()
    )
    for session in Session.objects.filter(event=event).exclude(capacity=None):
        held = SessionBooking.objects.filter(session=session, status__in=HOLDING_STATUSES).count()
        assert (
            held <= session.capacity
            and SessionBooking.objects.filter(session=session, status="waiting").exists()
        )
    ok = Checkin.objects.filter(checkin_list__event=event, status=ScanStatus.OK)
    assert ok.count() > 3000
    assert not ok.values("checkin_list", "ticket").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not ok.exclude(ticket__registration__status=RegistrationStatus.CONFIRMED).exists()
    mine = Registration.objects.get(event=event, user=ctx.users["citizen"])
    assert mine.status == "confirmed" and mine.ticket.secret == "DEM0C1T1ZEN0000TCKT1"
    assert elapsed < 60
    demo.populate(ctx)  # idempotent
    assert Event.objects.filter(slug=demo.SLUG).count() == 1
