"""Who attended: read from the conference's check-ins (the first valid scan of a ticket on a
list is its check-in). A day counts when the ticket was checked in on that day's entry list;
a limited session (workshop, site visit) when it was checked in at the session's door. Other
sessions have no door scan: attending the session's day is what is known of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count
from django.utils import timezone

from healthycity.conference.enums import ListKind, ScanStatus, SessionStatus
from healthycity.conference.models import Checkin, RegistrationCategory, Session


def _checkins(event):
    return Checkin.objects.filter(
        checkin_list__event=event, status=ScanStatus.OK, ticket__isnull=False
    )


def attended_days(registration) -> list[dt.date]:
    return sorted(
        set(
            _checkins(registration.event)
            .filter(checkin_list__kind=ListKind.ENTRY, ticket__registration=registration)
            .values_list("checkin_list__day", flat=True)
        )
        - {None}
    )


def attended_sessions(registration) -> set[int]:
    """Primary keys of the limited sessions the registration was checked in at."""
    return set(
        _checkins(registration.event)
        .filter(checkin_list__kind=ListKind.SESSION, ticket__registration=registration)
        .values_list("checkin_list__session_id", flat=True)
    )


def session_day(session: Session) -> dt.date:
    return timezone.localtime(session.starts_at, session.event.tz).date()


def door_scanned(event) -> set[int]:
    """Sessions with their own check-in list (their attendance is the door scan)."""
    return set(
        event.checkin_lists.filter(kind=ListKind.SESSION, session__isnull=False).values_list(
            "session_id", flat=True
        )
    )


def attended(registration, session: Session, *, days=None, sessions=None, doors=None) -> bool:
    """Whether the registration attended `session`: checked in at its door when it has one,
    else checked in on its day. The optional sets spare queries when asked for many sessions."""
    doors = door_scanned(session.event) if doors is None else doors
    if session.pk in doors:
        sessions = attended_sessions(registration) if sessions is None else sessions
        return session.pk in sessions
    days = attended_days(registration) if days is None else days
    return session_day(session) in days


def attendee_sets(event) -> tuple[dict, dict]:
    """(day → registration ids checked in that day), (session id → registration ids checked in
    at its door), for the whole event in one query."""
    from collections import defaultdict

    by_day: dict = defaultdict(set)
    by_door: dict = defaultdict(set)
    rows = _checkins(event).values_list(
        "checkin_list__kind",
        "checkin_list__day",
        "checkin_list__session_id",
        "ticket__registration_id",
    )
    for kind, day, session_id, registration_id in rows.iterator(chunk_size=10_000):
        if kind == ListKind.ENTRY:
            by_day[day].add(registration_id)
        else:
            by_door[session_id].add(registration_id)
    return by_day, by_door


@dataclass
class SessionRow:
    session: Session
    checked_in: int | None  # None: no door scan for this session
    feedback: int
    mean_rating: float | None


@dataclass
class Attendance:
    attendees: int
    by_day: list[tuple[dt.date, int]]
    categories: list[RegistrationCategory]
    by_category: list[tuple[RegistrationCategory, list[int], int]]  # per day, all days
    sessions: list[SessionRow] = field(default_factory=list)


def attendance(event) -> Attendance:
    """Attendance by day, by category (per day and over the event) and by session, with each
    session's feedback. A handful of grouped queries, however many people came."""
    entry = _checkins(event).filter(checkin_list__kind=ListKind.ENTRY)
    per_day = dict(
        entry.values("checkin_list__day")
        .annotate(n=Count("ticket__registration", distinct=True))
        .values_list("checkin_list__day", "n")
    )
    by_day = [(day, per_day.get(day, 0)) for day in event.days]
    cells = {
        (row["checkin_list__day"], row["ticket__registration__category"]): row["n"]
        for row in entry.values("checkin_list__day", "ticket__registration__category").annotate(
            n=Count("ticket__registration", distinct=True)
        )
    }
    overall = dict(
        entry.values("ticket__registration__category")
        .annotate(n=Count("ticket__registration", distinct=True))
        .values_list("ticket__registration__category", "n")
    )
    categories = list(RegistrationCategory.objects.filter(event=event).order_by("order", "code"))
    by_category = [
        (c, [cells.get((day, c.pk), 0) for day in event.days], overall.get(c.pk, 0))
        for c in categories
    ]
    attendees = entry.values("ticket__registration").distinct().count()
    at_door = dict(
        _checkins(event)
        .filter(checkin_list__kind=ListKind.SESSION)
        .values("checkin_list__session")
        .annotate(n=Count("ticket__registration", distinct=True))
        .values_list("checkin_list__session", "n")
    )
    doors = door_scanned(event)
    from healthycity.conference.afterwards.models import SessionFeedback

    rated = {
        row["session"]: row
        for row in SessionFeedback.objects.filter(session__event=event)
        .values("session")
        .annotate(n=Count("id"), mean=Avg("rating"))
    }
    sessions = [
        SessionRow(
            session=s,
            checked_in=at_door.get(s.pk, 0) if s.pk in doors else None,
            feedback=rated.get(s.pk, {}).get("n", 0),
            mean_rating=rated.get(s.pk, {}).get("mean"),
        )
        for s in Session.objects.filter(event=event)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("room", "track")
        .order_by("starts_at", "id")
    ]
    return Attendance(
        attendees=attendees,
        by_day=by_day,
        categories=categories,
        by_category=by_category,
        sessions=sessions,
    )
