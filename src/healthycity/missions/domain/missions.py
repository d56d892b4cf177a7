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
    *, mission: Mission, by, goals: Sequence[tuple[int, int | None, int]], effective_from, **terms
) -> MissionTerms:
    """New rules from `effective_from` (the earlier ones stay for the days before, and for the
    evaluation of the change). Points of days from that date on are worked out again for every
    participant. Side effects: MissionTerms and MissionGoal rows; ledger lines (corrections)."""
    from healthycity.missions.domain.points import award

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
        for participation in mission.participations.select_related("citizen").distinct():
            award(citizen=participation.citizen)
    return version
