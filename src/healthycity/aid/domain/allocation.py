"""Allocate a cycle's stock to centres and enrolled citizens (a dry run until approved)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.aid.domain.errors import AllocationRefused
from healthycity.aid.domain.optimise import Instance, greedy, solve
from healthycity.aid.eligibility.need import TIERS, tier_weight, weights_for
from healthycity.aid.eligibility.service import candidates
from healthycity.aid.enums import AllocationStatus, CycleStatus, EnrolmentStatus
from healthycity.aid.models import (
    AllocatedEnrolment,
    Allocation,
    AllocationGroup,
    AllocationLine,
    Cycle,
    DonationLot,
    Enrolment,
    StockBalance,
)
from healthycity.citizens.models import Citizen


def _instance(cycle: Cycle):
    programme = cycle.programme
    weights = weights_for(programme)
    items = list(programme.items.order_by("product_id"))
    if not items:
        raise AllocationRefused(_("The programme has no benefit items; add products first."))
    centres = list(programme.centres.select_related("district").order_by("code"))
    if not centres:
        raise AllocationRefused(_("No welfare centre takes part in this programme."))
    c_index = {c.pk: i for i, c in enumerate(centres)}
    p_index = {item.product_id: i for i, item in enumerate(items)}
    # Nothing is handed over past expiry: a lot must last until the end of the cycle.
    stock = dict(
        StockBalance.objects.filter(
            lot__product_id__in=p_index, lot__expires_on__gte=cycle.ends_on, quantity__gt=0
        )
        .values_list("lot_id")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    lots = list(DonationLot.objects.filter(pk__in=stock).order_by("expires_on", "id"))
    enrolled = (
        Enrolment.objects.filter(
            programme=programme, status=EnrolmentStatus.ENROLLED, centre_id__in=c_index
        )
        .values_list("centre_id", "need_tier")
        .annotate(n=Count("id"))
        .order_by()
    )
    groups = sorted((c_index[c], t, n) for c, t, n in enrolled)
    inst = Instance(
        centre_capacity=[c.capacity_per_cycle for c in centres],
        centre_district=[c.district_id for c in centres],
        group_centre=[g[0] for g in groups],
        group_n=[g[2] for g in groups],
        group_weight=[tier_weight(g[1], weights) for g in groups],
        product_qty=[item.quantity for item in items],
        lot_product=[p_index[lot.product_id] for lot in lots],
        lot_stock=[stock[lot.pk] for lot in lots],
        lot_rank=list(range(len(lots))),
        fairness_floor=programme.fairness_floor,
    )
    return inst, centres, lots, groups


def _eligible_counts(cycle: Cycle, centres) -> dict[tuple[int, int], int]:
    base = Citizen.objects.filter(welfare_centre__in=centres)
    rows = (
        candidates(cycle.programme, base)
        .values_list("welfare_centre_id", "need_tier")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(c, t): n for c, t, n in rows}


@transaction.atomic
def allocate(*, cycle: Cycle, by=None, time_limit: float = 120.0) -> Allocation:
    """Solve the cycle's allocation and store it as a dry run with its explanation. Side
    effects: INSERTs of the allocation, its groups, lot lines and covered enrolments."""
    if cycle.status == CycleStatus.CLOSED:
        raise AllocationRefused(_("This cycle is closed."))
    inst, centres, lots, groups = _instance(cycle)
    plan = solve(inst, time_limit=time_limit)
    baseline = greedy(inst)
    eligible = _eligible_counts(cycle, centres)
    allocation = Allocation.objects.create(
        cycle=cycle,
        objective=plan.objective,
        greedy_objective=baseline.objective,
        solve_seconds=plan.seconds,
        created_by=by,
    )
    covered_by_group = {(g[0], g[1]): y for g, y in zip(groups, plan.covered, strict=True)}
    rows = []
    for ci, centre in enumerate(centres):
        for tier in range(1, TIERS + 1):
            n = next((g[2] for g in groups if g[0] == ci and g[1] == tier), 0)
            el = eligible.get((centre.pk, tier), 0)
            if n or el:
                rows.append(
                    AllocationGroup(
                        allocation=allocation,
                        centre=centre,
                        tier=tier,
                        eligible=el,
                        enrolled=n,
                        covered=covered_by_group.get((ci, tier), 0),
                    )
                )
    AllocationGroup.objects.bulk_create(rows)
    AllocationLine.objects.bulk_create(
        AllocationLine(allocation=allocation, centre=centres[c], lot=lots[l_], quantity=q)
        for (c, l_), q in plan.shipments.items()
    )
    _choose_people(allocation, centres, covered_by_group)
    allocation.summary = _summary(inst, plan, baseline, centres, lots, rows)
    allocation.save(update_fields=["summary"])
    return allocation


def _choose_people(allocation, centres, covered_by_group) -> None:
    chosen = []
    for (ci, tier), y in covered_by_group.items():
        if not y:
            continue
        chosen += list(
            Enrolment.objects.filter(
                programme=allocation.cycle.programme,
                status=EnrolmentStatus.ENROLLED,
                centre=centres[ci],
                need_tier=tier,
            )
            .order_by("-need_score", "id")
            .values_list("pk", flat=True)[:y]
        )
    AllocatedEnrolment.objects.bulk_create(
        (AllocatedEnrolment(allocation=allocation, enrolment_id=pk) for pk in chosen),
        batch_size=5000,
    )


def _summary(inst, plan, baseline, centres, lots, rows) -> dict:
    per_centre: dict[int, dict] = defaultdict(
        lambda: {"eligible": 0, "enrolled": 0, "covered": 0, "tiers": {}}
    )
    for row in rows:
        entry = per_centre[row.centre_id]
        entry["eligible"] += row.eligible
        entry["enrolled"] += row.enrolled
        entry["covered"] += row.covered
        entry["tiers"][str(row.tier)] = {
            "eligible": row.eligible,
            "enrolled": row.enrolled,
            "covered": row.covered,
        }
    districts: dict[int, dict] = defaultdict(lambda: {"enrolled": 0, "covered": 0})
    for ci, centre in enumerate(centres):
        found = per_centre.get(centre.pk)
        if found is not None:
            districts[centre.district_id]["enrolled"] += found["enrolled"]
            districts[centre.district_id]["covered"] += found["covered"]
            found.update(code=centre.code, name=centre.name, capacity=inst.centre_capacity[ci])
    used: dict[int, int] = defaultdict(int)
    for (_c, l_), q in plan.shipments.items():
        used[l_] += q
    return {
        "status": plan.status,
        "solve_seconds": round(plan.seconds, 3),
        "objective": plan.objective,
        "greedy_objective": baseline.objective,
        "covered": sum(plan.covered),
        "greedy_covered": sum(baseline.covered),
        "enrolled": sum(inst.group_n),
        "centres": [per_centre[c.pk] for c in centres if c.pk in per_centre],
        "districts": [
            {
                "district": d.code,
                "name": d.name,
                **districts[d.pk],
                "floor": plan.floors.get(d.pk, 0),
                "short": round(plan.shortfall.get(d.pk, 0.0), 1),
            }
            for d in sorted({c.district for c in centres}, key=lambda d: d.code)
        ],
        "lots": [
            {
                "lot": lot.lot_number,
                "product": lot.product.name,
                "expires_on": lot.expires_on.isoformat(),
                "stock": inst.lot_stock[i],
                "planned": used.get(i, 0),
            }
            for i, lot in enumerate(lots)
        ],
    }


@transaction.atomic
def approve_allocation(*, allocation: Allocation, by) -> Allocation:
    """An official approves a dry run; an earlier approved plan of the cycle is superseded.
    Side effects: UPDATEs of allocation statuses."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != AllocationStatus.DRY_RUN:
        raise AllocationRefused(_("Only a dry run can be approved."))
    if not Cycle.objects.filter(pk=allocation.cycle_id, status=CycleStatus.APPROVED).exists():
        raise AllocationRefused(_("Approve the cycle's enrolment list first."))
    Allocation.objects.filter(cycle=allocation.cycle, status=AllocationStatus.APPROVED).update(
        status=AllocationStatus.SUPERSEDED
    )
    allocation.status = AllocationStatus.APPROVED
    allocation.approved_by = by
    allocation.approved_at = timezone.now()
    allocation.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return allocation
