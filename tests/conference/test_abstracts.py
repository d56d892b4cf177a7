"""The call for abstracts: submission while open, scored review on the event's criteria, the
weighted score, and acceptance into the programme through the conflict checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from healthycity.conference.domain import abstracts as domain
from healthycity.conference.models import ReviewCriterion, Session
from tests.conference.factories import SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfp(afhc):
    afhc.event.cfp_opens_at = timezone.now() - dt.timedelta(days=1)
    afhc.event.cfp_closes_at = timezone.now() + dt.timedelta(days=10)
    afhc.event.save()
    relevance = ReviewCriterion.objects.create(
        event=afhc.event, name_ko="관련성", name_en="Relevance", max_score=5, weight=Decimal("2")
    )
    evidence = ReviewCriterion.objects.create(
        event=afhc.event, name_ko="근거", name_en="Evidence", max_score=10, weight=Decimal("1")
    )
    return afhc, relevance, evidence


def _submit(afhc, user, **kw):
    return domain.submit_abstract(
        event=afhc.event,
        by=user,
        title=kw.get("title", "Walkable Suwon"),
        text="What we did and what changed.",
        language="en",
        format=kw.get("format", "oral"),
        presenter_name="Kim Suwon",
        affiliation="Suwon",
    )


def test_anyone_with_an_account_submits_while_the_call_is_open(cfp):
    afhc, *_ = cfp
    abstract = _submit(afhc, UserFactory())
    assert abstract.status == "submitted"
    afhc.event.cfp_closes_at = timezone.now() - dt.timedelta(minutes=1)
    afhc.event.save()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _submit(afhc, UserFactory())
    assert "closed" in exc.value.messages[0]


def test_weighted_score_matches_a_hand_computation(cfp, cast):
    afhc, relevance, evidence = cfp
    abstract = _submit(afhc, UserFactory())
    assert domain.weighted_score(abstract) is None
    # Reviewer 1: relevance 4/5 (weight 2), evidence 5/10 (weight 1): (8 + 5) / (10 + 10) = 65 %.
    domain.review_abstract(
        abstract=abstract, reviewer=cast.official, scores={relevance.pk: 4, evidence.pk: 5}
    )
    assert domain.weighted_score(abstract) == Decimal("65.0")
    # Reviewer 2: 5/5 and 10/10 = 100 %; the mean of the two reviews is 82.5 %.
    domain.review_abstract(
        abstract=abstract, reviewer=cast.admin, scores={relevance.pk: 5, evidence.pk: 10}
    )
    assert domain.weighted_score(abstract) == Decimal("82.5")
    # Reviewing again replaces the reviewer's scores.
    domain.review_abstract(
        abstract=abstract, reviewer=cast.official, scores={relevance.pk: 0, evidence.pk: 0}
    )
    assert domain.weighted_score(abstract) == Decimal("50.0")


def test_review_needs_every_criterion_within_range(cfp, cast):
    afhc, relevance, evidence = cfp
    abstract = _submit(afhc, cast.official)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        domain.review_abstract(abstract=abstract, reviewer=cast.admin, scores={relevance.pk: 6})
    messages = exc.value.message_dict["scores"]
    assert "“Relevance” is scored from 0 to 5." in messages and "Score “Evidence”." in messages
    with pytest.raises(ValidationError):  # nobody reviews their own abstract
        domain.review_abstract(
            abstract=abstract, reviewer=cast.official, scores={relevance.pk: 3, evidence.pk: 3}
        )


def test_accepted_abstract_becomes_a_session_with_its_presenter(cfp, cast):
    afhc, *_ = cfp
    abstract = _submit(afhc, UserFactory(username="suwon-delegate"))
    day = afhc.event.starts_on
    session = domain.accept_abstract(
        abstract=abstract,
        by=cast.official,
        session=Session(
            kind="parallel", room=afhc.room_a, starts_at=at(day, "14:00"), ends_at=at(day, "15:00")
        ),
    )
    abstract.refresh_from_db()
    assert abstract.status == "accepted" and session.abstract_source == abstract
    assert (
        session.title_ko == "Walkable Suwon"
        and session.abstract_en == "What we did and what changed."
    )
    assert [s.name_ko for s in session.speakers.all()] == ["Kim Suwon"]
    with pytest.raises(ValidationError):
        domain.reject_abstract(abstract=abstract, by=cast.official)


def test_acceptance_into_a_taken_room_is_refused_and_nothing_changes(cfp, cast):
    afhc, *_ = cfp
    day = afhc.event.starts_on
    SessionFactory(
        event=afhc.event, room=afhc.room_a, starts_at=at(day, "14:00"), ends_at=at(day, "15:00")
    )
    abstract = _submit(afhc, UserFactory())
    with pytest.raises(ValidationError) as exc:
        domain.accept_abstract(
            abstract=abstract,
            by=cast.official,
            session=Session(
                kind="parallel",
                room=afhc.room_a,
                starts_at=at(day, "14:30"),
                ends_at=at(day, "15:30"),
            ),
        )
    assert "room" in exc.value.message_dict
    abstract.refresh_from_db()
    assert abstract.status == "submitted" and not afhc.event.speakers.exists()


def test_review_page_flow(cfp, cast, client_for):
    afhc, relevance, evidence = cfp
    abstract = _submit(afhc, UserFactory())
    client = client_for(cast.official)
    url = f"/conference/afhc-test/manage/abstracts/{abstract.external_id}/"
    client.post(
        url,
        {
            "action": "review",
            f"c_{relevance.pk}": "5",
            f"c_{evidence.pk}": "10",
            "comment": "Strong",
        },
    )
    assert "100.0%" in client.get("/conference/afhc-test/manage/abstracts/").content.decode()
    day = afhc.event.starts_on.isoformat()
    response = client.post(
        url,
        {
            "action": "accept",
            "kind": "poster",
            "room": afhc.hall.pk,
            "starts_at": f"{day}T12:00",
            "ends_at": f"{day}T13:00",
            "languages": "en",
        },
    )
    assert response.status_code == 302
    assert Session.objects.get(abstract_source=abstract).kind == "poster"
