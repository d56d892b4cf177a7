"""Role matrix of the conference API: the programme is public; anyone signed in registers
themself and sees only their own registration; officials (and event staff) run registrations,
the programme and check-in."""

import datetime as dt

from django.utils import timezone

from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import CategoryKind
from healthycity.conference.models import Abstract, CheckinList, Device, Gate, PersonalAgenda
from tests.conference.factories import (
    CategoryFactory,
    EventFactory,
    RoomFactory,
    SessionFactory,
    VenueFactory,
)
from tests.role_matrix import (
    HIDDEN,
    INVALID,
    LOGIN,
    NOT_ALLOWED,
    entry,
    everyone,
    only,
)


def populate(world):
    venue = VenueFactory()
    first = timezone.localdate() + dt.timedelta(days=30)
    event = EventFactory(
        slug="afhc-test",
        venue=venue,
        starts_on=first,
        ends_on=first + dt.timedelta(days=2),
        hold_hours=24,
    )
    categories = {
        kind: CategoryFactory(
            event=event,
            code=kind.value,
            kind=kind,
            name_ko=kind.value,
            name_en=kind.value,
            moderated=kind == CategoryKind.DELEGATE,
            self_service=kind in (CategoryKind.CITIZEN, CategoryKind.DELEGATE, CategoryKind.PRESS),
        )
        for kind in CategoryKind
    }
    gate = Gate.objects.create(event=event, name_ko="정문", name_en="Main entrance")
    Device.objects.create(event=event, gate=gate, name="phone 1")
    world.day1 = CheckinList.objects.create(
        event=event, kind="entry", name_ko="1일차 입장", name_en="Day 1 entry", day=first
    )
    room = RoomFactory(venue=venue, code="conf-a", name_ko="A", name_en="A", capacity=60)
    world.session = SessionFactory(event=event, room=room)
    world.agenda = PersonalAgenda.objects.create(user=world.citizen_user, event=event)
    world.abstract = Abstract.objects.create(
        event=event,
        submitter=world.delegate,
        title="Walking Suwon",
        text="A city walking programme.",
        language="en",
        format="oral",
        presenter_name="Delegate",
        affiliation="Suwon",
    )
    world.registration = reg.register(
        event=event,
        category=categories[CategoryKind.CITIZEN],
        name="김민지",
        user=world.citizen_user,
        citizen=world.citizen,
        consent=True,
    )


B = "/api/v1/conference/"
E = B + "events/afhc-test/"


def REG(w):
    return f"{B}registrations/{w.registration.external_id}/"


PUBLIC = everyone()
SIGNED_IN = everyone(anonymous=LOGIN)
CITY = only("official", "admin")
CITY_WRITES = only("official", "admin", ok=INVALID)  # allowed; the empty body is refused
OWN = only("citizen", "official", "admin", others=HIDDEN)  # a registration is its holder's
DECIDE = only("official", "admin", ok=INVALID, others=HIDDEN, citizen="denied")

C = "/conference/afhc-test/"


def S(w):
    return f"{C}sessions/{w.session.external_id}/"


PUBLIC_PAGE = everyone()
ANYONE_SIGNED_IN = everyone(anonymous=LOGIN)  # each their own agenda, registration, abstracts
HOLDER = only("citizen", others=HIDDEN)  # the registration's holder (other people have none)
ORGANISERS = only("official", "admin")

