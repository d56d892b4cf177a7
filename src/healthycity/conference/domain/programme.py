"""Programme editing: the conflict checks every way of editing a session goes through (the
officials' pages, Django admin and the API), and saving a session with its speakers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from healthycity.conference.enums import HOLDING_STATUSES, SessionKind, SessionStatus
from healthycity.conference.models import Session, SessionBooking, SessionSpeaker, Speaker
from healthycity.conference.validators import validate_languages


def _hhmm(event, value: dt.datetime) -> str:
    return formats.time_format(value.astimezone(event.tz), "H:i")


def _when(event, value: dt.datetime) -> str:
    local = value.astimezone(event.tz)
    return f"{formats.date_format(local.date(), 'SHORT_DATE_FORMAT')} {_hhmm(event, value)}"


def _overlapping(session: Session):
    """Other live sessions of the event that overlap `session` in time."""
    return (
        Session.objects.filter(
            event_id=session.event_id,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
    )


def check_times(session: Session) -> list[str]:
    event = session.event
    errors = []
    if session.ends_at <= session.starts_at:
        errors.append(_("The session must end after it starts."))
    start_day = session.starts_at.astimezone(event.tz).date()
    last_instant = event.day_bounds(event.ends_on)[1]
    if start_day < event.starts_on or session.ends_at > last_instant:
        errors.append(
            _("The session is outside the event's days (%(first)s – %(last)s).")
            % {
                "first": formats.date_format(event.starts_on, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(event.ends_on, "SHORT_DATE_FORMAT"),
            }
        )
    return errors


def check_room(session: Session) -> list[str]:
    """The room belongs to the event's venue and is free at that time (posters may share a hall)."""
    room = session.room
    if room is None:
        return []
    if room.venue_id != session.event.venue_id:
        return [_("%(room)s is not at this event's venue.") % {"room": room.name}]
    clashes = _overlapping(session).filter(room_id=room.pk)
    if session.kind == SessionKind.POSTER:
        clashes = clashes.exclude(kind=SessionKind.POSTER)
    clash = clashes.order_by("starts_at").first()
    if clash is None:
        return []
    return [
        _("%(room)s is already booked from %(start)s to %(end)s for “%(title)s”.")
        % {
            "room": room.name,
            "start": _when(session.event, clash.starts_at),
            "end": _hhmm(session.event, clash.ends_at),
            "title": clash.title,
        }
    ]


def check_speakers(session: Session, speakers: Iterable[Speaker]) -> list[str]:
    """No speaker is in two sessions at once."""
    speakers = list(speakers)
    if not speakers:
        return []
    ids = [s.pk for s in speakers]
    links = (
        SessionSpeaker.objects.filter(speaker_id__in=ids, session__in=_overlapping(session))
        .select_related("speaker", "session")
        .order_by("session__starts_at", "speaker_id")
    )
    errors = []
    seen = set()
    for link in links:
        if link.speaker_id in seen:
            continue
        seen.add(link.speaker_id)
        errors.append(
            _("%(speaker)s is already speaking in “%(title)s” from %(start)s to %(end)s.")
            % {
                "speaker": link.speaker.name,
                "title": link.session.title,
                "start": _when(session.event, link.session.starts_at),
                "end": _hhmm(session.event, link.session.ends_at),
            }
        )
    foreign = [s for s in speakers if s.event_id != session.event_id]
    errors += [
        _("%(speaker)s is a speaker of another event.") % {"speaker": s.name} for s in foreign
    ]
    return errors


def check_capacity(session: Session) -> list[str]:
    """Seats booked ahead fit the room, and are not fewer than the places already given."""
    if session.capacity is None:
        return []
    errors = []
    if session.room is not None and session.capacity > session.room.capacity:
        errors.append(
            _("%(seats)s seats are more than %(room)s holds (%(capacity)s).")
            % {
                "seats": session.capacity,
                "room": session.room.name,
                "capacity": session.room.capacity,
            }
        )
    if session.pk:
        held = SessionBooking.objects.filter(session=session, status__in=HOLDING_STATUSES).count()
        if session.capacity < held:
            errors.append(
                _("%(held)s places are already booked; the session cannot have fewer seats.")
                % {"held": held}
            )
    return errors


def check_session(
    session: Session, *, speakers: Iterable[Speaker] | None = None
) -> dict[str, list[str]]:
    """Every conflict of `session` (not yet saved, or changed) by field. No side effects."""
    errors: dict[str, list[str]] = {}
    for field in ("languages", "interpretation_into"):
        try:
            validate_languages(getattr(session, field))
        except Exception as exc:  # noqa: BLE001 — ValidationError; its messages are shown
            errors[field] = list(getattr(exc, "messages", [str(exc)]))
    if session.starts_at is None or session.ends_at is None:
        return errors
    if times := check_times(session):
        errors["starts_at"] = times
    if session.ends_at > session.starts_at:
        if room := check_room(session):
            errors["room"] = room
        if speakers is None and session.pk:
            speakers = list(session.speakers.all())
        if people := check_speakers(session, speakers or []):
            errors["speakers"] = people
    if seats := check_capacity(session):
        errors["capacity"] = seats
    return errors


def raise_conflicts(session: Session, *, speakers: Iterable[Speaker] | None = None) -> None:
    from healthycity.conference.domain.errors import merge

    if (error := merge(check_session(session, speakers=speakers))) is not None:
        raise error


@transaction.atomic
def save_session(*, session: Session, speakers: Iterable[Speaker] | None = None) -> Session:
    """Check `session` for conflicts and save it; when `speakers` is given, they become its
    speakers in that order. Side effects: the session's row and its speaker links. Raises
    ValidationError (by field) and writes nothing when there is a conflict.

    Places freed by more seats go to the session's waiting list (registration.fill_session)."""
    from healthycity.conference.domain import registration

    speakers = list(speakers) if speakers is not None else None
    # The event row is the lock: two officials saving sessions at once are checked in turn.
    type(session.event).objects.select_for_update().filter(pk=session.event_id).first()
    raise_conflicts(session, speakers=speakers)
    session.save()
    if speakers is not None:
        SessionSpeaker.objects.filter(session=session).exclude(speaker__in=speakers).delete()
        for order, speaker in enumerate(speakers):
            SessionSpeaker.objects.update_or_create(
                session=session, speaker=speaker, defaults={"order": order}
            )
    if session.is_limited:
        registration.fill_session(session=session)
        from healthycity.conference.domain.checkin import ensure_lists

        ensure_lists(event=session.event)  # its door list, for the scanners
    return session


def sessions_query(
    event, *, day: dt.date | None = None, track: str = "", room: str = "", language: str = ""
):
    """The published programme of `event`, filtered, in time order (public: no personal data)."""
    qs = (
        Session.objects.filter(event=event, status=SessionStatus.PUBLISHED)
        .select_related("track", "room")
        .prefetch_related("speaker_links__speaker")
        .order_by("starts_at", "room__order", "id")
    )
    if day is not None:
        start, end = event.day_bounds(day)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    if track:
        qs = qs.filter(track__slug=track)
    if room:
        qs = qs.filter(room__code=room)
    if language:
        qs = qs.filter(Q(languages__contains=language) | Q(interpretation_into__contains=language))
    return qs
