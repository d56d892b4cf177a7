"""Reliability on PostgreSQL, as the issue lists it: concurrent scans of one ticket, an offline
batch uploaded twice, 50 registrations racing for the last 10 places, 20 cancellations at once."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.db import connections
from django.utils import timezone

from healthycity.conference.domain import checkin, registration
from healthycity.conference.enums import HOLDING_STATUSES, RegistrationStatus, ScanStatus
from healthycity.conference.models import Checkin, Device, Registration, Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n: int, work) -> list:
    """Run work(i) in n threads released at the same instant; results (or exceptions) by i."""
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — asserted by the caller
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _tickets(afhc, n: int) -> list[Ticket]:
    regs = Registration.objects.bulk_create(
        [
            Registration(event=afhc.event, category=afhc.citizen, status="confirmed", name=f"p{i}")
            for i in range(n)
        ]
    )
    return Ticket.objects.bulk_create([Ticket(registration=r) for r in regs])


def test_two_devices_scan_the_same_ticket_at_once_fifty_times(afhc_tx):
    afhc = afhc_tx
    other = Device.objects.create(event=afhc.event, gate=afhc.gate, name="phone 2")
    devices = [afhc.device, other]
    for ticket in _tickets(afhc, 50):
        answers = _race(
            2,
            lambda i, t=ticket: (
                checkin.scan(
                    payload=t.qr_payload,
                    checkin_list=afhc.day1,
                    device=devices[i],
                    nonce=uuid.uuid4().hex,
                    scanned_at=timezone.now(),
                ).status
            ),
        )
        assert sorted(answers) == ["already", "ok"], answers
    rows = Checkin.objects.filter(checkin_list=afhc.day1)
    assert rows.filter(status=ScanStatus.OK).count() == 50 and rows.count() == 100
    assert all(c.first_id is not None for c in rows.filter(status=ScanStatus.ALREADY))


def test_offline_batch_of_500_uploaded_twice_records_500_once(afhc_tx, api_for, cast):
    afhc = afhc_tx
    scans = [
        {
            "qr_payload": t.qr_payload,
            "list": afhc.day1.pk,
            "device": str(afhc.device.external_id),
            "nonce": uuid.uuid4().hex,
            "scanned_at": timezone.now().isoformat(),
        }
        for t in _tickets(afhc, 500)
    ]

    def upload(_i):
        response = api_for(cast.official).post(
            "/api/v1/conference/checkins/batch/", {"scans": scans}, format="json"
        )
        assert response.status_code == 200, response.content[:300]
        return Counter(r["status"] for r in response.json()["results"])

    # The retry arrives while the first upload is still being recorded.
    first, second = _race(2, upload)
    assert first == second == Counter({"ok": 500})
    assert (
        Checkin.objects.count() == 500
        and Checkin.objects.filter(status="ok", offline=True).count() == 500
    )
    assert upload(2) == Counter({"ok": 500}) and Checkin.objects.count() == 500


def test_fifty_registrations_for_the_last_ten_places(afhc_tx):
    afhc = afhc_tx
    afhc.citizen.capacity = 100
    afhc.citizen.save()
    Registration.objects.bulk_create(
        [
            Registration(
                event=afhc.event, category=afhc.citizen, status="confirmed", name=f"early {i}"
            )
            for i in range(90)
        ]
    )
    results = _race(
        50,
        lambda i: (
            registration.register(
                event=afhc.event,
                category=afhc.citizen,
                name=f"late {i}",
                email=f"late{i}@example.org",
                consent=True,
            ).status
        ),
    )
    assert Counter(results) == Counter(
        {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITING: 40}
    ), results
    held = Registration.objects.filter(category=afhc.citizen, status__in=HOLDING_STATUSES).count()
    assert held == 100
    waiting = Registration.objects.filter(category=afhc.citizen, status="waiting")
    positions = sorted(registration.waiting_position(r) for r in waiting)
    assert positions == list(range(1, 41))
    assert (
        Ticket.objects.filter(registration__category=afhc.citizen).count() == 10
    )  # the early ones had none


def test_twenty_cancellations_hand_each_place_to_exactly_one_waiting_person(afhc_tx):
    afhc = afhc_tx
    afhc.citizen.capacity = 20
    afhc.citizen.save()
    confirmed = [
        registration.register(event=afhc.event, category=afhc.citizen, name=f"in {i}", consent=True)
        for i in range(20)
    ]
    waiting = [
        registration.register(
            event=afhc.event, category=afhc.citizen, name=f"wait {i}", consent=True
        )
        for i in range(30)
    ]
    assert {r.status for r in waiting} == {"waiting"}
    results = _race(20, lambda i: registration.cancel(registration=confirmed[i]).status)
    assert set(results) == {"cancelled"}, results
    statuses = Counter(
        Registration.objects.filter(pk__in=[r.pk for r in waiting]).values_list("status", flat=True)
    )
    assert statuses == Counter({"offered": 20, "waiting": 10})
    offered = Registration.objects.filter(status="offered").order_by("waiting_since", "id")
    assert list(offered) == sorted(waiting, key=lambda r: (r.waiting_since, r.id))[:20]  # in turn
    assert (
        Registration.objects.filter(category=afhc.citizen, status__in=HOLDING_STATUSES).count()
        == 20
    )
