"""What a citizen sees of their missions: today's and this week's progress, points, and the days
that earned nothing because they were flagged (with the reason)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from healthycity.missions.domain.points import half_year
from healthycity.missions.domain.rules import age_on, rules_of
from healthycity.missions.models import Mission, MissionDay, Participation, PointsEntry


@dataclass
class MissionProgress:
    mission: Mission
    participation: Participation
    goal_today: int | None
    steps_today: int | None
    today_met: bool
    week_met: int
    week_needed: int
    points_per_day: int
    points_per_week: int
    half_year_points: int
    half_year_cap: int
    total_points: int
    days: list[MissionDay] = field(
        default_factory=list
    )  # the last 14 days with steps, newest first

    @property
    def today_percent(self) -> int:
        if not self.goal_today or self.steps_today is None:
            return 0
        return min(100, round(100 * self.steps_today / self.goal_today))

    @property
    def cap_percent(self) -> int:
        if not self.half_year_cap:
            return 0
        return min(100, round(100 * self.half_year_points / self.half_year_cap))


def progress_of(citizen, today: dt.date | None = None) -> list[MissionProgress]:
    """One entry per mission the citizen takes part in now (a handful of queries per mission)."""
    today = today or timezone.localdate()
    out = []
    current = Participation.objects.filter(citizen=citizen, left_on__isnull=True).select_related(
        "mission"
    )
    for part in current.order_by("joined_on", "id"):
        mission = part.mission
        terms = rules_of(mission).on(today)
        goal = rules_of(mission).goal(terms, age_on(citizen, today)) if terms else None
        days = list(
            MissionDay.objects.filter(mission=mission, citizen=citizen).order_by("-date")[:14]
        )
        by_date = {d.date: d for d in days}
        monday = today - dt.timedelta(days=today.weekday())
        week_met = MissionDay.objects.filter(
            mission=mission, citizen=citizen, date__range=(monday, today), met=True
        ).count()
        year, half = half_year(today)
        start = dt.date(year, 1 if half == 1 else 7, 1)
        entries = PointsEntry.objects.filter(mission=mission, citizen=citizen)
        out.append(
            MissionProgress(
                mission=mission,
                participation=part,
                goal_today=goal,
                steps_today=by_date[today].steps if today in by_date else None,
                today_met=today in by_date and by_date[today].met,
                week_met=week_met,
                week_needed=terms.week_goal_days if terms else 0,
                points_per_day=terms.points_per_day if terms else 0,
                points_per_week=terms.points_per_week if terms else 0,
                half_year_points=_sum(entries.filter(on__gte=start, on__lte=today)),
                half_year_cap=terms.half_year_cap if terms else 0,
                total_points=_sum(entries),
                days=days,
            )
        )
    return out


def _sum(entries) -> int:
    return entries.aggregate(total=Sum("points"))["total"] or 0


def ledger_of(citizen, limit: int = 30) -> list[PointsEntry]:
    return list(
        PointsEntry.objects.filter(citizen=citizen)
        .select_related("mission")
        .order_by("-recorded_at", "-id")[:limit]
    )
