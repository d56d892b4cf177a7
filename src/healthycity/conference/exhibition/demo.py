"""Demo: the exhibition of the demo conference — 42 exhibitors (the four partner companies, the
city's health bureau, the member cities, district health centres and invented start-ups and
networks) on the 47-booth DDP plan, a temporary booth login, booth visits of the conference's
registrations with products tried and contact details shared, and booth measurements (filed into
citizens' records, claimed from slips, or expired).

Runs after the conference hook (it needs the event and its registrations); without an event it
adds nothing. Synthetic: no row describes a real person.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
from django.db.models import Q

from healthycity.accounts.models import Organisation, User
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Consent
from healthycity.conference.enums import CategoryKind, RegistrationStatus
from healthycity.conference.exhibition.domain.booths import load_plan
from healthycity.conference.exhibition.domain.keys import visitor_key
from healthycity.conference.exhibition.domain.stations import CLAIM_DAYS
from healthycity.conference.exhibition.enums import LeadField, MeasurementSource, MeasurementStatus
from healthycity.conference.exhibition.models import (
    Booth,
    BoothMeasurement,
    BoothStaff,
    BoothVisit,
    Exhibitor,
    LeadConsent,
)
from healthycity.conference.models import Event, Registration
from healthycity.health.enums import Context, SourceKind
from healthycity.health.models import Measurement
from healthycity.partners.models import Product

DATA = Path(__file__).resolve().parent / "data"
PLAN_FILE = DATA / "ddp_booths_afhc2026.csv"
EXHIBITORS_FILE = DATA / "demo_exhibitors_afhc2026.csv"
BOOTH_LOGIN = "booth-inbody"
# How often a kind of visitor is scanned at booths (mean booths per person), and the extra
# pull of partner companies' and the city's booths.
BOOTHS_PER_VISITOR = {
    CategoryKind.CITIZEN: 3.5,
    CategoryKind.DELEGATE: 2.5,
    CategoryKind.SPEAKER: 1.5,
    CategoryKind.PARTNER_STAFF: 1.0,
    CategoryKind.PRESS: 2.0,
}
PULL = {"partner": 4.0, "city": 3.0, "other": 1.0}


def exhibitor_rows() -> list[dict]:
    with EXHIBITORS_FILE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def furnish(event: Event) -> dict[str, Exhibitor]:
    """The booth plan and the exhibitors of the data files at `event`, with partner companies'
    products shown at their booths. Idempotent. Returns the exhibitors by slug."""
    load_plan(event=event, data=PLAN_FILE.read_bytes())
    rows = exhibitor_rows()
    orgs = {
        o.slug: o
        for o in Organisation.objects.filter(
            slug__in=[r["organisation"] for r in rows if r["organisation"]]
        )
    }
    exhibitors: dict[str, Exhibitor] = {}
    for r in rows:
        exhibitor, _ = Exhibitor.objects.update_or_create(
            event=event,
            slug=r["slug"],
            defaults={
                "organisation": orgs.get(r["organisation"]),
                "name_ko": r["name_ko"],
                "name_en": r["name_en"],
                "description_ko": r["description_ko"],
                "description_en": r["description_en"],
            },
        )
        exhibitors[r["slug"]] = exhibitor
        event.booths.filter(number=r["booth"]).update(exhibitor=exhibitor)
        org = orgs.get(r["organisation"])
        if org is not None:
            exhibitor.products.set(Product.objects.filter(partner=org, active=True))
    return exhibitors


def populate(ctx) -> None:
    event = (
        Event.objects.filter(Q(slug__icontains="afhc") | Q(name_en__icontains="Healthy Cities"))
        .order_by("-starts_on")
        .first()
    )
    if event is None:
        return
    rng = ctx.rng_for("exhibition")
    advance = ctx.progress("Exhibition", 4)
    exhibitors = furnish(event)
    advance(1)
    _booth_login(ctx, exhibitors["inbody"])
    visits = _visits(ctx, rng, event, exhibitors)
    advance(1)
    _leads(rng, visits, exhibitors)
    advance(1)
    _measurements(ctx, rng, event, exhibitors, visits)
    advance(1)


def _booth_login(ctx, exhibitor: Exhibitor) -> None:
    """A temporary booth login: scans and runs the InBody station, nothing else."""
    template = ctx.users["partner-inbody"]
    user, _ = User.objects.get_or_create(
        username=BOOTH_LOGIN, defaults={"first_name": "인바디 부스", "password": template.password}
    )
    BoothStaff.objects.get_or_create(
        exhibitor=exhibitor, user=user, revoked_at=None, defaults={"added_by": template}
    )


def _kind(exhibitor: Exhibitor) -> str:
    if exhibitor.is_partner:
        return "partner"
    return "city" if exhibitor.slug == "seoul" else "other"


def _visits(ctx, rng, event, exhibitors) -> list[dict]:
    """Booth visits of the event's confirmed registrations over its days, 09:30–17:30."""
    regs = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .order_by("pk")
        .values_list("pk", "category__kind", "citizen_id")
    )
    if not regs:
        return []
    listed = [e for e in exhibitors.values() if e.booths.exists()]
    weights = np.array([PULL[_kind(e)] for e in listed])
    weights = weights / weights.sum()
    booth_of = {e.pk: e.booths.order_by("number").first() for e in listed}
    days = event.days
    out: list[dict] = []
    for pk, kind, citizen_id in regs:
        n = min(len(listed), int(rng.poisson(BOOTHS_PER_VISITOR.get(kind, 2.0))))
        if n == 0:
            continue
        key = visitor_key(Registration(pk=pk, event_id=event.pk))
        for i in rng.choice(len(listed), size=n, replace=False, p=weights):
            day = days[int(rng.integers(len(days)))]
            minutes = int(rng.integers(9 * 60 + 30, 17 * 60 + 30))
            at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=event.tz)
            at += dt.timedelta(seconds=int(rng.integers(60)))
            out.append(
                {
                    "registration": pk,
                    "citizen": citizen_id,
                    "exhibitor": listed[int(i)],
                    "booth": booth_of[listed[int(i)].pk],
                    "kind": kind,
                    "key": key,
                    "at": at,
                }
            )
    uuids = ctx.uuids(rng, len(out))
    rows = [
        BoothVisit(
            exhibitor=v["exhibitor"],
            booth=v["booth"],
            visitor_key=v["key"],
            category_kind=v["kind"],
            scanned_at=v["at"],
            external_id=uuid,
        )
        for v, uuid in zip(out, uuids, strict=True)
    ]
    BoothVisit.objects.bulk_create(rows, batch_size=5000)
    for v, row in zip(out, rows, strict=True):
        v["visit"] = row
    _products_tried(rng, out)
    return out


