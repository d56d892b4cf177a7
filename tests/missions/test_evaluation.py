"""Evaluating a change of mission rules: the intervals are the published ones, the groups are
the right people, and small groups are hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from healthycity.citizens.domain.consent import grant_consent
from healthycity.equity.methods.did import Panel, did
from healthycity.equity.methods.rates import mean
from healthycity.health.models import DailySteps
from healthycity.missions.domain.evaluation import evaluate_change
from healthycity.missions.domain.rules import set_goals
from healthycity.missions.models import MissionTerms, Participation
from tests.factories import CitizenFactory
from tests.missions.conftest import make_mission

pytestmark = pytest.mark.django_db

# Student's sleep data (Cushny & Peebles 1905, as in Student 1908, Biometrika 6:1-25): extra hours
# of sleep of 10 patients under two drugs. R: t.test(extra ~ group, data = sleep, paired = TRUE)
# gives the mean difference 1.58 with the 95 % interval 0.7001142 to 2.4598858.
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_change_interval_matches_students_sleep_data():
    change = mean(values=[b - a for a, b in zip(DRUG_1, DRUG_2, strict=True)])
    assert change.estimate == pytest.approx(1.58)
    assert change.lower == pytest.approx(0.7001142, abs=1e-6)
    assert change.upper == pytest.approx(2.4598858, abs=1e-6)


def test_difference_in_differences_matches_card_and_krueger():
    # Card & Krueger 1994, table 3 (rounded means): NJ 20.44 → 21.03, PA 23.33 → 21.17; DiD 2.75.
    import numpy as np

    panel = Panel(
        np.array([1, 1, 0, 0]),
        np.array([20.44, 20.44, 23.33, 23.33]),
        np.array([21.03, 21.03, 21.17, 21.17]),
    )
    assert did(panel)["did"] == pytest.approx(2.75)


CHANGE = dt.date(2026, 3, 16)


def _person(*, mission=None, before: int, after: int, district="11110", income="q1", born=1950):
    from tests.factories import district as district_of

    citizen = CitizenFactory(birth_year=born, income_band=income, district=district_of(district))
    grant_consent(citizen=citizen, purpose="statistics", by=None)
    if mission is not None:
        Participation.objects.create(
            mission=mission, citizen=citizen, joined_on=dt.date(2026, 2, 1)
        )
    rows = []
    for offset in range(1, 15):  # two weeks before and after, every day
        rows.append(
            DailySteps(
                citizen=citizen,
                date=CHANGE - dt.timedelta(days=offset),
                steps=before,
                device="apple-health",
            )
        )
        rows.append(
            DailySteps(
                citizen=citizen,
                date=CHANGE + dt.timedelta(days=offset - 1),
                steps=after,
                device="apple-health",
            )
        )
    DailySteps.objects.bulk_create(rows)
    return citizen


@pytest.fixture
def change(db):
    mission = make_mission(starts_on=dt.date(2026, 1, 1))
    new = MissionTerms.objects.create(mission=mission, effective_from=CHANGE, points_per_day=200)
    set_goals(new, [(0, None, 6000)])
    # 12 participants gaining 800-1 240 steps (mean +1 020); 11 of them in district 11110.
    for i in range(12):
        _person(
            mission=mission,
            before=5000 + 10 * i,
            after=5800 + 50 * i,
            district="11110" if i < 11 else "11680",
        )
    # 12 citizens outside the mission gaining 200 each (a warmer fortnight for everyone).
    for i in range(12):
        _person(before=6000 + 10 * i, after=6200 + 10 * i)
    # Not counted: no statistics consent; and someone who joined during the windows.
    loner = CitizenFactory()
    DailySteps.objects.create(citizen=loner, date=CHANGE, steps=9999, device="x")
    late = _person(before=100, after=20000)
    Participation.objects.create(mission=mission, citizen=late, joined_on=CHANGE)
    return new


def test_evaluation_compares_participants_with_everyone_else(change):
    result = evaluate_change(terms=change, weeks=2, today=dt.date(2026, 4, 30))
    assert result.before == (dt.date(2026, 3, 2), dt.date(2026, 3, 15))
    assert result.after == (dt.date(2026, 3, 16), dt.date(2026, 3, 29))
    everyone = result.rows[0]
    assert (everyone["n"], everyone["n_comparison"]) == (12, 12)
    assert everyone["change"] == pytest.approx(1020)
    assert everyone["comparison_change"] == pytest.approx(200)
    assert everyone["did"] == pytest.approx(820)
    assert everyone["did_low"] < 820 < everyone["did_high"]
    assert everyone["change_low"] < 1020 < everyone["change_high"]


def test_small_groups_and_their_complements_are_hidden(change):
    rows = {
        (r["group_by"], r["group"]): r
        for r in evaluate_change(terms=change, weeks=2, today=dt.date(2026, 4, 30)).rows
    }
    # District 11680 has 1 participant: hidden, and so is 11110 (else 12 − 11 gives it away).
    assert rows[("district", "11680")]["suppressed"] and rows[("district", "11680")]["did"] is None
    assert rows[("district", "11110")]["suppressed"]
    assert not rows[("income_band", "q1")]["suppressed"]


def test_first_rules_and_too_recent_changes_are_explained(change):
    from healthycity.missions.errors import MissionError

    first = MissionTerms.objects.filter(mission=change.mission).order_by("effective_from").first()
    with pytest.raises(MissionError):
        evaluate_change(terms=first)
    with pytest.raises(MissionError):
        evaluate_change(terms=change, today=CHANGE)


def test_cli_prints_the_evaluation(change, capsys):
    import json as _json

    from django.core.management import call_command

    call_command(
        "missions",
        "evaluate",
        "--rules",
        str(change.external_id),
        "--weeks",
        "2",
        "--format",
        "json",
    )
    data = _json.loads(capsys.readouterr().out)
    assert data["rows"][0]["did"] == pytest.approx(820) and data["change"] == "2026-03-16"
    call_command(
        "missions",
        "evaluate",
        "--rules",
        str(change.external_id),
        "--weeks",
        "2",
        "--format",
        "csv",
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("group_by,group,n,") and lines[1].startswith("all,all,12,")


def test_cli_with_an_unknown_rules_id_is_a_clear_error(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("missions", "evaluate", "--rules", "nope")
