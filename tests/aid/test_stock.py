"""Donations and stock: bad input refused, nothing half-done, stock = sum of movements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from healthycity.aid.domain import stock
from healthycity.aid.domain.errors import StockRefused
from healthycity.aid.enums import LotStatus
from healthycity.aid.models import StockBalance, StockMovement
from tests.aid import factories as f


@pytest.mark.parametrize("quantity", [-3, 0, 2.5, "abc", "1.5", None, True])
def test_bad_quantities_are_refused(cast, quantity):
    prod = f.product(cast.partner_org)
    with pytest.raises(StockRefused) as caught:
        stock.register_lot(
            partner=cast.partner_org,
            product=prod,
            quantity=quantity,
            lot_number="L1",
            expires_on=date.today() + timedelta(days=30),
        )
    assert caught.value.field == "quantity"


def test_expired_lot_cannot_be_donated(cast):
    prod = f.product(cast.partner_org)
    with pytest.raises(StockRefused, match="expired"):
        stock.register_lot(
            partner=cast.partner_org,
            product=prod,
            quantity=5,
            lot_number="OLD",
            expires_on=date.today() - timedelta(days=1),
        )


def test_partner_cannot_donate_another_companys_product(cast):
    other = f.partner_org()
    prod = f.product(other)
    with pytest.raises(StockRefused, match="another company"):
        stock.register_lot(
            partner=cast.partner_org,
            product=prod,
            quantity=5,
            lot_number="X",
            expires_on=date.today() + timedelta(days=9),
        )


def test_receive_then_transfer_keeps_stock_equal_to_movements(aid, cast):
    assert stock.check_stock() == []
    wh = stock.warehouse()
    assert StockBalance.objects.get(lot=aid.lot, location=wh).quantity == 20
    assert aid.lot.status == LotStatus.REGISTERED or aid.lot.received_quantity in (0, 30)


def test_transfer_from_empty_stock_is_refused_and_nothing_changes(aid, cast):
    loc_b = stock.centre_location(cast.centre_b)
    before = StockMovement.objects.count()
    with pytest.raises(StockRefused, match="Only 0 units|0개"):
        stock.transfer(
            lot=aid.lot, source=loc_b, destination=aid.loc_a, quantity=1, by=cast.official
        )
    assert StockMovement.objects.count() == before
    assert stock.check_stock() == []


def test_transfer_of_more_than_is_left_is_refused(aid, cast):
    loc_b = stock.centre_location(cast.centre_b)
    with pytest.raises(StockRefused):
        stock.transfer(lot=aid.lot, source=aid.loc_a, destination=loc_b, quantity=11, by=None)
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 10


def test_expired_stock_is_blocked(aid, cast):
    from healthycity.aid.models import DonationLot

    DonationLot.objects.filter(pk=aid.lot.pk).update(expires_on=date.today() - timedelta(days=1))
    aid.lot.refresh_from_db()
    with pytest.raises(StockRefused, match="expired"):
        stock.transfer(
            lot=aid.lot,
            source=stock.warehouse(),
            destination=aid.loc_a,
            quantity=1,
            by=cast.official,
        )
    stock.write_off(lot=aid.lot, location=aid.loc_a, quantity=10, by=cast.official)
    assert StockBalance.objects.get(lot=aid.lot, location=aid.loc_a).quantity == 0
    assert stock.check_stock() == []


def test_a_lot_is_received_once(aid, cast):
    with pytest.raises(StockRefused, match="already"):
        stock.receive_lot(lot=aid.lot, by=cast.official)


def test_movements_are_append_only(aid):
    from healthycity.core.models import AppendOnlyError

    movement = StockMovement.objects.first()
    movement.quantity = 99
    with pytest.raises(AppendOnlyError):
        movement.save()
    with pytest.raises(AppendOnlyError):
        StockMovement.objects.all().delete()


def test_check_stock_finds_a_tampered_balance(aid):
    StockBalance.objects.filter(location=aid.loc_a).update(quantity=7)
    mismatches = stock.check_stock()
    assert len(mismatches) == 1 and mismatches[0].balance == 7 and mismatches[0].movements == 10
