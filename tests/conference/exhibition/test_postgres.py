"""Reliability on PostgreSQL: a result slip claimed from ten phones at once is kept once; one
scan sent by ten retries at once is one visit; withdrawing while a lead list is read."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent
from healthycity.conference.exhibition.domain import leads, stations
from healthycity.conference.exhibition.domain.errors import ClaimError
from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import BoothMeasurement, BoothVisit
from healthycity.health.models import Measurement
from tests.conference.exhibition.world import build_expo

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_expo(transactional_db, cast):
    from importlib import import_module

    from django.apps import apps

    from healthycity.places.models import District

    if not District.objects.exists():
        import_module("healthycity.places.migrations.0002_seoul_districts").load(apps, None)
    return build_expo(cast)


def race(n: int, work) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_a_slip_claimed_from_ten_phones_at_once_is_kept_once(pg_expo, cast):
    grant_consent(citizen=cast.citizen, purpose="care")
    result = stations.read_form(
        taken_at=timezone.now() - dt.timedelta(minutes=2), values={"weight_kg": 71.0}
    )
    done = stations.record_measurement(
        booth=pg_expo.inbody_booth, by=pg_expo.inbody_staff, result=result, source="form"
    )
    outcomes = race(10, lambda i: stations.claim(secret=done.secret, user=cast.citizen_user))
    claimed = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(claimed) == 1, outcomes
    assert all(isinstance(o, ClaimError) for o in refused), refused
    assert Measurement.objects.filter(citizen=cast.citizen).count() == 1
    assert BoothMeasurement.objects.get().status == MeasurementStatus.CLAIMED


@pytest.mark.django_db(transaction=True)
def test_one_scan_retried_ten_times_at_once_is_one_visit(pg_expo):
    outcomes = race(
        10,
        lambda i: leads.record_visit(
            exhibitor=pg_expo.inbody,
            payload=pg_expo.citizen_ticket.secret,
            by=pg_expo.inbody_staff,
            nonce="retry-1",
        ),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert BoothVisit.objects.count() == 1
    assert len({o.visit.pk for o in outcomes}) == 1
    assert sum(1 for o in outcomes if not o.replayed) == 1