def _products_tried(rng, visits) -> None:
    through = BoothVisit.products_tried.through
    shown = {
        e.pk: list(e.products.all())
        for e in {v["exhibitor"] for v in visits if v["exhibitor"].is_partner}
    }
    links = []
    for v in visits:
        products = shown.get(v["exhibitor"].pk)
        if products and rng.random() < 0.6:
            product = products[int(rng.integers(len(products)))]
            links.append(through(boothvisit_id=v["visit"].pk, product_id=product.pk))
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)


def _leads(rng, visits, exhibitors) -> None:
    """About one visitor in eight shares contact details with an exhibitor they visited."""
    seen: set[tuple[int, int]] = set()
    rows = []
    for v in visits:
        pair = (v["registration"], v["exhibitor"].pk)
        if pair in seen or rng.random() >= 0.12:
            continue
        seen.add(pair)
        share = {f"share_{f.value}": bool(rng.random() < p) for f, p in _SHARE_P.items()}
        share["share_name"] = True
        rows.append(
            LeadConsent(
                exhibitor=v["exhibitor"],
                registration_id=v["registration"],
                visitor_key=v["key"],
                granted_at=v["at"],
                **share,
            )
        )
    LeadConsent.objects.bulk_create(rows, batch_size=5000)


_SHARE_P = {
    LeadField.AFFILIATION: 0.7,
    LeadField.EMAIL: 0.6,
    LeadField.PHONE: 0.2,
    LeadField.COUNTRY: 0.3,
}


