"""Aggregates of missions for officials (no person is listed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from healthycity.missions.models import Mission, MissionDay, Participation, PointsEntry


def missions_with_counts():
    """Every mission with its participants now and ever."""
    return Mission.objects.annotate(
        taking_part=Count(
            "participations", filter=Q(participations__left_on__isnull=True), distinct=True
        ),
        ever=Count("participations__citizen", distinct=True),
    ).order_by("-starts_on", "id")


def summary(mission: Mission, days: int = 28, today: dt.date | None = None) -> dict:
    """The last `days` days: days recorded, share meeting the goal, flagged days, points given."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    recorded = MissionDay.objects.filter(mission=mission, date__range=(since, today))
    counts = recorded.aggregate(
        n=Count("id"),
        met=Count("id", filter=Q(met=True)),
        flagged=Count("id", filter=Q(flagged=True)),
        people=Count("citizen", distinct=True),
    )
    points = (
        PointsEntry.objects.filter(mission=mission, on__range=(since, today)).aggregate(
            total=Sum("points")
        )["total"]
        or 0
    )
    return {
        "since": since,
        "days": counts["n"],
        "people": counts["people"],
        "met_share": round(100 * counts["met"] / counts["n"], 1) if counts["n"] else None,
        "flagged": counts["flagged"],
        "points": points,
        "taking_part": Participation.objects.filter(mission=mission, left_on__isnull=True).count(),
    }
