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


def _measurements(ctx, rng, event, exhibitors, visits) -> None:
    """About one visit in four at a station booth is measured: filed into the record of a
    citizen with care consent who asked, otherwise a slip — claimed, or erased after
    CLAIM_DAYS days (the demo event is in the past, so open slips have expired)."""
    from django.utils import timezone

    at_stations = [v for v in visits if v["booth"] is not None and v["booth"].station]
    if not at_stations:
        return
    citizens = {v["citizen"] for v in at_stations if v["citizen"]}
    cared = set(
        Consent.objects.active()
        .filter(purpose=ConsentPurpose.CARE, citizen_id__in=citizens)
        .values_list("citizen_id", flat=True)
    )
    staff = ctx.users.get("partner-inbody")
    now = timezone.now()
    booths, records = [], []
    for v in at_stations:
        if rng.random() >= 0.25:
            continue
        values = _values(rng)
        booth = v["booth"]
        serial = f"IB270-{booth.number}"
        bm = BoothMeasurement(
            booth=booth,
            exhibitor=v["exhibitor"],
            measured_by=staff,
            source=MeasurementSource.FILE,
            taken_at=v["at"] + dt.timedelta(minutes=2),
            device_model="InBody270",
            device_serial=serial,
            value_count=len(values),
            visit=v["visit"],
        )
        asked = rng.random() < 0.8
        claimed_later = rng.random() < 0.35
        citizen = v["citizen"]
        if citizen in cared and asked:
            bm.status = MeasurementStatus.FILED
        elif citizen in cared and claimed_later:
            bm.status = MeasurementStatus.CLAIMED
            bm.claimed_at = bm.taken_at + dt.timedelta(days=int(rng.integers(0, 10)), hours=3)
        else:
            expires = bm.taken_at + dt.timedelta(days=CLAIM_DAYS)
            bm.claim_expires_at = expires
            bm.claim_hash = hashlib.sha256(ctx.uuid4(rng).bytes).hexdigest()
            bm.status = MeasurementStatus.EXPIRED if expires < now else MeasurementStatus.SLIP
            bm.values = values if bm.status == MeasurementStatus.SLIP else {}
        if bm.status in (MeasurementStatus.FILED, MeasurementStatus.CLAIMED):
            records.append(
                Measurement(
                    citizen_id=citizen,
                    taken_at=bm.taken_at,
                    context=Context.CONFERENCE,
                    place=f"{event.name_ko} · {booth.number} · {v['exhibitor'].name_ko}"[:200],
                    source=SourceKind.DEVICE_FILE,
                    device_model="InBody270",
                    device_serial=serial,
                    recorded_by=staff if bm.status == MeasurementStatus.FILED else None,
                    external_id=ctx.uuid4(rng),
                    **values,
                )
            )
            bm._record = records[-1]
        bm.external_id = ctx.uuid4(rng)
        booths.append(bm)
    Measurement.objects.bulk_create(records, batch_size=2000, ignore_conflicts=False)
    for bm in booths:
        record = getattr(bm, "_record", None)
        if record is not None:
            bm.measurement = record
    BoothMeasurement.objects.bulk_create(booths, batch_size=2000)
