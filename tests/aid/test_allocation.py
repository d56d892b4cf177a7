"""Allocation: optimum ≥ greedy, stock, expiry (FEFO), capacity, fairness floor; the command."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from healthycity.aid.domain.allocation import allocate
from healthycity.aid.domain.enrolment import enrol
from healthycity.aid.domain.optimise import Instance, greedy, solve
from healthycity.aid.domain.programmes import approve_cycle
from healthycity.aid.models import Allocation
from tests.aid import factories as f


def _instance(**kw) -> Instance:
    base = {
        "centre_capacity": [10, 10],
        "centre_district": [1, 2],
        "group_centre": [0, 0, 1],
        "group_n": [5, 5, 5],
        "group_weight": [5.0, 1.0, 3.0],
        "product_qty": [1],
        "lot_product": [0],
        "lot_stock": [8],
        "lot_rank": [0],
        "fairness_floor": 0.0,
    }
    return Instance(**{**base, **kw})


def test_neediest_are_covered_first():
    plan = solve(_instance())
    assert plan.covered == [5, 0, 3] and plan.objective == 34


def test_stock_and_capacity_are_respected():
    plan = solve(_instance(centre_capacity=[2, 10], lot_stock=[100]))
    assert plan.covered[0] + plan.covered[1] == 2
    assert sum(plan.shipments.values()) == sum(plan.covered)


def test_first_expiry_first_out():
    plan = solve(_instance(lot_product=[0, 0], lot_stock=[20, 20], lot_rank=[1, 0]))
    used = {0: 0, 1: 0}
    for (_c, lot), q in plan.shipments.items():
        used[lot] += q
    assert used == {0: 0, 1: 15}  # lot 1 expires first and covers everyone


def test_fairness_floor_lifts_a_poorer_served_district():
    # Without the floor district 2 (low need weight) gets nothing; with φ=1 it gets its share.
    inst = _instance(group_weight=[5.0, 5.0, 1.0], lot_stock=[10])
    assert solve(inst).covered[2] == 0
    fair = solve(_instance(group_weight=[5.0, 5.0, 1.0], lot_stock=[10], fairness_floor=1.0))
    assert fair.covered[2] >= fair.floors[2] > 0 and not fair.shortfall


@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    centres=st.integers(1, 4),
    products=st.lists(st.integers(1, 3), min_size=1, max_size=2),
)
def test_optimum_is_never_below_greedy(data, centres, products):
    groups = [(c, t) for c in range(centres) for t in range(1, 6)]
    lots = data.draw(st.integers(1, 4))
    inst = Instance(
        centre_capacity=[data.draw(st.integers(0, 30)) for _ in range(centres)],
        centre_district=[data.draw(st.integers(0, 2)) for _ in range(centres)],
        group_centre=[c for c, _ in groups],
        group_n=[data.draw(st.integers(0, 12)) for _ in groups],
        group_weight=[float(t) for _, t in groups],
        product_qty=products,
        lot_product=[i % len(products) for i in range(lots)],
        lot_stock=[data.draw(st.integers(0, 40)) for _ in range(lots)],
        lot_rank=list(range(lots)),
        fairness_floor=data.draw(st.sampled_from([0.0, 0.5, 0.8])),
    )
    plan, base = solve(inst), greedy(inst)
    assert plan.objective >= base.objective - 1e-6
    for c in range(centres):
        covered = sum(y for g, y in enumerate(plan.covered) if inst.group_centre[g] == c)
        assert covered <= inst.centre_capacity[c]


def test_lot_expiring_before_the_cycle_ends_is_not_planned(aid, cast):
    from datetime import date

    short = f.stocked_lot(
        cast.partner_org, aid.product, 50, by=cast.official, expires_in=5, lot_number="SHORT"
    )
    aid.cycle.ends_on = date.today() + timedelta(days=20)
    aid.cycle.save()
    enrol(programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a), by=cast.worker_a)
    allocation = allocate(cycle=aid.cycle)
    assert not allocation.lines.filter(lot=short).exists()
    assert allocation.lines.filter(lot=aid.lot).exists()


def test_allocate_command_json_and_dry_run(aid, cast):
    for _ in range(3):
        enrol(
            programme=aid.programme,
            citizen=f.citizen_with_consent(cast.centre_a),
            by=cast.worker_a,
        )
    enrol(programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_b), by=cast.worker_b)
    approve_cycle(cycle=aid.cycle, by=cast.official)
    out = StringIO()
    call_command(
        "aid", "allocate", "--cycle", str(aid.cycle.pk), "--dry-run", "--format", "json", stdout=out
    )
    summary = json.loads(out.getvalue())
    assert summary["covered"] == 4 and summary["enrolled"] == 4
    assert summary["objective"] >= summary["greedy_objective"]
    assert {c["code"] for c in summary["centres"]} == {"WC-A", "WC-B"}
    assert not Allocation.objects.exists()  # dry run stored nothing
    out = StringIO()
    call_command("aid", "allocate", "--cycle", str(aid.cycle.external_id), stdout=out)
    assert "WC-A" in out.getvalue() and Allocation.objects.count() == 1


def test_unknown_cycle_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No cycle"):
        call_command("aid", "allocate", "--cycle", "999")
    with pytest.raises(CommandError, match="No cycle"):
        call_command("aid", "allocate", "--cycle", "not-a-uuid")
