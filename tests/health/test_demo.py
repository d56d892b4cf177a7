"""The health demo hook: plausible values, inequality by income, the demo citizen has a history."""

from __future__ import annotations

import pytest
from django.db.models import Avg

from healthycity.demo.build import build_demo
from healthycity.health import demo
from healthycity.health.models import DailySteps, Measurement

pytestmark = pytest.mark.django_db


def test_demo_records_are_plausible_and_unequal():
    ctx = build_demo(seed=7, n_citizens=3000, hooks=False)
    demo.populate(ctx)
    assert Measurement.objects.count() > 1000
    for m in Measurement.objects.order_by("?")[:50]:
        m.full_clean(validate_unique=False, validate_constraints=False)
    poor = Measurement.objects.filter(citizen__income_band="basic_livelihood").aggregate(
        b=Avg("bmi"), s=Avg("systolic_mmhg")
    )
    rich = Measurement.objects.filter(citizen__income_band="q5").aggregate(
        b=Avg("bmi"), s=Avg("systolic_mmhg")
    )
    assert poor["b"] > rich["b"] and poor["s"] > rich["s"]
    steps_poor = DailySteps.objects.filter(citizen__income_band="basic_livelihood").aggregate(
        a=Avg("steps")
    )["a"]
    steps_rich = DailySteps.objects.filter(citizen__income_band="q5").aggregate(a=Avg("steps"))["a"]
    assert steps_poor < steps_rich
    assert Measurement.objects.filter(citizen=ctx.citizen).count() == 8
    assert not Measurement.objects.exclude(citizen__consents__purpose="care").exists()
