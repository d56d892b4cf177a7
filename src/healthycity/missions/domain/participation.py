"""Taking part in a mission: joining and leaving."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Consent
from healthycity.missions.errors import MissionError
from healthycity.missions.models import Mission, Participation


def open_missions(today: dt.date | None = None):
    """Missions a citizen can join today (started or starting, not ended, with rules)."""
    today = today or timezone.localdate()
    return (
        Mission.objects.filter(terms__isnull=False)
        .exclude(ends_on__lt=today)
        .distinct()
        .order_by("starts_on", "id")
    )


def join(*, mission: Mission, citizen, on: dt.date | None = None) -> Participation:
    """`citizen` takes part in `mission` from `on` (today). Needs an active care consent: the
    mission reads the citizen's steps. Side effects: a Participation; points for days already
    recorded from `on` are awarded at once."""
    from healthycity.missions.domain.points import award

    on = on or timezone.localdate()
    if mission.ends_on is not None and on > mission.ends_on:
        raise MissionError(gettext_noop("This mission has ended."))
    if not Consent.objects.active().filter(citizen=citizen, purpose=ConsentPurpose.CARE).exists():
        raise MissionError(
            gettext_noop(
                "Missions read your steps: give your consent to health care records (care) first."
            )
        )
    with transaction.atomic():
        if Participation.objects.filter(
            mission=mission, citizen=citizen, left_on__isnull=True
        ).exists():
            raise MissionError(gettext_noop("You already take part in this mission."))
        joined = Participation.objects.create(
            mission=mission, citizen=citizen, joined_on=max(on, mission.starts_on)
        )
        award(citizen=citizen)
    return joined


def leave(*, mission: Mission, citizen, on: dt.date | None = None) -> Participation:
    """`citizen` stops taking part from the day after `on` (today). Points already earned stay."""
    on = on or timezone.localdate()
    with transaction.atomic():
        current = (
            Participation.objects.select_for_update()
            .filter(mission=mission, citizen=citizen, left_on__isnull=True)
            .first()
        )
        if current is None:
            raise MissionError(gettext_noop("You do not take part in this mission."))
        current.left_on = max(on, current.joined_on)
        current.save(update_fields=["left_on", "updated_at"])
    return current
