"""A small AFHC conference to test against: DDP with three rooms, two tracks, the five
registration categories, a gate with a scanner, and one entry list per day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from healthycity.conference.enums import CategoryKind
from healthycity.conference.models import (
    CheckinList,
    Device,
    Event,
    Gate,
    RegistrationCategory,
    Room,
    Track,
)
from tests.conference.factories import (
    CategoryFactory,
    EventFactory,
    RoomFactory,
    TrackFactory,
    VenueFactory,
)


@dataclass
class Afhc:
    event: Event
    hall: Room
    room_a: Room
    room_b: Room
    health: Track
    equity: Track
    citizen: RegistrationCategory
    delegate: RegistrationCategory
    speaker: RegistrationCategory
    partner_staff: RegistrationCategory
    press: RegistrationCategory
    gate: Gate
    device: Device
    day1: CheckinList
    day2: CheckinList


def _label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


def future_event_dates() -> tuple[dt.date, dt.date]:
    """Three days that start a month from now, so registration is open whatever the date."""
    first = timezone.localdate() + dt.timedelta(days=30)
    return first, first + dt.timedelta(days=2)


@pytest.fixture
def afhc(db) -> Afhc:
    return build_afhc()


@pytest.fixture
def afhc_tx(transactional_db) -> Afhc:
    """The same conference for tests whose threads need committed rows (PostgreSQL races)."""
    from importlib import import_module

    from django.apps import apps

    from healthycity.places.models import District

    if not District.objects.exists():
        import_module("healthycity.places.migrations.0002_seoul_districts").load(apps, None)
    return build_afhc()


def build_afhc() -> Afhc:
    venue = VenueFactory()
    first, last = future_event_dates()
    event = EventFactory(
        slug="afhc-test", venue=venue, starts_on=first, ends_on=last, hold_hours=24
    )
    categories = {
        kind: CategoryFactory(
            event=event,
            code=kind.value,
            kind=kind,
            name_ko=_label(kind, "ko"),
            name_en=_label(kind, "en"),
            moderated=kind == CategoryKind.DELEGATE,
            self_service=kind in (CategoryKind.CITIZEN, CategoryKind.DELEGATE, CategoryKind.PRESS),
        )
        for kind in CategoryKind
    }
    gate = Gate.objects.create(event=event, name_ko="정문", name_en="Main entrance")
    return Afhc(
        event=event,
        hall=RoomFactory(
            venue=venue,
            code="art-hall-1",
            name_ko="알림1관",
            name_en="Art Hall 1",
            kind="hall",
            capacity=1000,
        ),
        room_a=RoomFactory(
            venue=venue,
            code="conf-a",
            name_ko="국제회의장 A",
            name_en="Conference Room A",
            capacity=60,
        ),
        room_b=RoomFactory(
            venue=venue,
            code="conf-b",
            name_ko="국제회의장 B",
            name_en="Conference Room B",
            capacity=40,
        ),
        health=TrackFactory(event=event, slug="health", name_ko="건강", name_en="Health"),
        equity=TrackFactory(
            event=event, slug="equity", name_ko="형평", name_en="Equity", colour="#d63d4a"
        ),
        citizen=categories[CategoryKind.CITIZEN],
        delegate=categories[CategoryKind.DELEGATE],
        speaker=categories[CategoryKind.SPEAKER],
        partner_staff=categories[CategoryKind.PARTNER_STAFF],
        press=categories[CategoryKind.PRESS],
        gate=gate,
        device=Device.objects.create(event=event, gate=gate, name="phone 1"),
        day1=CheckinList.objects.create(
            event=event, kind="entry", name_ko="1일차 입장", name_en="Day 1 entry", day=first
        ),
        day2=CheckinList.objects.create(
            event=event,
            kind="entry",
            name_ko="2일차 입장",
            name_en="Day 2 entry",
            day=first + dt.timedelta(days=1),
        ),
    )
