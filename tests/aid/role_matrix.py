"""Role matrix of aid programmes: the city manages programmes and stock, workers enrol and hand
over at their own centre, partners donate and see the programmes they sponsor (worker B must not
reach centre A's enrolments or hand-overs; partner B not partner A's programme and lots)."""

from datetime import timedelta

from django.utils import timezone

from healthycity.aid.domain import stock
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.models import DonationLot, Enrolment
from healthycity.citizens.enums import IncomeBand
from healthycity.jobs.models import Job
from tests.aid import factories as f
from tests.aid.conftest import build_aid
from tests.aid.helpers import ready_cycle
from tests.role_matrix import (
    DENIED,
    HIDDEN,
    INVALID,
    LOGIN,
    OK,
    REFUSED,
    entry,
    everyone,
    only,
)


def populate(world):
    aid = build_aid(world)
    world.aid = aid
    (world.enrolment_a,) = ready_cycle(aid, world, people=1)
    world.allocation = aid.cycle.allocations.get()
    world.handover_a, _created = hand_over(
        cycle=aid.cycle,
        enrolment=world.enrolment_a,
        lot=aid.lot,
        quantity=1,
        by=world.worker_a,
        idempotency_key="matrix",
    )
    world.candidate_a = f.citizen_with_consent(
        world.centre_a, birth_year=1950, income_band=IncomeBand.BASIC_LIVELIHOOD
    )
    world.warehouse = stock.warehouse()


def P(w):
    return f"/aid/programmes/{w.aid.programme.external_id}/"


def C(w):
    return f"/aid/cycles/{w.aid.cycle.external_id}/"


def _api(path):
    return lambda w: "/api/v1/aid/" + path(w)


CITY = only("official", "admin")
# Programmes: the city, the workers of its centres, the partners who sponsor it.
PROGRAMME = only("worker_a", "worker_b", "partner_a", "official", "admin", partner_b=HIDDEN)
PEOPLE = only("worker_a", "worker_b", "official", "admin")  # candidates and enrolments
SCOPED_LIST = everyone(anonymous=LOGIN)  # the API answers each role its own (maybe empty) list


def _donation(w):
    return {
        "product": w.aid.product.pk,
        "quantity": "5",
        "lot_number": "MATRIX-1",
        "expires_on": (timezone.localdate() + timedelta(days=100)).isoformat(),
        "deliver_to": w.warehouse.pk,
    }


ENTRIES = [
    entry("aid:programmes", "/aid/", GET=PROGRAMME | {"partner_b": OK}),
    entry("aid:programme_new", "/aid/programmes/new/", GET=CITY, POST=CITY),
    entry("aid:programme", P, GET=PROGRAMME),
    entry("aid:programme_edit", lambda w: P(w) + "edit/", GET=CITY, POST=CITY),
    entry("aid:rule", lambda w: P(w) + "rule/", GET=CITY, POST=CITY),
    entry("aid:candidates", lambda w: P(w) + "candidates/", GET=PEOPLE),
    entry(
        "aid:enrol",
        lambda w: P(w) + "enrol/",
        # Worker B guesses the id of centre A's citizen: told no, nothing enrolled.
        POST=only("worker_a", "admin", worker_b=REFUSED),
        data=lambda w: {"citizen": str(w.candidate_a.external_id)},
        wrote=lambda w: Enrolment.objects.filter(citizen=w.candidate_a).exists(),
    ),
    entry("aid:enrolments", lambda w: P(w) + "enrolments/", GET=PEOPLE),
    entry("aid:item_set", lambda w: P(w) + "items/", POST=CITY),
    entry("aid:cycle_new", lambda w: P(w) + "cycles/new/", POST=CITY),
    entry(
        "aid:exit",
        lambda w: f"/aid/enrolments/{w.enrolment_a.external_id}/exit/",
        POST=only("worker_a", "admin", worker_b=HIDDEN),
        data={"reason": "moved"},
        wrote=lambda w: Enrolment.objects.get(pk=w.enrolment_a.pk).status != "enrolled",
    ),
    entry("aid:cycle_approve", lambda w: C(w) + "approve/", POST=CITY),
    entry(
        "aid:allocate",
        lambda w: C(w) + "allocate/",
        POST=CITY,
        wrote=lambda w: Job.objects.filter(kind="aid.allocate", state="done").exists(),
    ),
    entry(
        "aid:handover",
        lambda w: C(w) + "hand-over/",
        GET=only("worker_a", "worker_b", "admin"),
        POST=only("worker_a", "admin", worker_b=HIDDEN),
        data=lambda w: {
            "enrolment": str(w.enrolment_a.external_id),
            "lot": str(w.aid.lot.external_id),
            "quantity": "1",
            "key": "matrix-2",
        },
    ),
    entry(
        "aid:allocation",
        lambda w: f"/aid/allocations/{w.allocation.external_id}/",
        GET=CITY,
        POST=CITY,
    ),
    entry(
        "aid:donations",
        "/aid/donations/",
        GET=only("worker_a", "worker_b", "partner_a", "partner_b", "official", "admin"),
        # Only partner A can donate partner A's product; the others' forms refuse it.
        POST=only("partner_a", others=REFUSED, citizen=DENIED, delegate=DENIED),
        data=_donation,
        wrote=lambda w: DonationLot.objects.filter(lot_number="MATRIX-1").exists(),
    ),
    entry("aid:receive", lambda w: f"/aid/donations/{w.aid.lot.external_id}/receive/", POST=CITY),
    entry("aid:stock", "/aid/stock/", GET=CITY, POST=CITY),
    entry("aid-programme-list", "/api/v1/aid/programmes/", GET=SCOPED_LIST),
    entry(
        "aid-programme-detail",
        _api(lambda w: f"programmes/{w.aid.programme.external_id}/"),
        GET=only("worker_a", "worker_b", "partner_a", "official", "admin", others=HIDDEN),
    ),
    entry(
        "aid-programme-outcomes",
        _api(lambda w: f"programmes/{w.aid.programme.external_id}/outcomes/"),
        GET=only("worker_a", "worker_b", "partner_a", "official", "admin", partner_b=HIDDEN),
    ),
    entry(
        "aid-enrolment-list",
        "/api/v1/aid/enrolments/",
        GET=SCOPED_LIST,
        POST=only("worker_a", "worker_b", "admin", ok=INVALID),
        json=True,
        data={},
    ),
    entry(
        "aid-enrolment-detail",
        _api(lambda w: f"enrolments/{w.enrolment_a.external_id}/"),
        GET=only("worker_a", "official", "admin", others=HIDDEN),
    ),
    entry(
        "aid-lot-list",
        "/api/v1/aid/lots/",
        GET=SCOPED_LIST,
        POST=only("partner_a", "partner_b", "admin", ok=INVALID),
        json=True,
        data={},
    ),
    entry(
        "aid-lot-detail",
        _api(lambda w: f"lots/{w.aid.lot.external_id}/"),
        GET=only("partner_a", "official", "admin", others=HIDDEN),
    ),
    entry(
        "aid-handover-list",
        "/api/v1/aid/handovers/",
        GET=SCOPED_LIST,
        POST=only("worker_a", "worker_b", "admin", ok=INVALID),
        json=True,
        data={},
    ),
    entry(
        "aid-handover-detail",
        _api(lambda w: f"handovers/{w.handover_a.seq}/"),
        GET=only("worker_a", "official", "admin", others=HIDDEN),
    ),
]
