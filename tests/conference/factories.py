"""factory_boy builders for the conference: an event at DDP with rooms, tracks and categories."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from healthycity.conference.enums import CategoryKind, RegistrationStatus, SessionKind
from healthycity.conference.models import (
    Event,
    Registration,
    RegistrationCategory,
    Room,
    Session,
    Speaker,
    Track,
    Venue,
)

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: dt.date, hhmm: str) -> dt.datetime:
    """A Seoul time on `day`: at(event.starts_on, "09:30")."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ["slug"]

    slug = "ddp"
    name_ko = "동대문디자인플라자"
    name_en = "Dongdaemun Design Plaza"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    code = factory.Sequence(lambda n: f"room-{n}")
    name_ko = factory.Sequence(lambda n: f"회의실 {n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"afhc-{n}")
    name_ko = "제10회 건강도시연맹 국제총회"
    name_en = "10th AFHC Global Conference"
    venue = factory.SubFactory(VenueFactory)
    starts_on = dt.date(2026, 9, 25)
    ends_on = dt.date(2026, 9, 27)
    status = "published"


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"track-{n}")
    name_ko = factory.Sequence(lambda n: f"트랙 {n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")
    colour = "#1e6fd9"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name_ko = factory.Sequence(lambda n: f"연사 {n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.PARALLEL
    title_ko = factory.Sequence(lambda n: f"세션 {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..event.venue"))
    starts_at = factory.LazyAttribute(lambda o: at(o.event.starts_on, "10:00"))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    languages = "ko,en"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationCategory
        django_get_or_create = ["event", "code"]

    event = factory.SubFactory(EventFactory)
    code = "citizen"
    kind = CategoryKind.CITIZEN
    name_ko = "시민 참관객"
    name_en = "Citizen visitor"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    category = factory.SubFactory(CategoryFactory, event=factory.SelfAttribute("..event"))
    status = RegistrationStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"참가자 {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
