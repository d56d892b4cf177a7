"""Enrolment by welfare workers: own centre only, consent needed, once per programme."""

from __future__ import annotations

import pytest

from healthycity.aid.domain.enrolment import enrol, exit_enrolment
from healthycity.aid.domain.errors import EnrolmentRefused
from healthycity.aid.domain.programmes import approve_cycle
from healthycity.aid.enums import CycleStatus, EnrolmentStatus
from healthycity.citizens.domain.consent import grant_consent
from tests.aid import factories as f


def test_worker_enrols_own_centres_citizen_with_need_score(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a, birth_year=1940, living_alone=True)
    f.snapshot(citizen, sarcopenia="confirmed")
    enrolment = enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)
    assert enrolment.centre_id == cast.centre_a.pk
    # near_poor 2 + living alone 1 + age ≥ 85 2 + confirmed sarcopenia 2 = 7 → tier 4
    assert enrolment.need_score == 7 and enrolment.need_tier == 4


def test_worker_cannot_enrol_other_centres_citizen(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_b)
    with pytest.raises(EnrolmentRefused, match="another welfare centre"):
        enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)


def test_enrolment_needs_aid_consent(aid, cast):
    grant_consent(citizen=cast.citizen, purpose="care")
    with pytest.raises(EnrolmentRefused, match="consent"):
        enrol(programme=aid.programme, citizen=cast.citizen, by=cast.worker_a)


def test_citizen_is_enrolled_once(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a)
    enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)
    with pytest.raises(EnrolmentRefused, match="already enrolled"):
        enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)


def test_ineligible_citizen_is_refused(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a, birth_year=1990)
    with pytest.raises(EnrolmentRefused, match="eligibility rule"):
        enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)


def test_exit_needs_a_reason_and_allows_re_enrolment(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a)
    enrolment = enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)
    with pytest.raises(EnrolmentRefused):
        exit_enrolment(enrolment=enrolment, reason="", by=cast.worker_a)
    with pytest.raises(EnrolmentRefused):
        exit_enrolment(enrolment=enrolment, reason="moved", by=cast.worker_b)
    exit_enrolment(enrolment=enrolment, reason="moved", by=cast.worker_a)
    assert enrolment.status == EnrolmentStatus.EXITED
    enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)


def test_official_approves_cycle(aid, cast):
    citizen = f.citizen_with_consent(cast.centre_a)
    enrol(programme=aid.programme, citizen=citizen, by=cast.worker_a)
    cycle = approve_cycle(cycle=aid.cycle, by=cast.official)
    assert cycle.status == CycleStatus.APPROVED and cycle.approved_by == cast.official
