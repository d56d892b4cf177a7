"""Fixtures of the health tests: consent for the cast's citizens, a measurement maker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent
from healthycity.health.enums import SourceKind
from healthycity.health.models import Measurement


@pytest.fixture
def consented(cast):
    """The cast with an active care consent for both citizens."""
    for c in (cast.citizen, cast.other_citizen):
        grant_consent(citizen=c, purpose="care", by=None)
    return cast


def make_measurement(citizen, days_ago: int = 0, **values) -> Measurement:
    return Measurement.objects.create(
        citizen=citizen,
        taken_at=timezone.now() - dt.timedelta(days=days_ago),
        source=SourceKind.FORM,
        **values,
    )
