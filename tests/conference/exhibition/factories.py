"""Builders for the exhibition: exhibitors, booths on the DDP plan, booth staff, tickets."""

from __future__ import annotations

import factory

from healthycity.conference.exhibition.models import Booth, BoothStaff, Exhibitor
from healthycity.conference.models import Ticket
from tests.conference.factories import EventFactory, RegistrationFactory


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"exhibitor-{n}")
    name_ko = factory.Sequence(lambda n: f"전시 기관 {n}")
    name_en = factory.Sequence(lambda n: f"Exhibitor {n}")


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: f"A-{n + 1:02d}")
    hall = "art-hall-1"
    x = factory.Sequence(lambda n: 6 + 3 * (n % 6))
    y = factory.Sequence(lambda n: 15 + 3 * ((n // 6) % 2))
    width = 3
    depth = 3


class BoothStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothStaff

    exhibitor = factory.SubFactory(ExhibitorFactory)


def ticket_for(**registration) -> Ticket:
    """A confirmed registration (factory defaults, overridden by `registration`) and its ticket."""
    return Ticket.objects.create(registration=RegistrationFactory(**registration))
