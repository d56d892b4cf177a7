"""Session feedback: a rating (1–5) and a comment, one per attendee per session, only from
people who attended it (domain/attendance.py), and only once the session has begun."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.conference.afterwards.domain import attendance
from healthycity.conference.afterwards.models import COMMENT_LIMIT, SessionFeedback
from healthycity.conference.enums import RegistrationStatus, SessionKind, SessionStatus
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.core.text import MESSAGE as UNSTORABLE_MESSAGE
from healthycity.core.text import is_storable
from healthycity.feedback.domain.checks import mask_personal_data

NOT_RATED = (SessionKind.BREAK,)


class FeedbackRefused(ExhibitionError):
    code = "feedback_refused"
    status = 403


def check_rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5 or str(value).strip() not in {str(rating), f"{rating}.0"}:
        raise ExhibitionError(_("Give a rating from 1 to 5."), field="rating")
    return rating


def check_comment(text: str) -> str:
    text = (text or "").strip()
    if not is_storable(text):
        raise ExhibitionError(str(UNSTORABLE_MESSAGE), field="comment")
    if len(text) > COMMENT_LIMIT:
        raise ExhibitionError(
            _("The comment has %(n)s characters; at most %(limit)s are kept.")
            % {"n": len(text), "limit": COMMENT_LIMIT},
            field="comment",
        )
    return mask_personal_data(text)[0]


def can_rate(registration, session) -> str:
    """'' when `registration` may rate `session`, else the reason."""
    if session.event_id != registration.event_id:
        return _("This session is at another event.")
    if registration.status != RegistrationStatus.CONFIRMED:
        return _("Only confirmed participants can rate sessions.")
    if session.status == SessionStatus.CANCELLED or session.kind in NOT_RATED:
        return _("This session cannot be rated.")
    if session.starts_at > timezone.now():
        return _("You can rate this session once it has begun.")
    if not attendance.attended(registration, session):
        return _("Only people who attended this session can rate it.")
    return ""


def submit_feedback(*, registration, session, rating, comment: str = "") -> SessionFeedback:
    """Records (or replaces) the registration's feedback on `session`. Phone numbers, resident
    registration numbers and e-mail addresses in the comment are masked before it is stored.
    Side effect: one SessionFeedback row inserted or updated. Raises ExhibitionError (bad
    rating or comment) or FeedbackRefused (not an attendee, session not begun)."""
    rating = check_rating(rating)
    comment = check_comment(comment)
    reason = can_rate(registration, session)
    if reason:
        raise FeedbackRefused(reason)
    values = {"rating": rating, "comment": comment, "submitted_at": timezone.now()}
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                feedback, _created = SessionFeedback.objects.update_or_create(
                    session=session, registration=registration, defaults=values
                )
                return feedback
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def sessions_for(registration) -> list[dict]:
    """The registration's event's sessions that have begun, each with whether the person
    attended it and their feedback (for the attendee's "my conference" page)."""
    from healthycity.conference.models import Session

    event = registration.event
    days = attendance.attended_days(registration)
    seen = attendance.attended_sessions(registration)
    doors = attendance.door_scanned(event)
    mine = {f.session_id: f for f in SessionFeedback.objects.filter(registration=registration)}
    out = []
    for session in (
        Session.objects.filter(event=event, starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(kind__in=NOT_RATED)
        .select_related("room")
        .order_by("starts_at", "id")
    ):
        was_there = attendance.attended(
            registration, session, days=days, sessions=seen, doors=doors
        )
        if was_there:
            out.append({"session": session, "feedback": mine.get(session.pk)})
    return out
