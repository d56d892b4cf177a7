from __future__ import annotations

from datetime import timedelta

import pytest

from healthycity.aid.domain import programmes, stock
from tests.aid import factories as f


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests match English messages; pages negotiate their own language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def aid(cast):
    return build_aid(cast)


def build_aid(cast):
    """A programme at centres A and B with one product (1 unit per person per cycle) sponsored
    by the cast's partner; 30 units received at the warehouse, 10 moved to centre A."""
    prod = f.product(cast.partner_org, slug="protein-drink")
    prog = f.programme([cast.centre_a, cast.centre_b], [(prod, 1)])
    prog.sponsors.set([cast.partner_org])
    lot = f.stocked_lot(cast.partner_org, prod, 30, by=cast.official)
    loc_a = stock.centre_location(cast.centre_a)
    stock.transfer(
        lot=lot, source=stock.warehouse(), destination=loc_a, quantity=10, by=cast.official
    )
    cycle = programmes.open_cycle(
        programme=prog, starts_on=prog.starts_on, ends_on=prog.starts_on + timedelta(days=60)
    )
    return type(
        "Aid", (), {"product": prod, "programme": prog, "lot": lot, "loc_a": loc_a, "cycle": cycle}
    )
