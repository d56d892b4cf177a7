"""The points ledger is append-only: the ORM refuses changes, and on PostgreSQL the database too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from healthycity.core.models import AppendOnlyError
from healthycity.missions.models import Mission, MissionTerms, PointsEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(cast):
    mission = Mission.objects.create(name_ko="걷기", name_en="Walk", starts_on=dt.date(2026, 1, 1))
    terms = MissionTerms.objects.create(
        mission=mission, effective_from=dt.date(2026, 1, 1), points_per_day=100
    )
    return PointsEntry.objects.create(
        citizen=cast.citizen, mission=mission, terms=terms, kind="day", on=dt.date(2026, 3, 2),
        points=100, steps=8100, goal=8000, reason="award",
    )  # fmt: skip


def test_a_ledger_line_cannot_be_changed_or_deleted(entry):
    entry.points = 1000
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).update(points=0)


@pytest.mark.postgres
def test_the_database_refuses_changes_on_postgresql(entry):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE missions_pointsentry SET points = 0 WHERE id = %s", [entry.pk])
