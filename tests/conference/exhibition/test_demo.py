"""The demo exhibition: 42 exhibitors on the 47-booth DDP plan (the four partners among them),
visits of the conference's registrations, leads, and booth measurements filed, claimed or
expired — deterministic for a seed, and nothing without a conference."""

from __future__ import annotations

import datetime as dt

import pytest

from healthycity.conference.enums import CategoryKind
from healthycity.conference.exhibition import demo
from healthycity.conference.exhibition.domain.figures import booth_figures
from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import (
    Booth,
    BoothMeasurement,
    BoothVisit,
    Exhibitor,
    LeadConsent,
)
from healthycity.conference.models import Registration
from healthycity.demo.build import build_demo
from healthycity.health.models import Measurement
from tests.conference.factories import CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db


def conference(ctx, n=400):
    """What the conference's demo hook provides: the event and its registrations."""
    event = EventFactory(
        slug="afhc-2026", starts_on=dt.date(2026, 9, 25), ends_on=dt.date(2026, 9, 27)
    )
    kinds = [CategoryKind.CITIZEN, CategoryKind.DELEGATE, CategoryKind.PRESS]
    categories = [CategoryFactory(event=event, code=k.value, kind=k) for k in kinds]
    citizens = list(ctx.citizen_ids(1000))[0]
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                category=categories[i % 3],
                status="confirmed",
                name=f"참가자 {i}",
                citizen_id=citizens[i] if i % 3 == 0 else None,
            )
            for i in range(n)
        ]
    )
    return event


def test_no_conference_no_exhibition():
    ctx = build_demo(seed=5, n_citizens=200, password="demo-pass-123", hooks=False)
    demo.populate(ctx)
    assert not Exhibitor.objects.exists()


def test_the_demo_exhibition():
    ctx = build_demo(seed=5, n_citizens=600, password="demo-pass-123", hooks=False)
    from healthycity.partners import demo as partners_demo

    partners_demo.populate(ctx)
    event = conference(ctx)
    demo.populate(ctx)
    booths = Booth.objects.filter(event=event)
    assert booths.count() == 47
    assert booths.filter(exhibitor__isnull=False).count() >= 40
    partners = {e.slug for e in Exhibitor.objects.filter(event=event) if e.is_partner}
    assert partners == {"inbody", "yuhan", "cj", "hyundai"}
    assert Exhibitor.objects.get(event=event, slug="inbody").products.exists()
    assert BoothVisit.objects.filter(exhibitor__event=event).count() > 400
    assert LeadConsent.objects.filter(exhibitor__event=event).exists()
    statuses = set(BoothMeasurement.objects.values_list("status", flat=True))
    assert MeasurementStatus.FILED in statuses and MeasurementStatus.EXPIRED in statuses
    filed = BoothMeasurement.objects.filter(
        status__in=[MeasurementStatus.FILED, MeasurementStatus.CLAIMED]
    )
    assert Measurement.objects.filter(context="conference").count() == filed.count()
    assert (
        not BoothMeasurement.objects.filter(status=MeasurementStatus.EXPIRED)
        .exclude(values={})
        .exists()
    )
    # figures work on it, suppressed for the exhibitor
    f = booth_figures(Exhibitor.objects.get(event=event, slug="inbody"), private=True)
    assert f.visitors is not None and f.visitors >= 10
    # the booth login works InBody's booth only
    from healthycity.accounts.models import User

    booth = User.objects.get(username=demo.BOOTH_LOGIN)
    assert booth.has_perm(
        "exhibition.work_booth", Exhibitor.objects.get(event=event, slug="inbody")
    )
    assert not booth.has_perm(
        "exhibition.work_booth", Exhibitor.objects.get(event=event, slug="cj")
    )


def test_furnish_is_idempotent(cast):
    event = EventFactory()
    first = demo.furnish(event)
    again = demo.furnish(event)
    assert set(first) == set(again) and Exhibitor.objects.filter(event=event).count() == 42
    assert Booth.objects.filter(event=event).count() == 47