def _values(rng) -> dict[str, float]:
    """One plausible body-composition sitting (synthetic)."""
    height = float(np.clip(rng.normal(163, 8), 140, 195))
    weight = float(np.clip(rng.normal(64, 11), 38, 130))
    pbf = float(np.clip(rng.normal(28, 7), 8, 50))
    smm = weight * (1 - pbf / 100) * 0.53
    sbp = int(np.clip(rng.normal(124, 15), 90, 190))
    return {
        "height_cm": round(height, 1),
        "weight_kg": round(weight, 1),
        "pbf_percent": round(pbf, 1),
        "bfm_kg": round(weight * pbf / 100, 1),
        "smm_kg": round(smm, 1),
        "bmi": round(weight / (height / 100) ** 2, 1),
        "vfl": int(np.clip(round(pbf / 3.2), 1, 20)),
        "systolic_mmhg": sbp,
        "diastolic_mmhg": int(np.clip(sbp * 0.63 + rng.normal(0, 6), 55, sbp - 20)),
        "heart_rate_bpm": int(np.clip(rng.normal(74, 10), 48, 120)),
    }


# Walk-ins measured at each station per day (mean): the exhibition is open to the public, and
# most people measured at a booth have no ticket; about a third keep their slip.
WALK_INS_PER_DAY = 25
CLAIMED_SHARE = 0.35


def _cared_pool(ctx) -> list[int]:
    """Citizens with care consent among the first ids (bounded, whatever the city's size): the
    walk-ins who later claim their slips."""
    first = next(iter(ctx.citizen_ids(50_000)), [])
    return list(
        Consent.objects.active()
        .filter(purpose=ConsentPurpose.CARE, citizen_id__in=first)
        .order_by("citizen_id")
        .values_list("citizen_id", flat=True)
    )


def _sittings(ctx, rng, event, visits) -> list[dict]:
    """Who was measured where and when, and what became of the result."""
    at_stations = [v for v in visits if v["booth"] is not None and v["booth"].station]
    cared = set(
        Consent.objects.active()
        .filter(purpose=ConsentPurpose.CARE, citizen_id__in={v["citizen"] for v in at_stations})
        .values_list("citizen_id", flat=True)
    )
    out = []
    for v in at_stations:
        if rng.random() >= 0.25:
            continue
        asked, later = rng.random() < 0.8, rng.random() < CLAIMED_SHARE
        citizen = v["citizen"] if v["citizen"] in cared else None
        status = (
            MeasurementStatus.FILED
            if citizen and asked
            else MeasurementStatus.CLAIMED
            if citizen and later
            else MeasurementStatus.SLIP
        )
        out.append(
            {**v, "at": v["at"] + dt.timedelta(minutes=2), "status": status, "citizen": citizen}
        )
    pool = _cared_pool(ctx)
    stations = Booth.objects.filter(event=event, station=True, exhibitor__isnull=False)
    for booth in stations.select_related("exhibitor").order_by("number"):
        for day in event.days:
            for _ in range(int(rng.poisson(WALK_INS_PER_DAY))):
                minutes = int(rng.integers(9 * 60 + 30, 17 * 60 + 30))
                at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=event.tz)
                claimer = (
                    pool[int(rng.integers(len(pool)))]
                    if pool and rng.random() < CLAIMED_SHARE
                    else None
                )
                out.append(
                    {
                        "booth": booth,
                        "exhibitor": booth.exhibitor,
                        "visit": None,
                        "at": at + dt.timedelta(seconds=int(rng.integers(60))),
                        "citizen": claimer,
                        "status": MeasurementStatus.CLAIMED if claimer else MeasurementStatus.SLIP,
                    }
                )
    return out