PAGES = [
    entry("conference:events", "/conference/", GET=PUBLIC_PAGE),
    entry("conference:event", C, GET=PUBLIC_PAGE),
    entry("conference:programme", C + "programme/", GET=PUBLIC_PAGE),
    entry("conference:session", S, GET=PUBLIC_PAGE),
    entry("conference:star", lambda w: S(w) + "star/", POST=ANYONE_SIGNED_IN),
    entry("conference:book", lambda w: S(w) + "book/", POST=ANYONE_SIGNED_IN),
    entry("conference:schedule_ics", C + "schedule.ics", GET=PUBLIC_PAGE),
    entry("conference:schedule_xml", C + "schedule.xml", GET=PUBLIC_PAGE),
    entry("conference:schedule_json", C + "schedule.json", GET=PUBLIC_PAGE),
    entry("conference:agenda", C + "agenda/", GET=ANYONE_SIGNED_IN),
    entry("conference:agenda_new_link", C + "agenda/new-link/", POST=ANYONE_SIGNED_IN),
    # A calendar app cannot log in: the secret token in the URL is the key (titles and times only).
    entry(
        "conference:agenda_feed",
        lambda w: f"{C}agenda/{w.agenda.feed_token}.ics",
        GET=PUBLIC_PAGE,
    ),
    entry("conference:register", C + "register/", GET=ANYONE_SIGNED_IN, POST=ANYONE_SIGNED_IN),
    entry("conference:my", C + "my/", GET=ANYONE_SIGNED_IN),
    entry("conference:my_cancel", C + "my/cancel/", POST=HOLDER),
    entry("conference:my_accept", C + "my/accept/", POST=HOLDER),
    entry("conference:ticket", C + "ticket/", GET=HOLDER),
    entry("conference:ticket_pdf", C + "ticket.pdf", GET=HOLDER),
    entry("conference:abstracts", C + "abstracts/", GET=ANYONE_SIGNED_IN, POST=ANYONE_SIGNED_IN),
    entry("conference:manage", C + "manage/", GET=ORGANISERS),
    entry("conference:manage_live", C + "manage/live/", GET=ORGANISERS),
    entry("conference:manage_expire", C + "manage/expire/", POST=ORGANISERS),
    entry("conference:manage_lists", C + "manage/lists/", POST=ORGANISERS),
    entry("conference:manage_registrations", C + "manage/registrations/", GET=ORGANISERS),
    entry(
        "conference:manage_registration",
        lambda w: f"{C}manage/registrations/{w.registration.external_id}/",
        GET=ORGANISERS,
        POST=ORGANISERS,
    ),
    entry("conference:manage_programme", C + "manage/programme/", GET=ORGANISERS),
    entry(
        "conference:manage_session_new",
        C + "manage/programme/new/",
        GET=ORGANISERS,
        POST=ORGANISERS,
    ),
    entry(
        "conference:manage_session",
        lambda w: f"{C}manage/programme/{w.session.external_id}/",
        GET=ORGANISERS,
        POST=ORGANISERS,
    ),
    entry("conference:manage_abstracts", C + "manage/abstracts/", GET=ORGANISERS),
    entry(
        "conference:manage_abstract",
        lambda w: f"{C}manage/abstracts/{w.abstract.external_id}/",
        GET=ORGANISERS,
        POST=ORGANISERS,
    ),
    entry("conference:manage_import", C + "manage/import/", GET=ORGANISERS, POST=ORGANISERS),
    entry("conference:manage_badges", C + "manage/badges/", GET=ORGANISERS, POST=ORGANISERS),
    entry("conference:scanner", C + "scanner/", GET=ORGANISERS),
    # The scanner's web-app manifest and service worker hold no data (installable offline).
    entry("conference:scanner_manifest", C + "scanner/manifest.webmanifest", GET=PUBLIC_PAGE),
    entry("conference:scanner_sw", C + "scanner/sw.js", GET=PUBLIC_PAGE),
]

ENTRIES = PAGES + [
    entry("conference-events", B + "events/", GET=PUBLIC),
    entry("conference-event", E, GET=PUBLIC),
    entry("conference-sessions", E + "sessions/", GET=PUBLIC, POST=CITY_WRITES, json=True, data={}),
    entry(
        "conference-session",
        lambda w: f"{B}sessions/{w.session.external_id}/",
        GET=PUBLIC,
        PUT=everyone(NOT_ALLOWED, anonymous=LOGIN),
        PATCH=CITY,
        json=True,
        data={},
    ),
    entry(
        "conference-registrations",
        E + "registrations/",
        GET=SIGNED_IN,
        # Anyone signed in registers themself; the citizen already is (400, said why).
        POST=everyone(anonymous=LOGIN, citizen=INVALID),
        json=True,
        data={"category": "citizen", "consent": True},
    ),
    entry("conference-registration", REG, GET=OWN),
    entry("conference-registration-cancel", lambda w: REG(w) + "cancel/", POST=OWN, json=True),
    entry(
        "conference-registration-accept",
        lambda w: REG(w) + "accept/",
        POST=only("citizen", "official", "admin", ok=INVALID, others=HIDDEN),
        json=True,
    ),
    entry("conference-registration-approve", lambda w: REG(w) + "approve/", POST=DECIDE, json=True),
    entry("conference-registration-reject", lambda w: REG(w) + "reject/", POST=DECIDE, json=True),
    entry("conference-checkin-lists", E + "checkin-lists/", GET=CITY),
    entry("conference-gates", E + "gates/", GET=CITY),
    entry("conference-devices", E + "devices/", POST=CITY_WRITES, json=True, data={}),
    entry("conference-offline-list", lambda w: f"{B}checkin-lists/{w.day1.pk}/offline/", GET=CITY),
    # Scans are checked against the device's event staff after the body is read: an empty body
    # is refused (400) for everyone signed in; who may scan is tested in tests/conference.
    entry(
        "conference-checkins", B + "checkins/", POST=everyone(INVALID, anonymous=LOGIN), json=True
    ),
    entry(
        "conference-checkins-batch",
        B + "checkins/batch/",
        POST=everyone(INVALID, anonymous=LOGIN),
        json=True,
    ),
]
