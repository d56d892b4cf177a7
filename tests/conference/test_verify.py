"""`healthycity verify` checks of the conference: clean data passes, broken data is named."""

from __future__ import annotations

import pytest

from healthycity.conference import verify
from healthycity.conference.domain import registration as reg
from healthycity.conference.models import Registration

pytestmark = pytest.mark.django_db


def test_clean_conference_passes(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    reg.register(event=afhc.event, category=afhc.citizen, name="a", consent=True)
    reg.register(event=afhc.event, category=afhc.citizen, name="b", consent=True)  # waits
    assert verify.capacity().problems == [] and verify.tickets().problems == []


def test_overbooked_category_and_missing_ticket_are_named(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    Registration.objects.bulk_create(
        [
            Registration(event=afhc.event, category=afhc.citizen, status="confirmed", name=f"p{i}")
            for i in range(2)
        ]
    )
    assert "citizen" in verify.capacity().problems[0]
    assert verify.tickets().problems  # bulk-created rows skipped the domain: no tickets
