"""`healthycity verify` checks of the missions app: points only for days that met their goal;
the ledger's append-only trigger on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from healthycity.missions.domain.points import award
from healthycity.missions.models import MissionDay, PointsEntry
from tests.missions.conftest import walk

pytestmark = pytest.mark.django_db


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify", "--language", "en", *args, stdout=out)
    return out.getvalue()


def test_sound_points_pass(walker):
    walk(walker, "2026-03-02", 6000)
    award(citizen=walker, today=dt.date(2026, 3, 31))
    assert "ok    missions.points" in verify("--only", "missions.points")


def test_points_for_a_day_that_did_not_meet_its_goal_are_named(walker):
    walk(walker, "2026-03-02", 6000)
    award(citizen=walker, today=dt.date(2026, 3, 31))
    with connection.cursor() as cursor:  # a hand edit behind the domain's back
        cursor.execute(
            f"UPDATE {MissionDay._meta.db_table} SET met = %s WHERE date = %s",
            [False, "2026-03-02"],
        )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify", "--language", "en", "--only", "missions.points", stdout=out)
    assert "day of 2026-03-02: 100 points" in out.getvalue()
    assert PointsEntry.objects.count() == 1


def test_the_append_only_check_runs_on_postgresql(walker):
    out = verify("--only", "missions.append_only")
    expected = "ok    missions.append_only" if connection.vendor == "postgresql" else "skip"
    assert expected in out
