"""Points follow the steps: after an import writes or corrects days of steps, the citizens'
points are worked out again at once (so the portal shows them the same day)."""

from __future__ import annotations

from healthycity.citizens.models import Citizen
from healthycity.missions.models import Participation


def award_after_import(sender, *, citizen_ids, batch=None, **kwargs) -> None:
    from healthycity.missions.domain.points import award

    taking_part = Participation.objects.filter(citizen_id__in=citizen_ids).values("citizen_id")
    for citizen in Citizen.objects.filter(pk__in=taking_part):
        award(citizen=citizen)
