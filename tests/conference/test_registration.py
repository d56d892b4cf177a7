"""Registration: places, the waiting list with time-limited offers, moderation, cancellation,
consent and the category's questions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from healthycity.citizens.enums import ConsentPurpose
from healthycity.conference.domain import registration as domain
from healthycity.conference.enums import (
    QuestionKind,
    RegistrationSource,
    RegistrationStatus,
    SessionKind,
)
from healthycity.conference.models import Question, Registration, SessionBooking
from tests.conference.factories import SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def _register(afhc, n: int, category=None, **kw) -> Registration:
    category = category or afhc.citizen
    return domain.register(
        event=afhc.event,
        category=category,
        name=f"사람 {n}",
        email=f"p{n}@example.org",
        consent=True,
        **kw,
    )


def test_free_place_confirms_with_a_ticket(afhc):
    registration = _register(afhc, 1)
    assert registration.status == S.CONFIRMED and registration.confirmed_at is not None
    assert registration.ticket.secret and registration.consented_at is not None


def test_consent_is_required_and_recorded_for_citizens(afhc, cast):
    with pytest.raises(ValidationError) as exc:
        domain.register(
            event=afhc.event,
            category=afhc.citizen,
            name="김민지",
            user=cast.citizen_user,
            citizen=cast.citizen,
            consent=False,
        )
    assert "consent" in exc.value.message_dict
    assert not Registration.objects.exists()
    domain.register(
        event=afhc.event,
        category=afhc.citizen,
        name="김민지",
        user=cast.citizen_user,
        citizen=cast.citizen,
        consent=True,
    )
    assert cast.citizen.consents.active().filter(purpose=ConsentPurpose.CONFERENCE).count() == 1


def test_full_category_gives_a_waiting_place_in_turn(afhc):
    afhc.citizen.capacity = 2
    afhc.citizen.save()
    _register(afhc, 1), _register(afhc, 2)
    third, fourth = _register(afhc, 3), _register(afhc, 4)
    assert third.status == fourth.status == S.WAITING
    assert not hasattr(third, "ticket") or third.ticket is None
    assert domain.waiting_position(third) == 1 and domain.waiting_position(fourth) == 2


def test_cancellation_offers_the_place_to_the_next_with_a_hold(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    first = _register(afhc, 1)
    second, third = _register(afhc, 2), _register(afhc, 3)
    now = timezone.now()
    domain.cancel(registration=first, now=now)
    second.refresh_from_db(), third.refresh_from_db()
    assert second.status == S.OFFERED and second.hold_expires_at == now + dt.timedelta(hours=24)
    assert third.status == S.WAITING and domain.waiting_position(third) == 1
    accepted = domain.accept_offer(registration=second, now=now + dt.timedelta(hours=1))
    assert accepted.status == S.CONFIRMED and accepted.ticket.secret


def test_expired_hold_goes_to_the_next_person(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    first = _register(afhc, 1)
    second, third = _register(afhc, 2), _register(afhc, 3)
    now = timezone.now()
    domain.cancel(registration=first, now=now)
    assert domain.expire_holds(now=now + dt.timedelta(hours=23)) == 0
    later = now + dt.timedelta(hours=25)
    assert domain.expire_holds(now=later) == 1
    second.refresh_from_db(), third.refresh_from_db()
    assert second.status == S.EXPIRED and third.status == S.OFFERED
    assert third.hold_expires_at == later + dt.timedelta(hours=24)
    with pytest.raises(ValidationError):
        domain.accept_offer(registration=second, now=later)


def test_offer_cannot_be_taken_after_it_expires_even_before_the_job_runs(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    first, second = _register(afhc, 1), _register(afhc, 2)
    now = timezone.now()
    domain.cancel(registration=first, now=now)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        domain.accept_offer(registration=second, now=now + dt.timedelta(hours=25))
    assert "expired" in exc.value.messages[0]


def test_delegates_wait_for_approval_and_rejection_frees_the_place(afhc, cast):
    afhc.delegate.capacity = 1
    afhc.delegate.save()
    pending = _register(afhc, 1, category=afhc.delegate)
    waiting = _register(afhc, 2, category=afhc.delegate)
    assert pending.status == S.PENDING and waiting.status == S.WAITING
    assert not Registration.objects.filter(pk=pending.pk, ticket__isnull=False).exists()
    domain.reject(registration=pending, by=cast.official, note="not a member city")
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    pending_again = domain.accept_offer(registration=waiting)
    assert pending_again.status == S.PENDING
    approved = domain.approve(registration=pending_again, by=cast.official)
    assert (
        approved.status == S.CONFIRMED and approved.ticket and approved.decided_by == cast.official
    )


def test_staff_only_categories_refuse_self_registration(afhc):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _register(afhc, 1, category=afhc.speaker)
    assert "registered by the organisers" in exc.value.messages[0]
    staff_made = _register(afhc, 2, category=afhc.speaker, source=RegistrationSource.STAFF)
    assert staff_made.status == S.CONFIRMED


def test_registration_closed_after_the_event(afhc):
    afhc.event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    afhc.event.save()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _register(afhc, 1)
    assert exc.value.messages == ["Registration for this event has closed."]


def test_one_registration_per_user(afhc):
    user = UserFactory()
    _register(afhc, 1, user=user)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _register(afhc, 2, user=user, category=afhc.press)
    assert exc.value.messages == ["You are already registered for this event."]


def test_questions_are_checked_and_kept(afhc):
    diet = Question.objects.create(
        event=afhc.event,
        code="diet",
        kind=QuestionKind.CHOICE,
        label_ko="식단",
        label_en="Diet",
        required=True,
        choices=[
            {"value": "any", "ko": "제한 없음", "en": "Any"},
            {"value": "veg", "ko": "채식", "en": "Vegetarian"},
        ],
    )
    diet.categories.add(afhc.citizen)
    headset = Question.objects.create(
        event=afhc.event,
        code="headset",
        kind=QuestionKind.BOOLEAN,
        label_ko="통역 수신기",
        label_en="Interpretation headset",
    )
    headset.categories.add(afhc.citizen)
    with pytest.raises(ValidationError) as exc:
        _register(afhc, 1, answers={"diet": "meat"})
    assert "diet" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _register(afhc, 1, answers={})
    assert "diet" in exc.value.message_dict
    registration = _register(afhc, 1, answers={"diet": "veg", "headset": "yes", "other": "ignored"})
    assert registration.answers == {"diet": "veg", "headset": True}


def test_limited_session_booking_and_waiting_list(afhc):
    workshop = SessionFactory(
        event=afhc.event,
        kind=SessionKind.WORKSHOP,
        room=afhc.room_b,
        capacity=1,
        starts_at=at(afhc.event.starts_on, "14:00"),
        ends_at=at(afhc.event.starts_on, "16:00"),
    )
    a, b = _register(afhc, 1), _register(afhc, 2)
    booked = domain.book_session(registration=a, session=workshop)
    waiting = domain.book_session(registration=b, session=workshop)
    assert booked.status == S.CONFIRMED and waiting.status == S.WAITING
    with pytest.raises(ValidationError):
        domain.book_session(registration=a, session=workshop)
    domain.cancel(registration=a)  # cancelling the registration gives up its seats too
    booked.refresh_from_db(), waiting.refresh_from_db()
    assert booked.status == S.CANCELLED and waiting.status == S.OFFERED
    domain.accept_session_offer(booking=waiting)
    assert SessionBooking.objects.filter(session=workshop, status=S.CONFIRMED).count() == 1


def test_more_seats_offer_them_to_the_waiting_list(afhc):
    from healthycity.conference.domain.programme import save_session

    workshop = SessionFactory(
        event=afhc.event, kind=SessionKind.WORKSHOP, room=afhc.room_b, capacity=1
    )
    a, b = _register(afhc, 1), _register(afhc, 2)
    domain.book_session(registration=a, session=workshop)
    waiting = domain.book_session(registration=b, session=workshop)
    workshop.capacity = 2
    save_session(session=workshop)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED


def test_each_category_is_asked_its_own_questions(afhc, cast, client_for):
    diet = Question.objects.create(
        event=afhc.event, code="diet", kind=QuestionKind.TEXT, label_ko="식단", label_en="Diet"
    )
    diet.categories.add(afhc.citizen)
    visa = Question.objects.create(
        event=afhc.event,
        code="visa",
        kind=QuestionKind.TEXT,
        label_ko="여권 발급 국가",
        label_en="Passport issued by",
        required=True,
    )
    visa.categories.add(afhc.delegate)
    assert [q.code for q in domain.questions_for(afhc.citizen)] == ["diet"]
    assert [q.code for q in domain.questions_for(afhc.delegate)] == ["visa"]
    # The delegates' required question is not asked of citizens, nor kept when sent.
    citizen = _register(afhc, 1, answers={"diet": "채식", "visa": "PH"})
    assert citizen.answers == {"diet": "채식"}
    with pytest.raises(ValidationError) as exc:
        _register(afhc, 2, category=afhc.delegate, answers={"diet": "채식"})
    assert set(exc.value.message_dict) == {"visa"}
    delegate = _register(afhc, 3, category=afhc.delegate, answers={"visa": "PH", "diet": "x"})
    assert delegate.answers == {"visa": "PH"}
    # The form shows each category's questions only.
    client = client_for(UserFactory())
    form = client.get("/conference/afhc-test/register/?category=citizen").content.decode()
    assert 'name="q_diet"' in form and 'name="q_visa"' not in form
    form = client.get("/conference/afhc-test/register/?category=delegate").content.decode()
    assert 'name="q_visa"' in form and 'name="q_diet"' not in form


def test_a_required_box_left_blank_is_refused(afhc):
    terms = Question.objects.create(
        event=afhc.event,
        code="photos",
        kind=QuestionKind.BOOLEAN,
        label_ko="행사 사진 촬영에 동의합니다",
        label_en="I agree to be photographed at the event",
        required=True,
    )
    terms.categories.add(afhc.citizen)
    for answers in ({}, {"photos": ""}, {"photos": "no"}):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            _register(afhc, 1, answers=answers)
        assert exc.value.message_dict == {"photos": ["Please tick this box to continue."]}
    assert not Registration.objects.exists()
    assert _register(afhc, 1, answers={"photos": "yes"}).answers == {"photos": True}
