"""Points follow the mission's rules exactly; the ledger only ever grows; corrections, flags and
the half-year cap are new lines."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from healthycity.missions.domain.points import award, balance
from healthycity.missions.domain.rules import set_goals
from healthycity.missions.models import MissionDay, MissionTerms, PointsEntry
from tests.missions.conftest import walk

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 31)


def ledger(citizen):
    return [
        (e.kind, e.on.isoformat(), e.points, e.reason)
        for e in PointsEntry.objects.filter(citizen=citizen).order_by("id")
    ]


def test_days_meeting_the_age_goal_earn_points_and_a_week_bonus(walker, mission):
    # Week of Monday 2 March: goal 5 000 (age 76). Met on Mon, Wed, Thu; Tue short.
    for day, steps in (
        ("2026-03-02", 5000),
        ("2026-03-03", 4999),
        ("2026-03-04", 7000),
        ("2026-03-05", 5200),
    ):
        walk(walker, day, steps)
    walk(walker, "2026-02-27", 9000)  # before joining: earns nothing
    award(citizen=walker, today=TODAY)
    assert ledger(walker) == [
        ("day", "2026-03-02", 100, "award"),
        ("day", "2026-03-04", 100, "award"),
        ("day", "2026-03-05", 100, "award"),
        ("week", "2026-03-02", 300, "award"),
    ]
    days = {
        d.date.isoformat(): (d.steps, d.goal, d.met)
        for d in MissionDay.objects.filter(citizen=walker)
    }
    assert days["2026-03-03"] == (4999, 5000, False) and "2026-02-27" not in days
    assert balance(walker) == 600
    award(citizen=walker, today=TODAY)  # again: nothing new
    assert PointsEntry.objects.count() == 4


def test_the_goal_follows_the_age_rules(cast, mission):
    from healthycity.citizens.domain.consent import grant_consent
    from healthycity.missions.models import Participation
    from tests.factories import CitizenFactory

    young = CitizenFactory(birth_year=1990, welfare_centre=cast.centre_a)
    grant_consent(citizen=young, purpose="care", by=None)
    Participation.objects.create(mission=mission, citizen=young, joined_on=dt.date(2026, 3, 1))
    walk(young, "2026-03-02", 7000)
    walk(young, "2026-03-03", 8000)
    award(citizen=young, today=TODAY)
    assert [(e.on.isoformat(), e.goal) for e in PointsEntry.objects.filter(citizen=young)] == [
        ("2026-03-03", 8000)
    ]


def test_a_flagged_day_earns_nothing_and_a_later_flag_is_corrected(walker):
    walk(walker, "2026-03-10", 6000)
    award(citizen=walker, today=TODAY)
    assert balance(walker) == 100
    walk(walker, "2026-03-10", 6000, flagged=True)  # a newer export flags the day
    award(citizen=walker, today=TODAY)
    assert ledger(walker)[-1] == ("day", "2026-03-10", -100, "correction")
    assert balance(walker) == 0
    assert MissionDay.objects.get(date="2026-03-10").flagged


def test_the_largest_unflagged_count_of_the_day_counts(walker):
    walk(walker, "2026-03-10", 3000, device="fitbit")
    walk(walker, "2026-03-10", 90000, device="apple-health", flagged=True)
    walk(walker, "2026-03-10", 5100, device="samsung-health")
    award(citizen=walker, today=TODAY)
    assert MissionDay.objects.get().steps == 5100 and balance(walker) == 100


def test_the_half_year_cap_stops_points_and_says_so(walker):
    # 2-6 March (5 days) and 9-13 March (5 days): 10 × 100 + 2 weeks × 300 = 1 600 > cap 1 000.
    for day in [2, 3, 4, 5, 6, 9, 10, 11, 12, 13]:
        walk(walker, f"2026-03-{day:02d}", 6000)
    award(citizen=walker, today=TODAY)
    assert balance(walker) == 1000
    # In the order earned: 2,3,4 (+300 week on the 4th) = 600; 5,6 = 800; 9, 10 = 1 000; then 0.
    lines = ledger(walker)
    assert ("week", "2026-03-02", 300, "award") in lines
    assert ("day", "2026-03-10", 100, "award") in lines
    assert all(on not in {"2026-03-11", "2026-03-12", "2026-03-13"} for _k, on, _p, _r in lines)
    # A new half-year starts over.
    walk(walker, "2026-07-01", 6000)
    award(citizen=walker, today=dt.date(2026, 7, 2))
    assert ledger(walker)[-1] == ("day", "2026-07-01", 100, "award")


def test_a_rule_change_applies_from_its_date(walker, mission):
    new = MissionTerms.objects.create(
        mission=mission,
        effective_from=dt.date(2026, 3, 16),
        points_per_day=50,
        week_goal_days=0,
        points_per_week=0,
        half_year_cap=0,
    )
    set_goals(new, [(0, 65, 10000), (65, None, 6000)])
    walk(walker, "2026-03-13", 5500)  # old rules: goal 5 000, 100 points
    walk(walker, "2026-03-16", 5500)  # new rules: goal 6 000 — not met
    walk(walker, "2026-03-17", 6000)  # met: 50 points
    award(citizen=walker, today=TODAY)
    assert [(on, p) for _k, on, p, _r in ledger(walker)] == [
        ("2026-03-13", 100),
        ("2026-03-17", 50),
    ]


def test_leaving_keeps_the_points_earned(walker, mission):
    from healthycity.missions.domain.participation import leave

    walk(walker, "2026-03-02", 6000)
    award(citizen=walker, today=TODAY)
    leave(mission=mission, citizen=walker, on=dt.date(2026, 3, 5))
    walk(walker, "2026-03-09", 6000)
    award(citizen=walker, today=TODAY)
    assert balance(walker) == 100


def test_an_import_awards_points_at_once(walker):
    from healthycity.health.imports import import_file
    from tests.health.wearable_files import AppleExport

    export = AppleExport(export_date="2026-03-20 21:00:00 +0900")
    export.steps(6500, "2026-03-18 08:00:00 +0900", "2026-03-18 09:00:00 +0900")
    import_file(
        fileobj=io.BytesIO(export.zip()),
        file_name="export.zip",
        kind="apple_health",
        citizen=walker,
    )
    assert ledger(walker) == [("day", "2026-03-18", 100, "award")]


def test_joining_needs_care_consent(cast, mission):
    from healthycity.missions.domain.participation import join
    from healthycity.missions.errors import MissionError

    with pytest.raises(MissionError):
        join(mission=mission, citizen=cast.other_citizen)


def test_age_rules_must_cover_every_age(mission):
    from healthycity.missions.domain.rules import check_goals
    from healthycity.missions.errors import MissionError

    check_goals([(0, 70, 8000), (70, None, 5000)])
    for bad in (
        [(0, 60, 8000), (70, None, 5000)],
        [(0, None, 8000), (70, None, 5000)],
        [(10, None, 8000)],
        [(0, 70, 8000)],
        [],
    ):
        with pytest.raises(MissionError):
            check_goals(bad)
