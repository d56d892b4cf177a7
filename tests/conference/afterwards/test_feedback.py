"""Session feedback: only attendees, one per attendee per session, masked comments, clear
refusals; and the officials' attendance figures from the check-ins."""

from __future__ import annotations

import pytest

from healthycity.conference.afterwards.domain import attendance, feedback
from healthycity.conference.afterwards.domain.feedback import FeedbackRefused
from healthycity.conference.afterwards.models import SessionFeedback
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from tests.conference.factories import SessionFactory

pytestmark = pytest.mark.django_db


def reg(ticket):
    return ticket.registration


def test_an_attendee_rates_once_and_can_change_it(after):
    r = reg(after.citizen_ticket)
    feedback.submit_feedback(registration=r, session=after.keynote, rating=4, comment="좋았어요")
    feedback.submit_feedback(registration=r, session=after.keynote, rating=5, comment="최고")
    saved = SessionFeedback.objects.get()
    assert (saved.rating, saved.comment) == (5, "최고")


def test_attendance_follows_the_day_or_the_door(after):
    citizen, other = reg(after.citizen_ticket), reg(after.other_ticket)
    # day 1 entry: the keynote (day 1) yes, the parallel session (day 2) no
    assert attendance.attended(citizen, after.keynote)
    assert not attendance.attended(citizen, after.parallel)
    # the workshop has a door: the citizen was scanned there; the other citizen came on day 2
    # but not through the workshop's door
    assert attendance.attended(citizen, after.workshop)
    assert attendance.attended(other, after.parallel)
    assert not attendance.attended(other, after.workshop)


def test_someone_who_did_not_attend_cannot_rate(after):
    with pytest.raises(FeedbackRefused):
        feedback.submit_feedback(
            registration=reg(after.other_ticket), session=after.workshop, rating=3
        )
    with pytest.raises(FeedbackRefused):
        feedback.submit_feedback(
            registration=reg(after.delegate_ticket), session=after.keynote, rating=3
        )
    assert not SessionFeedback.objects.exists()


def test_a_session_not_yet_begun_cannot_be_rated(after, cast):
    import datetime as dt

    from django.utils import timezone

    later = SessionFactory(
        event=after.event,
        starts_at=timezone.now() + dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    with pytest.raises(FeedbackRefused):
        feedback.submit_feedback(registration=reg(after.citizen_ticket), session=later, rating=5)


@pytest.mark.parametrize("rating", [0, 6, "5.5", "five", None, True])
def test_a_rating_outside_1_to_5_is_refused(after, rating):
    with pytest.raises(ExhibitionError) as caught:
        feedback.submit_feedback(
            registration=reg(after.citizen_ticket), session=after.keynote, rating=rating
        )
    assert caught.value.field == "rating"


def test_comments_are_masked_and_limited(after):
    r = reg(after.citizen_ticket)
    feedback.submit_feedback(
        registration=r,
        session=after.keynote,
        rating=4,
        comment="연락 주세요 010-9876-5432, me@example.org",
    )
    comment = SessionFeedback.objects.get().comment
    assert "9876" not in comment and "me@example.org" not in comment
    with pytest.raises(ExhibitionError) as caught:
        feedback.submit_feedback(
            registration=r, session=after.keynote, rating=4, comment="가" * 2001
        )
    assert "2001" in caught.value.message
    with pytest.raises(ExhibitionError):
        feedback.submit_feedback(registration=r, session=after.keynote, rating=4, comment="a\x00b")


def test_sessions_for_lists_only_attended_sessions(after):
    rows = feedback.sessions_for(reg(after.citizen_ticket))
    assert [row["session"] for row in rows] == [after.keynote, after.workshop]


def test_attendance_by_day_category_and_session(after):
    a = attendance.attendance(after.event)
    assert a.attendees == 2
    assert [n for _day, n in a.by_day] == [1, 1, 0]
    by_code = {c.code: (per_day, total) for c, per_day, total in a.by_category}
    assert by_code["citizen"] == ([1, 1, 0], 2)
    assert by_code["delegate"] == ([0, 0, 0], 0)
    rows = {r.session.pk: r for r in a.sessions}
    assert rows[after.workshop.pk].checked_in == 1
    assert rows[after.keynote.pk].checked_in is None  # no door scan


def test_feedback_figures_per_session(after):
    feedback.submit_feedback(
        registration=reg(after.citizen_ticket), session=after.keynote, rating=4
    )
    feedback.submit_feedback(
        registration=reg(after.citizen_ticket), session=after.workshop, rating=2
    )
    feedback.submit_feedback(registration=reg(after.other_ticket), session=after.parallel, rating=5)
    rows = {r.session.pk: r for r in attendance.attendance(after.event).sessions}
    assert (rows[after.keynote.pk].feedback, rows[after.keynote.pk].mean_rating) == (1, 4)
    assert rows[after.parallel.pk].mean_rating == 5
