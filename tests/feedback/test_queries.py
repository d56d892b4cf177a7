"""N+1 guards: list pages make the same number of queries for 1 item and for 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthycity.feedback.domain.reviews import change_status, reply_to_review, submit_review
from tests.factories import CitizenFactory
from tests.feedback.factories import ProductFactory


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_reviews(cast, product, n, *, mine=False):
    for _ in range(n):
        citizen = cast.citizen if mine else CitizenFactory()
        review = submit_review(citizen=citizen, product=product, rating=4, text="좋아요")
        reply_to_review(review=review, by=cast.partner, text="감사합니다")
        change_status(review=review, to="done", by=cast.partner, note="반영했습니다")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("partner", "/feedback/inbox/"),
        ("citizen_user", "/feedback/mine/"),
        (None, "product"),
    ],
)
def test_review_lists_have_no_n_plus_one(cast, product, client_for, who, url):
    client = client_for(getattr(cast, who) if who else None)
    url = f"/partners/products/{product.external_id}/" if url == "product" else url
    add_reviews(cast, product, 1, mine=True)
    client.get(url)  # staff: the first request of a session notes the time for the idle time-out
    one = queries(client, url)
    add_reviews(cast, product, 2, mine=True)
    assert queries(client, url) == one


def test_catalogue_has_no_n_plus_one(cast, client_for):
    client = client_for(None)
    ProductFactory(partner=cast.partner_org)
    one = queries(client, "/partners/")
    ProductFactory(partner=cast.partner_org)
    ProductFactory()
    assert queries(client, "/partners/") == one
