"""The allocation solve runs as a background job started from the programme page."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from healthycity.aid.domain.enrolment import enrol
from healthycity.aid.domain.programmes import approve_cycle
from healthycity.aid.models import Allocation
from healthycity.jobs.models import Job
from tests.aid import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(aid, cast):
    for _ in range(3):
        enrol(
            programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a), by=cast.worker_a
        )
    approve_cycle(cycle=aid.cycle, by=cast.official)
    return aid


def test_official_starts_the_solve_and_the_job_links_the_allocation(approved, cast, client_for):
    client = client_for(cast.official)
    response = client.post(f"/aid/cycles/{approved.cycle.external_id}/allocate/", follow=True)
    job = response.context["job"]
    assert job.kind == "aid.allocate" and job.state == "done", job.error_message
    allocation = Allocation.objects.get()
    assert job.result["allocation"] == str(allocation.external_id)
    html = response.content.decode()
    assert f"/aid/allocations/{allocation.external_id}/" in html
    assert client.get(f"/aid/allocations/{allocation.external_id}/").status_code == 200


def test_a_solve_interrupted_midway_is_retried_and_leaves_one_allocation(
    approved, cast, client_for, monkeypatch
):
    from healthycity.aid.domain import allocation as domain

    real, calls = domain._choose_people, {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("the connection to the server was lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(domain, "_choose_people", flaky)
    client_for(cast.official).post(f"/aid/cycles/{approved.cycle.external_id}/allocate/")
    job = Job.objects.get()
    assert job.state == "done" and job.attempts == 2
    assert Allocation.objects.count() == 1  # the first attempt's rows were rolled back


def test_workers_cannot_start_a_solve(approved, cast, client_for):
    response = client_for(cast.worker_a).post(f"/aid/cycles/{approved.cycle.external_id}/allocate/")
    assert response.status_code == 403 and not Job.objects.exists()
