"""Builders shared by the distribution, allocation and PostgreSQL tests."""

from __future__ import annotations

from healthycity.aid.domain.allocation import allocate, approve_allocation
from healthycity.aid.domain.enrolment import enrol
from healthycity.aid.domain.programmes import approve_cycle
from tests.aid import factories as f


def ready_cycle(aid, cast, people: int = 3):
    """Enrol `people` citizens at centre A, approve the cycle and an allocation."""
    enrolments = [
        enrol(
            programme=aid.programme, citizen=f.citizen_with_consent(cast.centre_a), by=cast.worker_a
        )
        for _ in range(people)
    ]
    approve_cycle(cycle=aid.cycle, by=cast.official)
    allocation = allocate(cycle=aid.cycle, by=cast.official)
    approve_allocation(allocation=allocation, by=cast.official)
    return enrolments
