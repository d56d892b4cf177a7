"""Role-scoped queries on health records. Built on `citizens_visible_to`: nothing here lists
records of people the user may not see.

Consent: staff (workers, officials) see records only of citizens with an active `care` consent
(issue 3: "no care consent: nothing is recorded or shown to staff"); a citizen always sees their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from healthycity.accounts import roles
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen
from healthycity.citizens.queries import citizens_visible_to, with_consent
from healthycity.health.models import DailySteps, Measurement


def record_subjects_visible_to(user) -> QuerySet[Citizen]:
    """Citizens whose health records `user` may see: their own (a citizen), otherwise the
    citizens in the user's scope who hold an active care consent."""
    visible = citizens_visible_to(user)
    if _is_staff(user):
        return with_consent(visible, ConsentPurpose.CARE)
    return visible  # a citizen: themself; partners and delegates: no one


def measurements_visible_to(user) -> QuerySet[Measurement]:
    """Sittings `user` may see, newest first."""
    return Measurement.objects.filter(
        citizen__in=record_subjects_visible_to(user).values("pk")
    ).order_by("-taken_at", "-id")


# The brief's name for the same thing: a sitting is a set of observations.
observations_visible_to = measurements_visible_to


def steps_visible_to(user) -> QuerySet[DailySteps]:
    return DailySteps.objects.filter(
        citizen__in=record_subjects_visible_to(user).values("pk")
    ).order_by("-date", "-id")


@dataclass(frozen=True)
class CitizenRecords:
    """A citizen's records, oldest first. `measurements` are sittings (see Measurement.values());
    `steps` are days."""

    citizen: Citizen
    measurements: list[Measurement]
    steps: list[DailySteps]

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    def latest_with(self, field: str) -> Measurement | None:
        """The newest sitting that has a value for `field` (e.g. "grip_kg")."""
        for m in reversed(self.measurements):
            if getattr(m, field) is not None:
                return m
        return None

    def series(self, field: str) -> list[tuple]:
        """[(taken_at, value)] for one field, oldest first, without empty sittings."""
        return [
            (m.taken_at, getattr(m, field))
            for m in self.measurements
            if getattr(m, field) is not None
        ]


def records_for(citizen: Citizen) -> CitizenRecords:
    """All records of one citizen, ordered by time (two queries). No scoping and no access log:
    callers decide who may see them (use the *_visible_to queries) and call `log_access`."""
    return CitizenRecords(
        citizen=citizen,
        measurements=list(Measurement.objects.filter(citizen=citizen).order_by("taken_at", "id")),
        steps=list(DailySteps.objects.filter(citizen=citizen).order_by("date", "id")),
    )


def records_fingerprint(citizens, *, steps_since=None) -> tuple:
    """A version of the health records of `citizens` (a queryset or a list): it changes when a
    sitting, or a day of steps from `steps_since` on, is added, changed or deleted. Two aggregate
    queries (core.cache.fingerprint); no scoping and no access log, like `records_for`."""
    from healthycity.core.cache import fingerprint

    steps = DailySteps.objects.filter(citizen__in=citizens)
    if steps_since is not None:
        steps = steps.filter(date__gte=steps_since)
    return (
        fingerprint(Measurement.objects.filter(citizen__in=citizens)),
        fingerprint(steps),
    )


@dataclass(frozen=True)
class DayOfSteps:
    """A citizen's steps on one day, over every device: the largest count among the day's
    unflagged rows (an Apple and a Fitbit export may both hold the day; they count the same
    walking, so the largest is taken, never the sum). A day whose rows are all flagged as
    implausible is `flagged`, with the largest flagged count."""

    date: object
    steps: int
    flagged: bool


def steps_by_day(citizen, start, end) -> dict:
    """date → DayOfSteps for `citizen` from `start` to `end` (inclusive). No scoping and no
    access log (a domain read, e.g. missions' points); pages use the *_visible_to queries."""
    out: dict = {}
    rows = DailySteps.objects.filter(citizen=citizen, date__gte=start, date__lte=end)
    for date, steps, flagged in rows.values_list("date", "steps", "flagged"):
        current = out.get(date)
        better = current is None or (current.flagged, -current.steps) > (flagged, -steps)
        if better:
            out[date] = DayOfSteps(date, steps, flagged)
    return out


def _is_staff(user) -> bool:
    from healthycity.accounts.enums import Role

    found = roles.roles_of(user)
    return bool(found & {Role.ADMIN, Role.OFFICIAL, Role.WORKER})