def _demo_citizen(ctx, event, exhibitors) -> list[dict]:
    """The demo citizen (registered, with every consent) was measured at InBody's station on
    the first morning and keeps the result in their record; they share their name and e-mail
    with InBody, so `partner-inbody` has one named lead to show."""
    registration = Registration.objects.filter(event=event, citizen=ctx.citizen).first()
    inbody = exhibitors.get("inbody")
    booth = inbody.booths.filter(station=True).first() if inbody else None
    if registration is None or booth is None:
        return []
    at = dt.datetime.combine(event.days[0], dt.time(11, 20), tzinfo=event.tz)
    visit = BoothVisit.objects.create(
        exhibitor=inbody,
        booth=booth,
        visitor_key=visitor_key(registration),
        category_kind=registration.category.kind,
        scanned_at=at,
        scanned_by=ctx.users.get("partner-inbody"),
        external_id=ctx.uuid4(ctx.rng_for("exhibition.citizen")),
    )
    LeadConsent.objects.create(
        exhibitor=inbody,
        registration=registration,
        visitor_key=visit.visitor_key,
        share_name=True,
        share_email=True,
        granted_at=at,
    )
    return [
        {
            "booth": booth,
            "exhibitor": inbody,
            "visit": visit,
            "at": at + dt.timedelta(minutes=3),
            "citizen": ctx.citizen.pk,
            "status": MeasurementStatus.FILED,
        }
    ]


def _measurements(ctx, rng, event, exhibitors, visits) -> None:
    """Booth measurements: of ticket holders at station booths (about one visit in four) and of
    walk-ins; filed into the record of a citizen with care consent who asked, claimed later
    from the slip, or a slip whose values were erased after CLAIM_DAYS days (the demo event is
    in the past, so unclaimed slips have expired)."""
    from django.utils import timezone

    sittings = _demo_citizen(ctx, event, exhibitors) + _sittings(ctx, rng, event, visits)
    staff = ctx.users.get("partner-inbody")
    now = timezone.now()
    booths, records = [], []
    for s in sittings:
        values = _values(rng)
        booth = s["booth"]
        serial = f"IB270-{booth.number}"
        bm = BoothMeasurement(
            booth=booth,
            exhibitor=s["exhibitor"],
            measured_by=staff,
            source=MeasurementSource.FILE,
            status=s["status"],
            taken_at=s["at"],
            device_model="InBody270",
            device_serial=serial,
            value_count=len(values),
            visit=s["visit"],
            external_id=ctx.uuid4(rng),
        )
        if bm.status == MeasurementStatus.SLIP:
            bm.claim_expires_at = bm.taken_at + dt.timedelta(days=CLAIM_DAYS)
            bm.claim_hash = hashlib.sha256(ctx.uuid4(rng).bytes).hexdigest()
            if bm.claim_expires_at < now:
                bm.status = MeasurementStatus.EXPIRED
            else:
                bm.values = values
        else:
            if bm.status == MeasurementStatus.CLAIMED:
                bm.claimed_at = bm.taken_at + dt.timedelta(days=int(rng.integers(0, 10)), hours=3)
            record = Measurement(
                citizen_id=s["citizen"],
                taken_at=bm.taken_at,
                context=Context.CONFERENCE,
                place=f"{event.name_ko} · {booth.number} · {s['exhibitor'].name_ko}"[:200],
                source=SourceKind.DEVICE_FILE,
                device_model="InBody270",
                device_serial=serial,
                recorded_by=staff if bm.status == MeasurementStatus.FILED else None,
                external_id=ctx.uuid4(rng),
                **values,
            )
            records.append(record)
            bm.measurement = record
        booths.append(bm)
    Measurement.objects.bulk_create(records, batch_size=2000)
    # each booth measurement's `measurement` is now saved: bulk_create takes its primary key
    BoothMeasurement.objects.bulk_create(booths, batch_size=2000)
