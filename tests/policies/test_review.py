"""Peer review on the EU best-practice criteria: two reviewers from other cities, the outcome,
publication by an official, and nominations for the AFHC awards."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.domain.practices import publish_practice, submit_practice
from healthycity.policies.domain.review import (
    assign_reviewer,
    nominate,
    outcome_of,
    submit_review,
)
from healthycity.policies.enums import PracticeStatus, ReviewOutcome
from healthycity.policies.queries import practices_visible_to, reviews_visible_to
from healthycity.policies.reference import criteria_of
from tests.policies.conftest import draft

pytestmark = pytest.mark.django_db

PASS = {c.code: True for c in criteria_of("exclusion")}


def sheet(core: int, qualifier: int) -> dict:
    scores = {c.code: core for c in criteria_of("core")}
    scores.update({c.code: qualifier for c in criteria_of("qualifier")})
    return scores


@pytest.fixture
def submitted(cast, cities):
    practice = draft(cities.suwon, cast.delegate)
    return submit_practice(practice=practice, by=cast.delegate)


def test_rubric_has_the_eu_criteria_by_kind():
    assert [c.code for c in criteria_of("exclusion")] == [
        "relevance",
        "intervention",
        "evidence_theory",
        "ethics",
    ]
    assert [c.code for c in criteria_of("core")] == ["effectiveness", "equity"]
    assert [c.code for c in criteria_of("qualifier")] == [
        "transferability",
        "sustainability",
        "intersectoral",
        "participation",
    ]


def test_a_reviewer_of_the_practices_own_city_is_refused(cast, cities, submitted):
    with pytest.raises(ValidationError) as caught:
        assign_reviewer(practice=submitted, reviewer=cast.delegate, by=cast.official)
    assert "own city" in str(caught.value) or "자기" in str(caught.value) or caught.value


def test_only_delegates_review_and_only_officials_assign(cast, cities, submitted):
    with pytest.raises(ValidationError):
        assign_reviewer(practice=submitted, reviewer=cast.partner, by=cast.official)
    with pytest.raises(NotAllowed):
        assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.delegate)


def test_two_reviewers_from_other_cities_then_no_third(cast, cities, submitted):
    first = assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.official)
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.IN_REVIEW and first.round == 1
    assign_reviewer(practice=submitted, reviewer=cities.delegate_ichikawa, by=cast.official)
    with pytest.raises(ValidationError):
        assign_reviewer(practice=submitted, reviewer=cities.delegate_ichikawa, by=cast.official)


def _reviewed(cast, cities, practice, core_a, core_b, *, exclusion_b=None):
    a = assign_reviewer(practice=practice, reviewer=cities.delegate_taipei, by=cast.official)
    b = assign_reviewer(practice=practice, reviewer=cities.delegate_ichikawa, by=cast.official)
    submit_review(
        assignment=a, by=cities.delegate_taipei, exclusion=PASS, scores=sheet(*core_a), comments=""
    )
    submit_review(
        assignment=b,
        by=cities.delegate_ichikawa,
        exclusion=exclusion_b or PASS,
        scores=sheet(*core_b),
        comments="윤리 심의 기록이 없습니다." if exclusion_b else "",
    )
    practice.refresh_from_db()
    return a, b


def test_reviewers_see_only_their_own_sheet_until_they_submit(cast, cities, submitted):
    a = assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.official)
    b = assign_reviewer(practice=submitted, reviewer=cities.delegate_ichikawa, by=cast.official)
    assert set(reviews_visible_to(cities.delegate_taipei)) == {a}
    assert list(reviews_visible_to(cast.delegate)) == []  # the practice's own city
    assert submitted in practices_visible_to(cities.delegate_taipei)  # they may read it
    submit_review(
        assignment=a, by=cities.delegate_taipei, exclusion=PASS, scores=sheet(4, 4), comments=""
    )
    assert set(reviews_visible_to(cities.delegate_taipei)) == {a, b}
    assert set(reviews_visible_to(cities.delegate_ichikawa)) == {b}


def test_only_the_assigned_reviewer_submits_and_only_once(cast, cities, submitted):
    a = assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.official)
    with pytest.raises(NotAllowed):
        submit_review(
            assignment=a,
            by=cities.delegate_ichikawa,
            exclusion=PASS,
            scores=sheet(4, 4),
            comments="",
        )
    submit_review(
        assignment=a, by=cities.delegate_taipei, exclusion=PASS, scores=sheet(4, 4), comments=""
    )
    with pytest.raises(WrongState):
        submit_review(
            assignment=a, by=cities.delegate_taipei, exclusion=PASS, scores=sheet(4, 4), comments=""
        )


def test_an_incomplete_or_out_of_scale_sheet_is_refused(cast, cities, submitted):
    a = assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.official)
    scores = sheet(4, 4) | {"equity": 9}
    scores.pop("participation")
    with pytest.raises(ValidationError) as caught:
        submit_review(
            assignment=a, by=cities.delegate_taipei, exclusion={}, scores=scores, comments=""
        )
    assert {"equity", "participation", "relevance", "ethics"} <= set(caught.value.message_dict)


@pytest.mark.parametrize(
    ("core_a", "core_b", "expected"),
    [
        ((5, 4), (4, 4), ReviewOutcome.BEST_PRACTICE),  # core 4.5, qualifier 4
        ((4, 2), (4, 3), ReviewOutcome.PROMISING),  # core 4, qualifier 2.5
        ((3, 3), (3, 3), ReviewOutcome.PROMISING),
        ((3, 5), (2, 5), ReviewOutcome.RETURNED),  # core 2.5
    ],
)
def test_outcome_follows_the_rubric_thresholds(cast, cities, submitted, core_a, core_b, expected):
    _reviewed(cast, cities, submitted, core_a, core_b)
    assert submitted.review_outcome == expected
    assert submitted.status == PracticeStatus.IN_REVIEW  # an official decides


def test_a_failed_exclusion_criterion_returns_it_with_the_reason(cast, cities, submitted):
    _reviewed(cast, cities, submitted, (5, 5), (5, 5), exclusion_b=PASS | {"ethics": False})
    assert submitted.review_outcome == ReviewOutcome.RETURNED
    assert "윤리 심의 기록이 없습니다." in submitted.review_reasons
    with pytest.raises(WrongState):
        publish_practice(practice=submitted, by=cast.official)


def test_a_failed_criterion_needs_a_comment(cast, cities, submitted):
    a = assign_reviewer(practice=submitted, reviewer=cities.delegate_taipei, by=cast.official)
    with pytest.raises(ValidationError) as caught:
        submit_review(
            assignment=a,
            by=cities.delegate_taipei,
            exclusion=PASS | {"relevance": False},
            scores=sheet(4, 4),
            comments="",
        )
    assert "comments" in caught.value.message_dict


def test_official_publishes_and_nominates_for_an_award(cast, cities, submitted):
    _reviewed(cast, cities, submitted, (5, 4), (4, 4))
    with pytest.raises(NotAllowed):
        publish_practice(practice=submitted, by=cast.delegate)
    publish_practice(practice=submitted, by=cast.official)
    submitted.refresh_from_db()
    assert submitted.status == PracticeStatus.PUBLISHED and submitted.published_at
    assert submitted in practices_visible_to(cast.citizen_user)
    nomination = nominate(practice=submitted, category="afhc-ageing", year=2026, by=cast.official)
    assert nomination.category == "afhc-ageing"
    with pytest.raises(ValidationError):
        nominate(practice=submitted, category="afhc-ageing", year=2026, by=cast.official)
    with pytest.raises(ValidationError):
        nominate(practice=submitted, category="who-mobility", year=2026, by=cast.official)


def test_outcome_of_is_the_documented_rule():
    class Sheet:
        def __init__(self, core, qual, ok=True):
            self.exclusion = {c.code: ok for c in criteria_of("exclusion")}
            self.scores = sheet(core, qual)

    assert outcome_of([Sheet(4, 4), Sheet(4, 3)]).outcome == ReviewOutcome.BEST_PRACTICE
    assert outcome_of([Sheet(4, 3), Sheet(4, 3)]).outcome == ReviewOutcome.PROMISING
    assert outcome_of([Sheet(5, 5), Sheet(5, 5, ok=False)]).outcome == ReviewOutcome.RETURNED


@pytest.mark.parametrize("who", ["citizen", "partner", "worker_a", "delegate"])
def test_unpublished_practices_stay_hidden_from_readers(cast, cities, submitted, who):
    visible = practices_visible_to(cast.users()[who])
    assert (submitted in visible) is (who == "delegate")  # the delegate's own city
