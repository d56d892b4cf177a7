"""Reliability on PostgreSQL: concurrent hand-overs, the append-only trigger, tamper detection."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import InternalError, ProgrammingError

from healthycity.aid.domain import stock
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.errors import StockRefused
from healthycity.aid.domain.ledger import verify_ledger
from healthycity.aid.models import HandOver, LedgerHead, StockBalance
from tests.aid.helpers import ready_cycle

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _ledger_head(db):
    LedgerHead.objects.get_or_create(pk=1)


@pytest.fixture
def _districts(transactional_db):
    """Transactional tests flush the database after each test, migration data included; load
    Seoul's districts again if an earlier transactional test removed them."""
    from importlib import import_module

    from django.apps import apps

    from healthycity.places.models import District

    if not District.objects.exists():
        import_module("healthycity.places.migrations.0002_seoul_districts").load(apps, None)


@pytest.mark.django_db(transaction=True)
def test_twenty_workers_race_for_the_last_ten_units(_districts, cast):
    from tests.aid.conftest import build_aid

    aid = build_aid(cast)
    people = ready_cycle(aid, cast, people=20)
    # The centre holds exactly 10 units (the fixture moved 10 there): the last ten.
    before = HandOver.objects.count()
    results: list[object] = [None] * 20
    barrier = threading.Barrier(20)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            entry, created = hand_over(
                cycle=aid.cycle,
                enrolment=people[i],
                lot=aid.lot,
                quantity=1,
                by=cast.worker_a,
                idempotency_key=str(uuid.uuid4()),
            )
            results[i] = "ok" if created else "dup"
        except Exception as exc:  # noqa: BLE001 — recorded and asserted below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r == "ok"]
    refused = [r for r in results if r != "ok"]
    assert len(ok) == 10, results
    assert all(isinstance(r, StockRefused) and r.field == "quantity" for r in refused), refused
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 0
    assert HandOver.objects.count() - before == 10
    assert verify_ledger().ok


def test_trigger_refuses_update_and_delete_of_the_ledger(aid, cast):
    people = ready_cycle(aid, cast, people=1)
    hand_over(
        cycle=aid.cycle,
        enrolment=people[0],
        lot=aid.lot,
        quantity=1,
        by=cast.worker_a,
        idempotency_key="k",
    )
    for sql in ("UPDATE aid_handover SET quantity = 2", "DELETE FROM aid_handover"):
        with pytest.raises((InternalError, ProgrammingError)), connection.cursor() as cursor:
            from django.db import transaction

            with transaction.atomic():
                cursor.execute(sql)


def test_altered_row_is_found_by_verify_ledger(aid, cast):
    people = ready_cycle(aid, cast, people=3)
    for i, person in enumerate(people):
        hand_over(
            cycle=aid.cycle,
            enrolment=person,
            lot=aid.lot,
            quantity=1,
            by=cast.worker_a,
            idempotency_key=f"k{i}",
        )
    with connection.cursor() as cursor:
        # As a superuser would: replica mode skips the append-only trigger for this session.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE aid_handover SET quantity = 4 WHERE seq = 2")
        cursor.execute("SET session_replication_role = DEFAULT")
    assert verify_ledger().broken_seq == 2
    with pytest.raises(CommandError, match="entry 2"):
        call_command("aid", "verify-ledger")


def test_resubmitted_hand_over_is_not_repeated(aid, cast):
    people = ready_cycle(aid, cast, people=1)
    kwargs = {
        "cycle": aid.cycle,
        "enrolment": people[0],
        "lot": aid.lot,
        "quantity": 1,
        "by": cast.worker_a,
        "idempotency_key": "retry-1",
    }
    first, created = hand_over(**kwargs)
    second, created_again = hand_over(**kwargs)
    assert created and not created_again and first.pk == second.pk
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 9
    assert stock.check_stock() == []
