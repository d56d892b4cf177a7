"""The exhibition's world: an event running today, the InBody booth (a partner, with a
measurement station) and the Yuhan booth, each with temporary booth staff, and tickets of
a citizen, another citizen and a delegate without a login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.conference.enums import CategoryKind
from tests.conference.exhibition.factories import (
    BoothFactory,
    BoothStaffFactory,
    ExhibitorFactory,
    ticket_for,
)
from tests.conference.factories import CategoryFactory, EventFactory
from tests.factories import OrganisationFactory, UserFactory, member


@dataclass
class Expo:
    event: object
    inbody: object  # exhibitor: the cast's partner company
    yuhan: object  # exhibitor: another partner company
    clinic: object  # exhibitor without an organisation
    inbody_booth: object
    yuhan_booth: object
    clinic_booth: object
    inbody_staff: object  # temporary booth staff (no company membership)
    yuhan_staff: object
    yuhan_partner: object  # Yuhan's own staff (company membership)
    citizen_ticket: object
    other_ticket: object
    delegate_ticket: object


def build_expo(cast) -> Expo:
    today = timezone.localdate()
    event = EventFactory(starts_on=today, ends_on=today + dt.timedelta(days=2))
    yuhan_org = OrganisationFactory(kind=OrganisationKind.PARTNER, slug="yuhan")
    inbody = ExhibitorFactory(
        event=event,
        organisation=cast.partner_org,
        slug="inbody",
        name_ko="인바디",
        name_en="InBody",
    )
    yuhan = ExhibitorFactory(
        event=event, organisation=yuhan_org, slug="yuhan", name_ko="유한양행", name_en="Yuhan"
    )
    clinic = ExhibitorFactory(
        event=event,
        slug="jongno-phc",
        name_ko="종로구보건소",
        name_en="Jongno Public Health Centre",
    )
    inbody_booth = BoothFactory(
        event=event, number="A-01", x=6, y=5, width=9, depth=6, station=True, exhibitor=inbody
    )
    yuhan_booth = BoothFactory(
        event=event, number="A-02", x=19, y=5, width=9, depth=6, station=True, exhibitor=yuhan
    )
    clinic_booth = BoothFactory(event=event, number="A-05", x=6, y=15, exhibitor=clinic)
    inbody_staff = BoothStaffFactory(exhibitor=inbody, user=UserFactory(username="booth-inbody"))
    yuhan_staff = BoothStaffFactory(exhibitor=yuhan, user=UserFactory(username="booth-yuhan"))
    citizens = CategoryFactory(event=event)
    delegates = CategoryFactory(
        event=event,
        code="delegate",
        kind=CategoryKind.DELEGATE,
        name_ko="대표단",
        name_en="Delegate",
    )
    return Expo(
        event=event,
        inbody=inbody,
        yuhan=yuhan,
        clinic=clinic,
        inbody_booth=inbody_booth,
        yuhan_booth=yuhan_booth,
        clinic_booth=clinic_booth,
        inbody_staff=inbody_staff.user,
        yuhan_staff=yuhan_staff.user,
        yuhan_partner=member("partner-yuhan", yuhan_org, Role.PARTNER),
        citizen_ticket=ticket_for(
            event=event,
            category=citizens,
            user=cast.citizen_user,
            citizen=cast.citizen,
            name="김민지",
            email="minji@example.org",
            phone="010-1234-5678",
            affiliation="종로1동",
        ),
        other_ticket=ticket_for(
            event=event,
            category=citizens,
            user=cast.other_citizen_user,
            citizen=cast.other_citizen,
            name="이철수",
            email="cs@example.org",
        ),
        delegate_ticket=ticket_for(
            event=event,
            category=delegates,
            name="Maria Santos",
            email="maria@marikina.example",
            affiliation="Marikina City",
            country="PH",
        ),
    )
