"""Demo hook: a walking mission with a change of rules 28 days ago, people taking part, and
enough steps around the change for its evaluation to show numbers.

Runs after the health hook (whose steps it rewards) and before the equity snapshots (which count
participation). The mission "하루 걷기 / Daily walk" runs since 1 January of last year: 8 000
steps a day (5 000 from 70), 100 points a day, 300 for 5 goal days in a week, at most 20 000 a
half-year; 28 days ago the older goal was extended to everyone from 65 and a day became worth
150 points. The demo citizen and about 150 step-counter wearers take part; they and about 150
wearers outside it get steps for the 56 days around the change (device `demo-watch`; the
participants aged 65–69, whose goal dropped, walk a little more after it). The demo citizen also
has a day flagged as implausible (a phone counting while the worn watch did not), to show the
"days to check"."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen
from healthycity.citizens.queries import consented_citizens
from healthycity.health.enums import PlausibilityReason, SourceKind
from healthycity.health.models import DailySteps, StepsFlag
from healthycity.missions.domain.missions import change_rules, create_mission
from healthycity.missions.models import Participation

PER_GROUP = 150
DAYS = 56


def populate(ctx) -> None:
    rng = ctx.rng_for("missions")
    today = timezone.localdate()
    official = ctx.users.get("official")
    mission = create_mission(
        by=official,
        goals=[(0, 70, 8000), (70, None, 5000)],
        terms={
            "points_per_day": 100,
            "week_goal_days": 5,
            "points_per_week": 300,
            "half_year_cap": 20_000,
        },
        name_ko="하루 걷기",
        name_en="Daily walk",
        summary_ko="하루 8,000보(70세 이상 5,000보)를 걸으면 포인트를 드립니다.",
        summary_en="Walk 8,000 steps a day (5,000 from age 70) and earn points.",
        starts_on=dt.date(today.year - 1, 1, 1),
    )
    wearers = list(
        consented_citizens(ConsentPurpose.CARE)
        .filter(pk__in=DailySteps.objects.values("citizen_id"))
        .exclude(pk=ctx.citizen.pk)
        .order_by("pk")
        .values_list("pk", "birth_year")
    )
    order = rng.permutation(len(wearers))
    joined = [wearers[i] for i in order[:PER_GROUP]]
    outside = [wearers[i] for i in order[PER_GROUP : 2 * PER_GROUP]]
    start = today - dt.timedelta(days=DAYS)
    change = today - dt.timedelta(days=28)
    _steps(rng, joined, outside, start, change, today)
    people = [ctx.citizen.pk] + [pk for pk, _born in joined]
    Participation.objects.bulk_create(
        Participation(mission=mission, citizen_id=pk, joined_on=start - dt.timedelta(days=7))
        for pk in people
    )
    _flagged_day(ctx.citizen, today)
    change_rules(
        mission=mission,
        by=official,
        goals=[(0, 65, 8000), (65, None, 5000)],
        effective_from=change,
        points_per_day=150,
        week_goal_days=5,
        points_per_week=300,
        half_year_cap=20_000,
        note="5,000 steps from 65 (was 70) and 150 points a day, to reach more older citizens.",
    )  # awards every participant
    advance = ctx.progress("Walking missions", 1)
    advance(1)


def _steps(rng, joined, outside, start, change, today) -> None:
    rows = []
    for group, pairs in (("joined", joined), ("outside", outside)):
        for pk, born in pairs:
            age = today.year - born
            base = rng.normal(6500 - 40 * max(age - 50, 0), 1200)
            lift = (
                900 if group == "joined" and 65 <= age < 70 else (300 if group == "joined" else 0)
            )
            for back in range(1, DAYS + 1):
                day = today - dt.timedelta(days=back)
                if rng.random() < 0.2:  # not every day is uploaded
                    continue
                mean = base + (lift if day >= change else 0) + rng.normal(0, 200)
                steps = int(np.clip(rng.normal(mean, 1500), 300, 30000))
                rows.append(
                    DailySteps(
                        citizen_id=pk,
                        date=day,
                        steps=steps,
                        device="demo-watch",
                        source=SourceKind.DEMO,
                    )
                )
    DailySteps.objects.bulk_create(rows, batch_size=5000)


def _flagged_day(citizen: Citizen, today) -> None:
    day = today - dt.timedelta(days=3)
    flagged = DailySteps.objects.create(
        citizen=citizen,
        date=day,
        steps=21400,
        device="apple-health",
        source=SourceKind.WEARABLE,
        flagged=True,
    )
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(21, 0)))
    StepsFlag.objects.create(
        day=flagged,
        reason=PlausibilityReason.PHONE_WITHOUT_WATCH,
        at=at,
        value=12800,
        source="iPhone",
    )
