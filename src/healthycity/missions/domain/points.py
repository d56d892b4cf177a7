"""Points: what a participant's days earn under the mission's rules, and the append-only
ledger brought in line with it (docs/missions.md, "How points are worked out").

For each mission a citizen takes part in, every day of their participation that has steps is
worked out afresh from the steps as they are now: the day's count (the largest unflagged count of
the day), the goal for their age under the rules of that day, met or not. A met day earns the
day's points; an ISO week (Monday to Sunday) earns the weekly bonus on the day its N-th goal day
is reached; points above the half-year cap (January–June, July–December) are not given. The
ledger is then compared, per (mission, kind, day), with what is due, and only the difference is
appended: a re-run adds nothing, a corrected or newly flagged day appends a correction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from healthycity.health.queries import steps_by_day
from healthycity.missions.domain.rules import age_on, rules_of
from healthycity.missions.enums import EntryKind, EntryReason
from healthycity.missions.models import MissionDay, Participation, PointsEntry


@dataclass
class Due:
    kind: str
    on: dt.date  # the day, or the Monday of the week
    at: dt.date  # when it was earned (a week: the day its goal was reached)
    points: int
    terms: object
    steps: int | None = None
    goal: int | None = None
    capped: bool = False


def half_year(day: dt.date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def award(*, citizen, today: dt.date | None = None) -> list[PointsEntry]:
    """Bring `citizen`'s mission days and points ledger in line with their steps, for every
    mission they take or took part in. Returns the ledger lines appended. Side effects:
    MissionDay rows written or updated, PointsEntry rows appended (never changed)."""
    today = today or timezone.localdate()
    spells = defaultdict(list)
    for p in Participation.objects.filter(citizen=citizen).select_related("mission"):
        spells[p.mission].append(p)
    added: list[PointsEntry] = []
    with transaction.atomic():
        for mission, parts in spells.items():
            added += _award_mission(citizen, mission, parts, today)
    return added


def _award_mission(citizen, mission, parts, today) -> list[PointsEntry]:
    rules = rules_of(mission)
    if not rules.starts:
        return []
    first = max(mission.starts_on, rules.starts[0], min(p.joined_on for p in parts))
    last = min(today, mission.ends_on or today)
    if first > last:
        return _sync_ledger(mission, citizen, [])
    values = steps_by_day(citizen, first, last)
    days: dict[dt.date, MissionDay] = {}
    dues: list[Due] = []
    weeks: dict[dt.date, list[dt.date]] = defaultdict(list)
    for date in sorted(values):
        if not any(p.covers(date) for p in parts):
            continue
        terms = rules.on(date)
        if terms is None:
            continue
        value = values[date]
        goal = rules.goal(terms, age_on(citizen, date))
        met = not value.flagged and value.steps >= goal
        days[date] = MissionDay(
            mission=mission, citizen=citizen, date=date, steps=value.steps, goal=goal, met=met,
            flagged=value.flagged,
        )  # fmt: skip
        if met:
            dues.append(
                Due(EntryKind.DAY, date, date, terms.points_per_day, terms, value.steps, goal)
            )
            monday = date - dt.timedelta(days=date.weekday())
            weeks[monday].append(date)
    for monday, met_days in weeks.items():
        terms = rules.on(met_days[0])
        needed = terms.week_goal_days if terms else 0
        if needed and len(met_days) >= needed:
            reached = met_days[needed - 1]
            terms = rules.on(reached)
            dues.append(Due(EntryKind.WEEK, monday, reached, terms.points_per_week, terms))
    _apply_cap(dues)
    _sync_days(mission, citizen, first, last, days)
    return _sync_ledger(mission, citizen, dues)


def _apply_cap(dues: list[Due]) -> None:
    """In the order points were earned (a day before the week it completes), each half-year's
    points stop at the cap of the rules in effect when they were earned."""
    spent: dict[tuple[int, int], int] = defaultdict(int)
    for due in sorted(dues, key=lambda d: (d.at, d.kind == EntryKind.WEEK)):
        cap = due.terms.half_year_cap
        key = half_year(due.at)
        if cap:
            allowed = max(0, min(due.points, cap - spent[key]))
            due.capped = allowed < due.points
            due.points = allowed
        spent[key] += due.points


def _sync_days(mission, citizen, first, last, days: dict) -> None:
    existing = {
        d.date: d
        for d in MissionDay.objects.filter(
            mission=mission, citizen=citizen, date__range=(first, last)
        )
    }
    stale = [d.pk for date, d in existing.items() if date not in days]
    if stale:
        MissionDay.objects.filter(pk__in=stale).delete()
    new, changed = [], []
    for date, day in days.items():
        old = existing.get(date)
        if old is None:
            new.append(day)
        elif (old.steps, old.goal, old.met, old.flagged) != (
            day.steps,
            day.goal,
            day.met,
            day.flagged,
        ):
            old.steps, old.goal, old.met, old.flagged = day.steps, day.goal, day.met, day.flagged
            changed.append(old)
    MissionDay.objects.bulk_create(new, batch_size=1000)
    MissionDay.objects.bulk_update(changed, ["steps", "goal", "met", "flagged"], batch_size=1000)


def _sync_ledger(mission, citizen, dues: list[Due]) -> list[PointsEntry]:
    current = {
        (row["kind"], row["on"]): row["total"]
        for row in PointsEntry.objects.filter(mission=mission, citizen=citizen)
        .values("kind", "on")
        .annotate(total=Sum("points"))
    }
    wanted = {(d.kind, d.on): d for d in dues}
    lines = []

    def earned(key):  # lines in the order the points were earned (a week after its N-th day)
        due = wanted.get(key)
        return (due.at if due else key[1], key[0] == EntryKind.WEEK, key[1])

    for key in sorted(set(current) | set(wanted), key=earned):
        have = current.get(key, 0)
        due = wanted.get(key)
        points = due.points if due else 0
        if points == have:
            continue
        if due is None:
            terms = _last_terms(mission, citizen, key)
            reason, steps, goal = EntryReason.CORRECTION, None, None
        else:
            terms, steps, goal = due.terms, due.steps, due.goal
            if have == 0 and not due.capped:
                reason = EntryReason.AWARD
            elif due.capped:
                reason = EntryReason.CAP
            else:
                reason = EntryReason.CORRECTION
        lines.append(
            PointsEntry(
                citizen=citizen, mission=mission, terms=terms, kind=key[0], on=key[1],
                points=points - have, steps=steps, goal=goal, reason=reason,
            )
        )  # fmt: skip
    PointsEntry.objects.bulk_create(lines)
    return lines


def _last_terms(mission, citizen, key):
    entry = (
        PointsEntry.objects.filter(mission=mission, citizen=citizen, kind=key[0], on=key[1])
        .order_by("-id")
        .select_related("terms")
        .first()
    )
    return entry.terms


def balance(citizen, mission=None) -> int:
    entries = PointsEntry.objects.filter(citizen=citizen)
    if mission is not None:
        entries = entries.filter(mission=mission)
    return entries.aggregate(total=Sum("points"))["total"] or 0
