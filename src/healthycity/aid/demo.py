"""Demo data of the aid app: the programme "어르신 근감소 예방 영양 지원" run end to end.

Yuhan and CJ CheilJedang sponsor it; a CEL rule picks older, low-income citizens with (possible)
sarcopenia or living alone; donation lots are registered and received; cycle 1 has enrolments at
centre A (worker-a), centre B (worker-b) and a few more centres, an approved allocation, hand-overs
and follow-up measurements, so that the outcome chart has something to show. Bulk writes only;
per-person domain calls are limited to a few hundred hand-overs whatever the city size.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import numpy as np
from django.db.models import Exists, OuterRef
from django.utils import timezone

from healthycity.aid.domain import stock
from healthycity.aid.domain.allocation import allocate, approve_allocation
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.programmes import approve_cycle, create_programme, open_cycle
from healthycity.aid.domain.snapshots import refresh_snapshots
from healthycity.aid.eligibility.service import candidates
from healthycity.aid.enums import ProgrammeStatus
from healthycity.aid.models import (
    AllocatedEnrolment,
    Enrolment,
    OutcomeObservation,
    Programme,
)
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, Consent
from healthycity.partners.models import Product

NAME_KO = "어르신 근감소 예방 영양 지원"
NAME_EN = "Nutrition support against sarcopenia for older citizens"
RULE = (
    'age >= 65 && income_band in ["basic_livelihood", "near_poor", "q1"] '
    '&& (sarcopenia in ["possible", "confirmed", "severe"] || living_alone)'
)
CENTRES = 8  # centre A, centre B and six more
PER_CENTRE = 80  # enrolments per centre at most
HANDOVERS = 300  # recorded hand-overs at most (the rest of the cycle is still to come)


def _product(partner, slug: str, name_ko: str, name_en: str, category: str) -> Product:
    found = (
        Product.objects.filter(slug=slug).first()
        or partner.products.filter(category=category).first()
    )
    if found is None:
        found = Product.objects.create(
            partner=partner, slug=slug, name_ko=name_ko, name_en=name_en, category=category
        )
    return found


def populate(ctx) -> None:
    if Programme.objects.filter(name_ko=NAME_KO).exists():
        return
    rng = ctx.rng_for("aid")
    official = ctx.users.get("official")
    yuhan, cj = ctx.partners["yuhan"], ctx.partners["cj"]
    vitamin = _product(
        yuhan, "yuhan-multivitamin", "유한 멀티비타민", "Yuhan multivitamin", "medicine"
    )
    protein = _product(cj, "cj-protein-drink", "CJ 단백질 음료", "CJ protein drink", "health_food")
    others = [c for c in ctx.centres if c.pk not in (ctx.centre_a.pk, ctx.centre_b.pk)]
    centres = [ctx.centre_a, ctx.centre_b, *others[: CENTRES - 2]]
    today = timezone.localdate()
    programme = create_programme(
        name_ko=NAME_KO,
        name_en=NAME_EN,
        description="유한양행과 CJ제일제당이 기부한 영양제·단백질 음료를 근감소 위험 어르신께 매월 전달합니다.",
        starts_on=today - timedelta(days=75),
        ends_on=today + timedelta(days=290),
        rule=RULE,
        by=official,
        sponsors=[yuhan, cj],
        centres=centres,
        items=[(protein, 2), (vitamin, 1)],
        target_indicators=["smm_kg", "handgrip_kg"],
        status=ProgrammeStatus.ACTIVE,
    )
    advance = ctx.progress("Aid programme", 6)
    citizen_ids = list(
        Citizen.objects.filter(welfare_centre__in=centres).values_list("pk", flat=True)
    )
    refresh_snapshots(citizen_ids=citizen_ids)
    advance(1)
    lots = _donations(ctx, rng, official, [(protein, cj, 2), (vitamin, yuhan, 1)], centres)
    advance(1)
    cycle = open_cycle(
        programme=programme, starts_on=programme.starts_on, ends_on=today + timedelta(days=20)
    )
    open_cycle(
        programme=programme,
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=50),
    )
    enrolled = _enrol(ctx, programme, centres)
    if not enrolled:  # a tiny city may have nobody eligible with an aid consent
        return
    approve_cycle(cycle=cycle, by=official)
    allocation = allocate(cycle=cycle, by=official, time_limit=30)
    approve_allocation(allocation=allocation, by=official)
    advance(1)
    _ship(allocation, official)
    advance(1)
    _hand_over(ctx, rng, cycle, allocation, lots)
    advance(1)
    _follow_ups(rng, programme, enrolled)
    advance(1)


def _donations(ctx, rng, official, products, centres) -> list:
    """Two lots per product (one of them expiring in the middle of the year), received."""
    lots = []
    warehouse = stock.warehouse()
    for centre in centres:
        stock.centre_location(centre)
    for product, partner, per_person in products:
        for k, days in enumerate((120, 330)):
            lot = stock.register_lot(
                partner=partner,
                product=product,
                quantity=int(per_person * PER_CENTRE * len(centres) * (0.45 + 0.1 * k)),
                lot_number=f"{product.slug.upper()[:6]}-{timezone.localdate():%y%m}-{k + 1}",
                expires_on=timezone.localdate() + timedelta(days=days),
                deliver_to=warehouse,
                by=ctx.users.get("partner-" + partner.slug) or None,
                unit_value_krw=int(rng.integers(8, 30)) * 1000,
            )
            stock.receive_lot(lot=lot, by=official)
            lots.append(lot)
    return lots


def _enrol(ctx, programme, centres) -> list[int]:
    """Bulk-enrol the neediest eligible citizens with an aid consent at each centre."""
    consent = Consent.objects.active().filter(purpose=ConsentPurpose.AID, citizen_id=OuterRef("pk"))
    workers = {
        ctx.centre_a.pk: ctx.users.get("worker-a"),
        ctx.centre_b.pk: ctx.users.get("worker-b"),
    }
    rows = []
    for centre in centres:
        base = Citizen.objects.filter(welfare_centre=centre).filter(Exists(consent))
        for c in candidates(programme, base)[:PER_CENTRE]:
            rows.append(
                Enrolment(
                    programme=programme,
                    citizen_id=c.pk,
                    centre_id=centre.pk,
                    need_score=c.need_score,
                    need_tier=c.need_tier,
                    enrolled_by=workers.get(centre.pk) or ctx.users.get("official"),
                    enrolled_on=programme.starts_on,
                )
            )
    Enrolment.objects.bulk_create(rows, batch_size=5000)
    return [r.citizen_id for r in rows]


def _ship(allocation, official) -> None:
    """Move the planned units from the warehouse to each centre (one transfer per line)."""
    warehouse = stock.warehouse()
    for line in allocation.lines.select_related("lot", "centre"):
        stock.transfer(
            lot=line.lot,
            source=warehouse,
            destination=stock.centre_location(line.centre),
            quantity=line.quantity,
            by=official,
        )


def _hand_over(ctx, rng, cycle, allocation, lots) -> None:
    """Record hand-overs for about two thirds of the covered people (first-expiry lots)."""
    covered = list(
        AllocatedEnrolment.objects.filter(allocation=allocation)
        .select_related("enrolment")
        .order_by("enrolment__centre_id", "-enrolment__need_score")
    )
    chosen = [a.enrolment for a in covered if rng.random() < 0.67][:HANDOVERS]
    plan = {}
    for line in allocation.lines.select_related("lot"):
        plan.setdefault((line.centre_id, line.lot.product_id), []).append(line.lot)
    items = list(cycle.programme.items.all())
    workers = {
        ctx.centre_a.pk: ctx.users.get("worker-a"),
        ctx.centre_b.pk: ctx.users.get("worker-b"),
    }
    admin = ctx.users.get("admin")
    for enrolment in chosen:
        by = workers.get(enrolment.centre_id) or admin
        if by is None:
            continue
        for item in items:
            for lot in plan.get((enrolment.centre_id, item.product_id), []):
                try:
                    hand_over(
                        cycle=cycle,
                        enrolment=enrolment,
                        lot=lot,
                        quantity=item.quantity,
                        by=by,
                        # Random like a browser's key: a key is no one's to guess.
                        idempotency_key=str(uuid.uuid4()),
                    )
                    break
                except Exception:  # noqa: BLE001, S112 — lot empty at this centre: try the next
                    continue


def _follow_ups(rng, programme, enrolled_ids: list[int]) -> None:
    """Baseline (before the start) and follow-up values of the target indicators for
    beneficiaries and for eligible citizens with a statistics consent who were not reached.
    Beneficiaries gain a little more muscle and grip (a plausible, modest effect)."""
    from healthycity.aid.domain.outcomes import beneficiary_ids, comparison_ids

    treated = beneficiary_ids(programme)
    control = sorted(comparison_ids(programme, treated))[: max(len(treated) * 2, 50)]
    people = sorted(treated) + control
    if not people:
        return
    is_treated = np.array([p in treated for p in people])
    n = len(people)
    baseline_day = programme.starts_on - timedelta(days=10)
    follow_day = timezone.localdate() - timedelta(days=3)
    rows = []
    for indicator, mean, sd, effect, drift in (
        ("smm_kg", 21.0, 3.5, 0.6, -0.1),
        ("handgrip_kg", 20.0, 5.0, 1.4, -0.3),
    ):
        before = rng.normal(mean, sd, n)
        after = before + drift + effect * is_treated + rng.normal(0, 0.8, n)
        for i, citizen_id in enumerate(people):
            rows.append(
                OutcomeObservation(
                    citizen_id=citizen_id,
                    indicator=indicator,
                    measured_on=baseline_day,
                    value=round(float(before[i]), 1),
                )
            )
            rows.append(
                OutcomeObservation(
                    citizen_id=citizen_id,
                    indicator=indicator,
                    measured_on=follow_day,
                    value=round(float(after[i]), 1),
                    follow_up=bool(is_treated[i]),
                )
            )
    OutcomeObservation.objects.bulk_create(rows, batch_size=5000)
