"""The practice-library demo: every state, reviewers from other cities, Seoul's practice from
the aid programme with its measured outcome, everything labelled synthetic."""

from __future__ import annotations

import pytest

from healthycity.aid import demo as aid_demo
from healthycity.demo.build import build_demo
from healthycity.health import demo as health_demo
from healthycity.partners import demo as partners_demo
from healthycity.policies import demo
from healthycity.policies.enums import PracticeStatus
from healthycity.policies.models import Practice
from healthycity.policies.search.backend import filter_and_rank

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_fills_the_library_in_every_state():
    ctx = build_demo(seed=7, n_citizens=3000, hooks=False)
    health_demo.populate(ctx)
    partners_demo.populate(ctx)
    aid_demo.populate(ctx)
    demo.populate(ctx)
    states = set(Practice.objects.values_list("status", flat=True))
    assert states == {s.value for s in PracticeStatus}
    published = Practice.objects.published()
    assert published.count() >= 5
    for practice in published:
        cities = {r.reviewer_city_id for r in practice.reviews.all()}
        assert len(cities) == 2 and practice.city_id not in cities
    assert all(
        p.source.get("synthetic") for p in Practice.objects.exclude(source__kind="aid_programme")
    )
    assert all("합성" in p.body_ko for p in Practice.objects.filter(source__kind="demo"))
    seoul = Practice.objects.get(source__kind="aid_programme")
    assert seoul.city.unlocode == "KRSEL" and seoul.status == PracticeStatus.DRAFT
    overall = seoul.results.filter(group_by="all")
    assert overall.exists() and seoul.results.filter(group_by="income_band").exists()
    assert seoul.equity_effect_ko and seoul.evaluation_type == "cba"
    assert filter_and_rank(published, "걷는 어르신").exists()
    demo.populate(ctx)  # idempotent
    assert Practice.objects.count() == len(demo.PRACTICES) + 1
