"""The afterwards demo: feedback only from people who attended, deterministic for a seed."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from healthycity.conference.afterwards import demo
from healthycity.conference.afterwards.domain import attendance
from healthycity.conference.afterwards.models import SessionFeedback
from healthycity.demo.context import DemoContext
from tests.conference.afterwards.conftest import check_in
from tests.conference.exhibition.factories import ticket_for

pytestmark = pytest.mark.django_db


def ctx(seed=7):
    return SimpleNamespace(
        rng_for=lambda name: np.random.default_rng([seed, len(name)]), uuid4=DemoContext.uuid4
    )


def test_feedback_comes_only_from_attendees_and_repeats_for_a_seed(after):
    for i in range(80):
        check_in(ticket_for(event=after.event, name=f"참가자 {i}"), after.day_lists[0])
    demo.populate(ctx())
    rows = list(SessionFeedback.objects.values_list("session_id", "registration_id", "rating"))
    assert rows, "some attendees rated"
    for session_id, registration_id, rating in rows:
        session = after.event.sessions.get(pk=session_id)
        registration = after.event.registrations.get(pk=registration_id)
        assert attendance.attended(registration, session) and 1 <= rating <= 5
    first = sorted(rows)
    SessionFeedback.objects.all().delete()
    demo.populate(ctx())
    assert (
        sorted(SessionFeedback.objects.values_list("session_id", "registration_id", "rating"))
        == first
    )
