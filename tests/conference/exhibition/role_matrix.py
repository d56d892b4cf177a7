"""Role matrix of the exhibition: the floor plan and exhibitors are public; the booth desk,
station and leads are the exhibitor's team's (partner A works for InBody, partner B for Yuhan,
neither for the other); officials run the exhibition but never read leads; a visitor shares
contact details and claims result slips for themself only.

The world has an event running today with InBody's and Yuhan's booths, the citizen registered
(with a ticket), a result slip waiting at InBody's station and the citizen's consent to share a
name with Yuhan (not InBody, so no page of InBody's shows the citizen)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import CategoryKind
from healthycity.conference.exhibition.domain import leads, stations
from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import BoothMeasurement, LeadConsent
from tests.conference.exhibition.factories import BoothFactory, ExhibitorFactory
from tests.conference.factories import CategoryFactory, EventFactory
from tests.role_matrix import DENIED, HIDDEN, LOGIN, REFUSED, entry, everyone, only


def populate(world):
    today = timezone.localdate()
    event = EventFactory(
        slug="expo-test",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    world.event = event
    world.inbody = ExhibitorFactory(
        event=event,
        organisation=world.partner_a_org,
        slug="inbody",
        name_ko="인바디",
        name_en="InBody",
    )
    world.yuhan = ExhibitorFactory(
        event=event,
        organisation=world.partner_b_org,
        slug="yuhan",
        name_ko="유한양행",
        name_en="Yuhan",
    )
    world.booth = BoothFactory(
        event=event, number="A-01", x=6, y=5, width=9, depth=6, station=True, exhibitor=world.inbody
    )
    BoothFactory(event=event, number="A-02", x=19, y=5, width=9, depth=6, exhibitor=world.yuhan)
    citizens = CategoryFactory(event=event, code="citizen", kind=CategoryKind.CITIZEN)
    world.registration = reg.register(
        event=event,
        category=citizens,
        name="김민지",
        user=world.citizen_user,
        citizen=world.citizen,
        consent=True,
    )
    world.ticket = world.registration.ticket
    world.consent = leads.share_contact(
        registration=world.registration, exhibitor=world.yuhan, fields=["name"]
    )
    result = stations.read_form(
        taken_at=timezone.now() - dt.timedelta(minutes=5), values={"weight_kg": 61.5}
    )
    done = stations.record_measurement(
        booth=world.booth, by=world.partner_a, result=result, source="form"
    )
    world.slip, world.secret = done.measurement, done.secret


E = "/conference/expo-test/exhibition/"
D = "/conference/exhibition/booths/"
A = "/api/v1/conference/"

PUBLIC = everyone()
SIGNED_IN = everyone(anonymous=LOGIN)
INBODY_TEAM = only("partner_a", "admin")  # the booth's company (an admin holds every permission)
INBODY_AND_CITY = only("partner_a", "official", "admin")
CITY = only("official", "admin")


def desk(w):
    return f"{D}{w.inbody.external_id}/"


def claimed(w) -> bool:
    return BoothMeasurement.objects.filter(pk=w.slip.pk, status=MeasurementStatus.CLAIMED).exists()


ENTRIES = [
    entry("exhibition:current", "/conference/exhibition/", GET=PUBLIC),
    # a redirect to the current event's management page, which checks who asks
    entry("exhibition:current_manage", "/conference/exhibition/manage/", GET=PUBLIC),
    entry("exhibition:floorplan", E, GET=PUBLIC),
    entry("exhibition:floorplan_svg", E + "floorplan.svg", GET=PUBLIC),
    entry("exhibition:exhibitor", E + "exhibitors/inbody/", GET=PUBLIC),
    entry(
        "exhibition:share",
        E + "exhibitors/inbody/share/",
        POST=only("citizen", others=REFUSED),  # only a registered visitor's choice is kept
        data={"share": ["name"]},
        wrote=lambda w: LeadConsent.objects.filter(exhibitor=w.inbody).exists(),
    ),
    entry("exhibition:mine", E + "mine/", GET=SIGNED_IN),
    entry("exhibition:manage", E + "manage/", GET=CITY),
    entry("exhibition:exhibitor_new", E + "manage/exhibitors/new/", GET=CITY, POST=CITY),
    entry("exhibition:exhibitor_edit", E + "manage/exhibitors/inbody/", GET=CITY, POST=CITY),
    entry("exhibition:booth_edit", E + "manage/booths/A-01/", GET=CITY, POST=CITY),
    entry("exhibition:plan", E + "manage/plan/", GET=CITY, POST=CITY),
    entry("exhibition:report", E + "report/", GET=CITY),
    # each partner lands on its own booth; roles without a booth are told so
    entry("exhibition:desk_list", D, GET=only("partner_a", "partner_b")),
    entry("exhibition:desk", desk, GET=INBODY_TEAM, POST=INBODY_TEAM),
    entry("exhibition:leads", lambda w: desk(w) + "leads/", GET=INBODY_TEAM),
    entry("exhibition:leads_csv", lambda w: desk(w) + "leads.csv", GET=INBODY_TEAM),
    entry("exhibition:station", lambda w: desk(w) + "station/", GET=INBODY_TEAM, POST=INBODY_TEAM),
    entry("exhibition:figures", lambda w: desk(w) + "figures/", GET=INBODY_AND_CITY),
    entry(
        "exhibition:staff", lambda w: desk(w) + "staff/", GET=INBODY_AND_CITY, POST=INBODY_AND_CITY
    ),
    entry(
        "exhibition:result",
        lambda w: f"/conference/exhibition/measurements/{w.slip.external_id}/",
        GET=INBODY_TEAM,
    ),
    entry(
        "exhibition:slip_pdf",
        lambda w: f"/conference/exhibition/measurements/{w.slip.external_id}/slip.pdf",
        GET=INBODY_TEAM,
    ),
    entry(
        "exhibition:reissue",
        lambda w: f"/conference/exhibition/measurements/{w.slip.external_id}/reissue/",
        POST=INBODY_TEAM,
    ),
    # The slip's holder reads it (its values are printed on it); only a citizen keeps it.
    entry(
        "exhibition:claim",
        lambda w: f"/conference/exhibition/claim/{w.secret}/",
        GET=PUBLIC,
        POST=everyone(REFUSED, citizen="ok"),
        data={"consent_care": "on"},
        wrote=claimed,
    ),
    entry("exhibition-api-exhibitors", A + "events/expo-test/exhibitors/", GET=PUBLIC),
    entry("exhibition-api-booths", A + "events/expo-test/booths/", GET=PUBLIC),
    entry("exhibition-api-event-figures", A + "events/expo-test/exhibition/figures/", GET=CITY),
    entry(
        "exhibition-api-scans",
        A + "exhibition/scans/",
        POST=INBODY_TEAM,
        json=True,
        data=lambda w: {"exhibitor": str(w.inbody.external_id), "qr_payload": w.ticket.secret},
    ),
    entry(
        "exhibition-api-leads",
        lambda w: f"{A}exhibition/exhibitors/{w.inbody.external_id}/leads/",
        GET=INBODY_TEAM,
    ),
    entry(
        "exhibition-api-figures",
        lambda w: f"{A}exhibition/exhibitors/{w.inbody.external_id}/figures/",
        GET=INBODY_AND_CITY,
    ),
    entry(
        "exhibition-api-lead-consents",
        A + "exhibition/lead-consents/",
        GET=SIGNED_IN,
        POST=only("citizen"),
        json=True,
        data=lambda w: {"exhibitor": str(w.inbody.external_id), "fields": ["name"]},
    ),
    entry(
        "exhibition-api-lead-consent-withdraw",
        lambda w: f"{A}exhibition/lead-consents/{w.consent.external_id}/withdraw/",
        POST=only("citizen", others=HIDDEN),
        json=True,
    ),
    entry(
        "exhibition-api-measurements",
        A + "exhibition/measurements/",
        POST=INBODY_TEAM,
        json=True,
        data=lambda w: {
            "booth": str(w.booth.external_id),
            "taken_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat(),
            "values": {"weight_kg": 60.0},
        },
    ),
    entry(
        "exhibition-api-claims",
        A + "exhibition/claims/",
        # a login without a citizen record has no health record to keep it in
        POST=only("citizen", others=DENIED),
        json=True,
        data=lambda w: {"secret": w.secret, "consent_care": True},
    ),
]
