"""Hand-overs and the hash-chained ledger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from healthycity.aid.domain import stock
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.errors import HandOverRefused, StockRefused
from healthycity.aid.domain.ledger import GENESIS, chain_hash, verify_ledger
from healthycity.aid.models import DonationLot, HandOver, StockBalance
from healthycity.core.models import AppendOnlyError
from tests.aid.helpers import ready_cycle


def _give(aid, cast, enrolment, key, quantity=1, by=None):
    return hand_over(
        cycle=aid.cycle,
        enrolment=enrolment,
        lot=aid.lot,
        quantity=quantity,
        by=by or cast.worker_a,
        idempotency_key=key,
    )


def test_hand_over_decrements_stock_and_chains_the_ledger(aid, cast):
    people = ready_cycle(aid, cast)
    first, created = _give(aid, cast, people[0], "k1")
    second, _ = _give(aid, cast, people[1], "k2")
    assert created and first.seq == 1 and second.seq == 2
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    assert second.hash == chain_hash(first.hash, second.payload)
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 8
    assert verify_ledger().ok and stock.check_stock() == []


def test_retried_request_does_not_hand_over_twice(aid, cast):
    people = ready_cycle(aid, cast)
    first, created = _give(aid, cast, people[0], "same-key")
    again, created_again = _give(aid, cast, people[0], "same-key")
    assert created and not created_again and again.pk == first.pk
    assert HandOver.objects.count() == 1
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 9


def test_more_than_entitled_is_refused(aid, cast):
    people = ready_cycle(aid, cast)
    with pytest.raises(HandOverRefused, match="per cycle"):
        _give(aid, cast, people[0], "k", quantity=2)


def test_more_than_is_left_is_refused_with_nothing_written(aid, cast):
    people = ready_cycle(aid, cast, people=2)
    StockBalance.objects.filter(location=aid.loc_a).update(quantity=0)
    with pytest.raises(StockRefused, match="Only 0 units|0개"):
        _give(aid, cast, people[0], "k")
    assert HandOver.objects.count() == 0


def test_other_centres_worker_is_refused(aid, cast):
    people = ready_cycle(aid, cast)
    with pytest.raises(HandOverRefused, match="another welfare centre"):
        _give(aid, cast, people[0], "k", by=cast.worker_b)


def test_expired_lot_is_never_handed_over(aid, cast):
    people = ready_cycle(aid, cast)
    DonationLot.objects.filter(pk=aid.lot.pk).update(expires_on=date.today() - timedelta(days=1))
    aid.lot.refresh_from_db()
    with pytest.raises(HandOverRefused, match="expired"):
        _give(aid, cast, people[0], "k")


def test_unapproved_cycle_is_refused(aid, cast):
    from healthycity.aid.domain.enrolment import enrol
    from tests.aid import factories as f

    enrolment = enrol(
        programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a), by=cast.worker_a
    )
    with pytest.raises(HandOverRefused, match="not been approved"):
        _give(aid, cast, enrolment, "k")


def test_ledger_rows_cannot_be_changed_through_the_orm(aid, cast):
    people = ready_cycle(aid, cast)
    entry, _ = _give(aid, cast, people[0], "k")
    entry.quantity = 5
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_verify_ledger_names_the_first_altered_entry(aid, cast):
    people = ready_cycle(aid, cast)
    for i, person in enumerate(people):
        _give(aid, cast, person, f"k{i}")
    call_command("aid", "verify-ledger")
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL variant is in test_postgres.py (trigger)")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE aid_handover SET quantity = 3 WHERE seq = 2")
    report = verify_ledger()
    assert report.broken_seq == 2
    with pytest.raises(CommandError, match="entry 2"):
        call_command("aid", "verify-ledger")
