"""A walking mission like the programme's: 8 000 steps a day, 5 000 from age 70; 100 points a
day, 300 more for a week with 3 goal days; at most 1 000 points a half-year."""

from __future__ import annotations

import datetime as dt

import pytest

from healthycity.citizens.domain.consent import grant_consent
from healthycity.health.models import DailySteps
from healthycity.missions.domain.rules import set_goals
from healthycity.missions.models import Mission, MissionTerms, Participation


def make_mission(
    *,
    starts_on=dt.date(2026, 1, 1),
    per_day=100,
    week_days=3,
    per_week=300,
    cap=1000,
    goals=((0, 70, 8000), (70, None, 5000)),
):
    mission = Mission.objects.create(
        name_ko="하루 만보 걷기", name_en="Daily walk", starts_on=starts_on
    )
    terms = MissionTerms.objects.create(
        mission=mission, effective_from=starts_on, points_per_day=per_day,
        week_goal_days=week_days, points_per_week=per_week, half_year_cap=cap,
    )  # fmt: skip
    set_goals(terms, goals)
    return mission


@pytest.fixture
def mission(db):
    return make_mission()


@pytest.fixture
def walker(cast, mission):
    """The cast's citizen (born 1950: 76 in 2026, goal 5 000), with care consent, in the mission
    since 1 March 2026."""
    grant_consent(citizen=cast.citizen, purpose="care", by=None)
    Participation.objects.create(
        mission=mission, citizen=cast.citizen, joined_on=dt.date(2026, 3, 1)
    )
    return cast.citizen


def walk(citizen, day: str, steps: int, *, device="apple-health", flagged=False):
    DailySteps.objects.update_or_create(
        citizen=citizen, date=dt.date.fromisoformat(day), device=device,
        defaults={"steps": steps, "flagged": flagged},
    )  # fmt: skip
