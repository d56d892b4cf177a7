"""The rules of a mission on a given day: which version applies, and the goal for an age."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence

from django.utils.translation import gettext_noop

from healthycity.missions.errors import MissionError
from healthycity.missions.models import MissionGoal, MissionTerms


class Rules:
    """A mission's rule versions (oldest first, with their age rules prefetched)."""

    def __init__(self, versions: Sequence[MissionTerms]):
        self.versions = list(versions)
        self.starts = [v.effective_from for v in self.versions]

    def on(self, day: dt.date) -> MissionTerms | None:
        """The version in effect on `day` (None before the first one)."""
        i = bisect_right(self.starts, day)
        return self.versions[i - 1] if i else None

    @staticmethod
    def goal(terms: MissionTerms, age: int) -> int:
        for goal in terms.goals.all():
            if goal.covers(age):
                return goal.daily_steps
        raise MissionError(
            gettext_noop("The mission's rules have no goal for age %(age)s."), age=age
        )


def rules_of(mission) -> Rules:
    return Rules(mission.terms.order_by("effective_from").prefetch_related("goals"))


def age_on(citizen, day: dt.date) -> int:
    """Age in whole years as the programme counts it: the year of the day minus the birth year."""
    return day.year - citizen.birth_year


def check_goals(goals: Sequence[tuple[int, int | None, int]]) -> None:
    """Age rules (from_age, to_age or None, daily_steps) must cover every age from 0 on, without
    gaps or overlaps, and end open (no upper bound)."""
    ordered = sorted(goals, key=lambda g: g[0])
    if not ordered:
        raise MissionError(gettext_noop("Give at least one age rule (from age 0)."))
    expected = 0
    for i, (lo, hi, steps) in enumerate(ordered):
        if lo != expected:
            raise MissionError(
                gettext_noop(
                    "The age rules must follow on from each other: one must start at age %(age)s."
                ),
                age=expected,
            )
        if not 1 <= steps <= 100_000:
            raise MissionError(gettext_noop("A daily goal must be 1 to 100 000 steps."))
        last = i == len(ordered) - 1
        if hi is None and not last:
            raise MissionError(gettext_noop("Only the last age rule may be open-ended."))
        if hi is not None and hi <= lo:
            raise MissionError(
                gettext_noop("An age rule must end after it starts (from %(lo)s to below %(hi)s)."),
                lo=lo,
                hi=hi,
            )
        if last and hi is not None:
            raise MissionError(gettext_noop("The last age rule must be open-ended (no upper age)."))
        expected = hi if hi is not None else expected


def set_goals(terms: MissionTerms, goals: Sequence[tuple[int, int | None, int]]) -> None:
    check_goals(goals)
    MissionGoal.objects.bulk_create(
        MissionGoal(terms=terms, from_age=lo, to_age=hi, daily_steps=steps)
        for lo, hi, steps in goals
    )
