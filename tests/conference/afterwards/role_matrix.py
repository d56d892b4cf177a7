"""Role matrix after the conference: an attendee rates the sessions they attended and downloads
their certificate; officials see attendance and feedback; anyone holding a certificate's code
verifies it (the world's certificate is the delegate's, so that page names only the delegate)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.conference.afterwards.domain import certificates
from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import CategoryKind, ListKind
from healthycity.conference.models import CheckinList
from tests.conference.afterwards.conftest import check_in
from tests.conference.factories import CategoryFactory, EventFactory, SessionFactory, at
from tests.role_matrix import HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    today = timezone.localdate()
    event = EventFactory(
        slug="after-test",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    yesterday = event.starts_on
    world.session = SessionFactory(
        event=event, starts_at=at(yesterday, "10:00"), ends_at=at(yesterday, "11:00")
    )
    day1 = CheckinList.objects.create(
        event=event, kind=ListKind.ENTRY, day=yesterday, name_ko="1일차", name_en="Day 1"
    )
    citizens = CategoryFactory(event=event, code="citizen", kind=CategoryKind.CITIZEN)
    delegates = CategoryFactory(event=event, code="delegate", kind=CategoryKind.DELEGATE)
    mine = reg.register(
        event=event,
        category=citizens,
        name="김민지",
        user=world.citizen_user,
        citizen=world.citizen,
        consent=True,
    )
    theirs = reg.register(
        event=event, category=delegates, name="Delegate Kim", user=world.delegate, consent=True
    )
    if theirs.status != "confirmed":  # delegates are moderated
        theirs = reg.approve(registration=theirs, by=world.official)
    for registration in (mine, theirs):
        check_in(registration.ticket, day1)
    world.certificate = certificates.issue(theirs)


C = "/conference/after-test/afterwards/"
A = "/api/v1/conference/"
CITY = only("official", "admin")
ATTENDEES = only("citizen", "delegate")


ENTRIES = [
    entry("afterwards:current", "/conference/afterwards/", GET=everyone()),
    entry("afterwards:current_dashboard", "/conference/afterwards/dashboard/", GET=everyone()),
    entry("afterwards:mine", C, GET=everyone(anonymous=LOGIN)),
    # an empty form: the attendee is told to give a rating; others have no registration
    entry(
        "afterwards:rate",
        lambda w: f"{C}sessions/{w.session.external_id}/rate/",
        POST=ATTENDEES,
    ),
    entry("afterwards:certificate", C + "certificate.pdf", GET=ATTENDEES),
    entry("afterwards:dashboard", C + "dashboard/", GET=CITY),
    entry(
        "afterwards:comments",
        lambda w: f"{C}sessions/{w.session.external_id}/comments/",
        GET=CITY,
    ),
    entry(
        "afterwards:verify",
        lambda w: f"/conference/certificates/{w.certificate.code}/",
        GET=everyone(),
    ),
    entry(
        "afterwards-api-feedback",
        lambda w: f"{A}sessions/{w.session.external_id}/feedback/",
        POST=ATTENDEES,
        json=True,
        data={"rating": 5, "comment": "좋았어요"},
    ),
    entry("afterwards-api-event-feedback", A + "events/after-test/feedback/", GET=CITY),
    entry("afterwards-api-attendance", A + "events/after-test/attendance/", GET=CITY),
    entry(
        "afterwards-api-my-certificate",
        A + "events/after-test/certificate/",
        GET=only("citizen", "delegate", others=HIDDEN),
    ),
    entry(
        "afterwards-api-verify",
        lambda w: f"{A}certificates/{w.certificate.code}/",
        GET=everyone(),
    ),
]
