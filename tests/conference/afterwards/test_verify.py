"""`healthycity verify` checks of the exhibition and afterwards: clean data passes; a booth
that no longer fits, a slip kept too long, a consent under another key, a rating from someone
who was not there are named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.conference.afterwards import verify as after_verify
from healthycity.conference.afterwards.models import SessionFeedback
from healthycity.conference.exhibition import verify
from healthycity.conference.exhibition.domain import leads, stations
from healthycity.conference.exhibition.models import Booth, BoothMeasurement, LeadConsent

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo(cast):
    from tests.conference.exhibition.world import build_expo

    return build_expo(cast)


def test_clean_exhibition_passes(expo):
    leads.share_contact(
        registration=expo.citizen_ticket.registration, exhibitor=expo.inbody, fields=["name"]
    )
    result = stations.read_form(
        taken_at=timezone.now() - dt.timedelta(minutes=1), values={"weight_kg": 60}
    )
    stations.record_measurement(
        booth=expo.inbody_booth, by=expo.inbody_staff, result=result, source="form"
    )
    assert verify.booths().problems == []
    assert verify.slips().problems == []
    assert verify.lead_keys().problems == []


def test_broken_exhibition_data_is_named(expo, settings):
    Booth.objects.filter(pk=expo.yuhan_booth.pk).update(x=64)  # through the east wall
    problems = verify.booths().problems
    assert any("A-02" in p for p in problems)
    result = stations.read_form(
        taken_at=timezone.now() - dt.timedelta(minutes=1), values={"weight_kg": 60}
    )
    done = stations.record_measurement(
        booth=expo.inbody_booth, by=expo.inbody_staff, result=result, source="form"
    )
    BoothMeasurement.objects.filter(pk=done.measurement.pk).update(
        claim_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert "expire-slips" in verify.slips().problems[0]
    stations.expire_slips()
    assert verify.slips().problems == []
    leads.share_contact(
        registration=expo.citizen_ticket.registration, exhibitor=expo.inbody, fields=["name"]
    )
    LeadConsent.objects.update(visitor_key="0" * 64)  # as if SECRET_KEY had changed
    assert "SECRET_KEY" in verify.lead_keys().problems[0]


def test_feedback_check(after):
    from healthycity.conference.afterwards.domain import feedback

    feedback.submit_feedback(
        registration=after.citizen_ticket.registration, session=after.keynote, rating=4
    )
    assert after_verify.feedback().problems == []
    SessionFeedback.objects.create(
        session=after.workshop, registration=after.other_ticket.registration, rating=5
    )  # written around the domain: the other citizen was not at the workshop's door
    assert "참석하지 않은" in after_verify.feedback().problems[0]
