"""The aid REST API: role-scoped lists, writes through the domain, one error shape."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from healthycity.aid.models import HandOver
from tests.aid import factories as f
from tests.aid.helpers import ready_cycle

LISTS = [
    "/api/v1/aid/programmes/",
    "/api/v1/aid/enrolments/",
    "/api/v1/aid/lots/",
    "/api/v1/aid/handovers/",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_are_scoped(aid, cast, api_for, url):
    ready_cycle(aid, cast, people=1)
    counts = {}
    for who, user in cast.users().items():
        response = api_for(user).get(url)
        if user is None:
            assert response.status_code in (401, 403)
            continue
        assert response.status_code == 200, (who, url)
        counts[who] = response.json()["count"]
    if "enrolments" in url or "handovers" in url:
        assert counts["partner"] == 0 and counts["worker_b"] == 0 and counts["citizen"] == 0
        assert counts["official"] >= counts["worker_a"] >= (1 if "enrol" in url else 0)
    if "programmes" in url:
        assert counts["delegate"] == 0 and counts["partner"] == 1 and counts["worker_a"] == 1


def test_worker_enrols_through_the_api_and_errors_have_one_shape(aid, cast, api_for):
    citizen = f.citizen_with_consent(cast.centre_a)
    body = {"programme": str(aid.programme.external_id), "citizen": str(citizen.external_id)}
    assert api_for(cast.worker_a).post("/api/v1/aid/enrolments/", body).status_code == 201
    again = api_for(cast.worker_a).post("/api/v1/aid/enrolments/", body)
    assert again.status_code == 400
    assert "already enrolled" in str(again.json()["error"]["fields"]) or again.json()["error"]
    assert api_for(cast.worker_b).post("/api/v1/aid/enrolments/", body).status_code == 403
    assert api_for(cast.partner).post("/api/v1/aid/enrolments/", body).status_code == 403


def test_partner_registers_a_lot_and_bad_quantity_is_a_400(aid, cast, api_for):
    body = {
        "product": aid.product.slug,
        "lot_number": "API-1",
        "quantity": 12,
        "expires_on": (date.today() + timedelta(days=90)).isoformat(),
    }
    response = api_for(cast.partner).post("/api/v1/aid/lots/", body, format="json")
    assert response.status_code == 201, response.json()
    bad = api_for(cast.partner).post(
        "/api/v1/aid/lots/", {**body, "lot_number": "API-2", "quantity": -4}, format="json"
    )
    assert bad.status_code == 400 and "quantity" in bad.json()["error"]["fields"]
    assert api_for(cast.worker_a).post("/api/v1/aid/lots/", body, format="json").status_code == 403


def test_hand_over_with_idempotency_key(aid, cast, api_for):
    people = ready_cycle(aid, cast, people=1)
    body = {
        "cycle": str(aid.cycle.external_id),
        "enrolment": str(people[0].external_id),
        "lot": str(aid.lot.external_id),
        "quantity": 1,
    }
    api = api_for(cast.worker_a)
    first = api.post("/api/v1/aid/handovers/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    second = api.post("/api/v1/aid/handovers/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["seq"] == second.json()["seq"] and HandOver.objects.count() == 1
    missing = api.post("/api/v1/aid/handovers/", body, format="json")
    assert missing.status_code == 400


def test_outcomes_endpoint(aid, cast, api_for):
    url = f"/api/v1/aid/programmes/{aid.programme.external_id}/outcomes/"
    assert api_for(cast.partner).get(url).status_code == 200
    assert api_for(cast.delegate).get(url).status_code in (403, 404)
