"""GET /api/v1/citizens/: a fixed number of queries, and a page read without joins."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CitizenFactory, WelfareCentreFactory, district

pytestmark = pytest.mark.django_db


def listed(api, url="/api/v1/citizens/"):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return response.json(), ctx.captured_queries


def test_citizen_list_has_no_n_plus_one(cast, api_for):
    api = api_for(cast.official)
    listed(api)  # the first request looks up the official's roles (then kept on the user)
    _, one = listed(api)
    for code in ("11140", "11170", "11200"):
        CitizenFactory(welfare_centre=WelfareCentreFactory(district=district(code)))
    body, three = listed(api)
    assert len(three) == len(one)
    assert {row["district"] for row in body["results"]} >= {"11140", "11170", "11200"}


def test_citizen_page_is_read_without_joins(cast, api_for):
    # An official's deep page (?page=1000 of 100 000) must not join the 50 000 rows it skips.
    for _ in range(3):
        CitizenFactory(welfare_centre=cast.citizen.welfare_centre)
    body, queries = listed(api_for(cast.official), "/api/v1/citizens/?page_size=2&page=2")
    page = [q["sql"] for q in queries if "LIMIT 2 OFFSET 2" in q["sql"]]
    assert len(page) == 1 and "JOIN" not in page[0]
    assert all(row["district"] and row["welfare_centre"] for row in body["results"])
