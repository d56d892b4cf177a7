"""Set-based reads of missions for analytics that act for no user (the equity snapshot, the
evaluation of a change of rules). Never used to show a person to a user."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from django.db.models import Count, Q, Sum

from healthycity.missions.models import MissionDay, Participation, PointsEntry


def mission_values_in_period(*, start: dt.date, end: dt.date) -> pa.Table:
    """Per citizen who took part in any mission at some time from `start` to `end`:
    `mission_member` (1), `mission_goal_share` (days the goal was met / days with steps while
    taking part; NULL without such days) and `mission_points` (points of the period's days).
    Columns: citizen_id (sorted), mission_member, mission_goal_share, mission_points. Three
    grouped queries, whatever the number of people."""
    members = set(
        Participation.objects.filter(joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list("citizen_id", flat=True)
    )
    days = {
        row["citizen_id"]: (row["n"], row["met"])
        for row in MissionDay.objects.filter(date__range=(start, end))
        .values("citizen_id")
        .annotate(n=Count("id"), met=Count("id", filter=Q(met=True)))
    }
    points = dict(
        PointsEntry.objects.filter(on__range=(start, end))
        .values("citizen_id")
        .annotate(total=Sum("points"))
        .values_list("citizen_id", "total")
    )
    ids = sorted(members)
    share = [days[i][1] / days[i][0] if days.get(i, (0, 0))[0] else None for i in ids]
    return pa.table(
        {
            "citizen_id": pa.array(ids, pa.int64()),
            "mission_member": pa.array([1.0] * len(ids), pa.float64()),
            "mission_goal_share": pa.array(share, pa.float64()),
            "mission_points": pa.array([float(points.get(i, 0)) for i in ids], pa.float64()),
        }
    )


def cohort(mission, *, start: dt.date, end: dt.date) -> set[int]:
    """Citizens taking part in `mission` on every day from `start` to `end`."""
    return set(
        Participation.objects.filter(mission=mission, joined_on__lte=start)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=end))
        .values_list("citizen_id", flat=True)
    )


def ever_in(mission, *, start: dt.date, end: dt.date) -> set[int]:
    """Citizens who took part in `mission` at some time from `start` to `end`."""
    return set(
        Participation.objects.filter(mission=mission, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list("citizen_id", flat=True)
    )
