"""Missions and points flow into the equity snapshot and its indicators (participation, goal
attainment, points) by district, income and age, as the other indicators do."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from healthycity.citizens.domain.consent import grant_consent
from healthycity.equity import snapshot
from healthycity.missions.domain.points import award
from healthycity.missions.models import Participation
from tests.factories import CitizenFactory
from tests.missions.conftest import make_mission, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    mission = make_mission(starts_on=dt.date(2026, 1, 1))
    people = []
    for i in range(6):
        band = "basic_livelihood" if i < 3 else "q5"
        c = CitizenFactory(birth_year=1980, income_band=band)
        for purpose in ("care", "statistics"):
            grant_consent(citizen=c, purpose=purpose, by=None)
        people.append(c)
    # Two of the three q5 citizens take part, one of the three on basic livelihood security.
    for c in (people[0], people[3], people[4]):
        Participation.objects.create(mission=mission, citizen=c, joined_on=dt.date(2026, 3, 1))
    # people[3]: goal (8 000 at 46) met on 2 of 4 days; people[4] on 1 of 1; people[0] no steps.
    for day, steps in (
        ("2026-03-02", 9000),
        ("2026-03-03", 7000),
        ("2026-03-04", 8000),
        ("2026-03-05", 100),
    ):
        walk(people[3], day, steps)
    walk(people[4], "2026-03-02", 12000)
    walk(people[1], "2026-03-02", 12000)  # not taking part
    for c in people:
        award(citizen=c, today=dt.date(2026, 3, 31))
    return people


def test_snapshot_carries_mission_columns(city, tmp_path):
    out = tmp_path / "s.parquet"
    snapshot.write_snapshot(period=snapshot.parse_period("2026"), path=out)
    rows = snapshot.read_table(out).to_pylist()
    members = sorted(
        (r["income_band"], r["mission_goal_share"], r["mission_points"])
        for r in rows
        if r["mission_member"] == 1
    )
    assert members == [("basic_livelihood", None, 0.0), ("q5", 0.5, 200.0), ("q5", 1.0, 100.0)]
    assert sum(1 for r in rows if r["mission_member"] is None) == 3


def test_report_of_participation_and_attainment_by_income(city, tmp_path, capsys):
    out = tmp_path / "s.parquet"
    snapshot.write_snapshot(period=snapshot.parse_period("2026"), path=out)
    call_command(
        "equity", "report", "--indicator", "mission_participation,mission_goal_attainment",
        "--by", "income_band", "--snapshot", str(out), "--format", "json",
    )  # fmt: skip
    estimates = json.loads(capsys.readouterr().out)["estimates"]
    by = {(e["indicator"], e["subgroup"]): e for e in estimates}
    assert by[("mission_participation", "basic_livelihood")]["estimate"] == pytest.approx(100 / 3)
    assert by[("mission_participation", "q5")]["estimate"] == pytest.approx(200 / 3)
    assert by[("mission_goal_attainment", "q5")]["estimate"] == pytest.approx(75.0)
