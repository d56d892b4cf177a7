"""Officials define missions and change their rules."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_noop

from healthycity.missions.domain.rules import set_goals
from healthycity.missions.errors import MissionError
from healthycity.missions.models import Mission, MissionTerms


def create_mission(
    *, by, goals: Sequence[tuple[int, int | None, int]], terms: dict, **fields
) -> Mission:
    """A mission with its first rules (effective from its start). Side effects: Mission,
    MissionTerms and MissionGoal rows."""
    with transaction.atomic():
        mission = Mission.objects.create(created_by=by, **fields)
        terms = {**terms, "effective_from": mission.starts_on}
        change_rules(mission=mission, by=by, goals=goals, **terms)
    return mission


def change_rules(
    *,
    mission: Mission,
    by,
    goals: Sequence[tuple[int, int | None, int]],
    effective_from,
    award_now: bool = True,
    **terms,
) -> MissionTerms:
    """New rules from `effective_from` (the earlier ones stay for the days before, and for the
    evaluation of the change). With `award_now`, the points of every participant are worked out
    again at once (`award_participants`); a page passes False and runs that as a background job.
    Side effects: MissionTerms and MissionGoal rows; ledger lines (corrections)."""
    if effective_from < mission.starts_on:
        raise MissionError(gettext_noop("New rules cannot start before the mission does."))
    if mission.terms.filter(effective_from=effective_from).exists():
        raise MissionError(
            gettext_noop("Rules starting on this day exist already; pick another day.")
        )
    with transaction.atomic():
        version = MissionTerms.objects.create(
            mission=mission, created_by=by, effective_from=effective_from, **terms
        )
        set_goals(version, goals)
        if award_now:
            award_participants(mission=mission)
    return version


def award_participants(*, mission: Mission, progress=None) -> int:
    """Work out again the points of everyone who takes or took part in `mission`; returns the
    ledger lines appended. `progress(done, total)` is called as it goes."""
    from healthycity.citizens.models import Citizen
    from healthycity.missions.domain.points import award

    people = Citizen.objects.filter(pk__in=mission.participations.values("citizen_id")).order_by(
        "pk"
    )
    total, lines = people.count(), 0
    for done, citizen in enumerate(people.iterator(chunk_size=2000), start=1):
        lines += len(award(citizen=citizen))
        if progress is not None and (done % 100 == 0 or done == total):
            progress(done, total)
    return lines
