"""The aid demo hook runs the programme end to end on a small demo city."""

from __future__ import annotations

import time

import pytest

from healthycity.aid import demo
from healthycity.aid.domain.ledger import verify_ledger
from healthycity.aid.domain.stock import check_stock
from healthycity.aid.enums import AllocationStatus
from healthycity.aid.models import Allocation, Enrolment, HandOver, Programme
from healthycity.aid.queries import programme_outcomes
from healthycity.demo.build import build_demo
from healthycity.health import demo as health_demo
from healthycity.partners import demo as partners_demo

pytestmark = pytest.mark.django_db


def test_demo_runs_the_programme_end_to_end():
    ctx = build_demo(seed=7, n_citizens=4000, hooks=False)
    health_demo.populate(ctx)
    partners_demo.populate(ctx)
    started = time.perf_counter()
    demo.populate(ctx)
    elapsed = time.perf_counter() - started
    programme = Programme.objects.get(name_ko=demo.NAME_KO)
    assert {p.slug for p in programme.sponsors.all()} == {"yuhan", "cj"}
    assert Enrolment.objects.filter(centre=ctx.centre_a).exists()
    assert Enrolment.objects.filter(centre=ctx.centre_b).exists()
    assert Allocation.objects.filter(status=AllocationStatus.APPROVED).count() == 1
    assert HandOver.objects.exists()
    assert verify_ledger().ok and check_stock() == []
    overall = [r for r in programme_outcomes(programme, suppress=False) if r["group_by"] == "all"]
    assert overall and all(r["estimate"] is not None for r in overall)
    assert elapsed < 60
    demo.populate(ctx)  # idempotent
    assert Programme.objects.filter(name_ko=demo.NAME_KO).count() == 1
