"""Hand-over request keys (issue 14, item 1): scoped to the user who sent them and bound to the
request; demo keys are not guessable; the schema names the key a string."""

from __future__ import annotations

import uuid

import pytest

from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.errors import IdempotencyConflict
from healthycity.aid.domain.stock import centre_location, transfer, warehouse
from healthycity.aid.models import HandOver
from tests.aid.helpers import ready_cycle

pytestmark = pytest.mark.django_db


def _body(aid, enrolment, quantity=1):
    return {
        "cycle": str(aid.cycle.external_id),
        "enrolment": str(enrolment.external_id),
        "lot": str(aid.lot.external_id),
        "quantity": quantity,
    }


@pytest.fixture
def both(aid, cast):
    """One covered person at centre A and one at centre B, stock at both centres."""
    from healthycity.aid.domain.allocation import allocate, approve_allocation
    from healthycity.aid.domain.enrolment import enrol
    from healthycity.aid.domain.programmes import approve_cycle
    from tests.aid import factories as f

    transfer(lot=aid.lot, source=warehouse(), destination=centre_location(cast.centre_b),
             quantity=5, by=cast.official)  # fmt: skip
    a = enrol(programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a),
              by=cast.worker_a)  # fmt: skip
    b = enrol(programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_b),
              by=cast.worker_b)  # fmt: skip
    approve_cycle(cycle=aid.cycle, by=cast.official)
    approve_allocation(allocation=allocate(cycle=aid.cycle, by=cast.official), by=cast.official)
    return a, b


@pytest.mark.parametrize("key", ["k-1", "demo-1-3-6"])  # the probe's key: a demo key's shape
def test_another_centres_key_returns_nothing_of_theirs(aid, cast, api_for, both, key):
    a, b = both
    worker_b = api_for(cast.worker_b)
    theirs = worker_b.post("/api/v1/aid/handovers/", _body(aid, b), format="json",
                           HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert theirs.status_code == 201
    worker_a = api_for(cast.worker_a)
    mine = worker_a.post("/api/v1/aid/handovers/", _body(aid, a), format="json",
                         HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert mine.status_code == 201, mine.json()
    assert mine.json()["enrolment"] == str(a.external_id)
    assert mine.json()["seq"] != theirs.json()["seq"]
    assert HandOver.objects.count() == 2


def test_another_centres_key_with_their_citizen_is_refused(aid, cast, api_for, both):
    a, b = both
    api_for(cast.worker_b).post("/api/v1/aid/handovers/", _body(aid, b), format="json",
                                HTTP_IDEMPOTENCY_KEY="k-2")  # fmt: skip
    response = api_for(cast.worker_a).post("/api/v1/aid/handovers/", _body(aid, b),
                                           format="json", HTTP_IDEMPOTENCY_KEY="k-2")  # fmt: skip
    assert response.status_code in (403, 404)
    assert "hash" not in response.json()


def test_the_same_key_with_a_different_body_is_409(aid, cast, api_for, both):
    a, b = both
    api = api_for(cast.worker_a)
    first = api.post("/api/v1/aid/handovers/", _body(aid, a), format="json",
                     HTTP_IDEMPOTENCY_KEY="k-3")  # fmt: skip
    assert first.status_code == 201
    again = api.post("/api/v1/aid/handovers/", _body(aid, a, quantity=2), format="json",
                     HTTP_IDEMPOTENCY_KEY="k-3")  # fmt: skip
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["status"] == 409 and "요청 키" in error["message"]
    assert HandOver.objects.count() == 1


def test_the_page_says_so_when_a_key_is_reused_for_another_person(aid, cast, client_for):
    people = [p for p in ready_cycle(aid, cast, people=4) if p.centre_id == cast.centre_a.pk]
    assert len(people) >= 2
    client = client_for(cast.worker_a)
    url = f"/aid/cycles/{aid.cycle.external_id}/hand-over/"
    form = {"lot": str(aid.lot.external_id), "key": "page-1"}
    client.post(url, {**form, "enrolment": str(people[0].external_id)})
    response = client.post(url, {**form, "enrolment": str(people[1].external_id)}, follow=True)
    text = response.content.decode()
    assert "이미 기록되었습니다" not in text
    assert "요청 키" in text
    assert HandOver.objects.count() == 1


def test_domain_retry_without_quantity_is_the_same_request(aid, cast, both):
    a, _ = both
    kwargs = {"cycle": aid.cycle, "enrolment": a, "lot": aid.lot, "by": cast.worker_a,
              "idempotency_key": "page-2"}  # fmt: skip
    first, created = hand_over(**kwargs)
    again, created_again = hand_over(**kwargs)
    assert created and not created_again and first.pk == again.pk
    with pytest.raises(IdempotencyConflict):
        hand_over(**{**kwargs, "quantity": 3})


def test_demo_keys_are_random(cast):
    from pathlib import Path

    from healthycity.aid import demo

    text = Path(demo.__file__).read_text(encoding="utf-8")
    assert 'idempotency_key=f"demo-' not in text
    assert "idempotency_key=str(uuid.uuid4())" in text


def test_schema_names_the_key_a_string_not_a_uuid(client_for, cast):
    schema = client_for(cast.official).get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["HandOver"]["properties"]
    assert fields["key"]["type"] == "string" and "format" not in fields["key"]
    assert "id" not in fields
    post = schema["paths"]["/api/v1/aid/handovers/"]["post"]
    assert "409" in post["responses"]
    assert uuid.UUID(int=0)  # keys may be UUIDs; they are strings all the same
