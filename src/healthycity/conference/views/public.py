"""Public pages: events, the event page (with schema.org JSON-LD), the programme with filters,
a session, and the exports."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from healthycity.conference import exports
from healthycity.conference.domain import registration as reg_domain
from healthycity.conference.domain.programme import sessions_query
from healthycity.conference.enums import SessionLanguage
from healthycity.conference.models import PersonalAgenda, Session
from healthycity.conference.queries import events_visible_to, own_registration
from healthycity.conference.views.common import base_url, event_or_404


def event_list(request):
    events = list(events_visible_to(request.user).order_by("-starts_on"))
    if len(events) == 1:
        return redirect("conference:event", slug=events[0].slug)
    return render(request, "conference/event_list.html", {"events": events})


def event_page(request, slug):
    event = event_or_404(request, slug)
    sessions = sessions_query(event)
    return render(
        request,
        "conference/event.html",
        {
            "event": event,
            "json_ld": exports.json_ld(event, base_url=base_url(request)),
            "highlights": sessions.filter(kind__in=["keynote", "plenary"])[:6],
            "session_count": sessions.count(),
            "registration": own_registration(request.user, event),
            "registration_closes_at": event.registration_closes_at,
            "categories": event.categories.filter(is_open=True, self_service=True),
            "can_manage": request.user.has_perm("conference.manage_event", event),
            "can_scan": request.user.has_perm("conference.checkin", event),
        },
    )


def _filters(request, event) -> dict:
    day = None
    raw = request.GET.get("day", "")
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day not in event.days:
        day = None
    return {
        "day": day,
        "track": request.GET.get("track", ""),
        "room": request.GET.get("room", ""),
        "language": request.GET.get("language", "")
        if request.GET.get("language") in SessionLanguage.values
        else "",
    }


def _starred_ids(request, event) -> set[int]:
    if not request.user.is_authenticated:
        return set()
    agenda = PersonalAgenda.objects.filter(user=request.user, event=event).first()
    return set(agenda.sessions.values_list("pk", flat=True)) if agenda else set()


def programme(request, slug):
    event = event_or_404(request, slug)
    filters = _filters(request, event)
    sessions = list(sessions_query(event, **filters))
    starred = _starred_ids(request, event)
    days: dict[dt.date, list[Session]] = {}
    for session in sessions:
        session.is_starred = session.pk in starred
        days.setdefault(session.starts_at.astimezone(event.tz).date(), []).append(session)
    context = {
        "event": event,
        "days": sorted(days.items()),
        "filters": filters,
        "tracks": event.tracks.all(),
        "rooms": event.venue.rooms.filter(sessions__event=event).distinct(),
        "languages": SessionLanguage.choices,
        "count": len(sessions),
    }
    template = "conference/_programme_list.html" if request.htmx else "conference/programme.html"
    return render(request, template, context)


def session_page(request, slug, id):
    event = event_or_404(request, slug)
    session = get_object_or_404(
        Session.objects.filter(event=event, status__in=["published", "cancelled"]).select_related(
            "room", "track"
        ),
        external_id=id,
    )
    session.is_starred = session.pk in _starred_ids(request, event)
    registration = own_registration(request.user, event)
    booking = None
    if registration is not None and session.is_limited:
        booking = session.bookings.filter(registration=registration).order_by("-created_at").first()
    return render(
        request,
        "conference/session.html",
        {
            "event": event,
            "session": session,
            "speakers": [link.speaker for link in session.speaker_links.select_related("speaker")],
            "registration": registration,
            "booking": booking,
            "seats_left": _seats_left(session) if session.is_limited else None,
            "waiting_position": reg_domain.waiting_position(booking) if booking else None,
        },
    )


def _seats_left(session) -> int:
    from healthycity.conference.enums import HOLDING_STATUSES

    return max(
        0, (session.capacity or 0) - session.bookings.filter(status__in=HOLDING_STATUSES).count()
    )


def schedule_ics(request, slug):
    event = event_or_404(request, slug)
    body = exports.calendar(event, exports.programme(event), base_url=base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response


def schedule_xml(request, slug):
    event = event_or_404(request, slug)
    return HttpResponse(
        exports.schedule_xml(event, base_url=base_url(request)),
        content_type="application/xml; charset=utf-8",
    )


def schedule_json(request, slug):
    event = event_or_404(request, slug)
    return JsonResponse(
        exports.schedule_json(event, base_url=base_url(request)),
        json_dumps_params={"ensure_ascii": False},
    )


def agenda_feed(request, slug, token):
    """The personal agenda as a calendar feed: the secret token in the URL is the login (calendar
    apps cannot log in). Only session titles and times are in it — nothing about the person."""
    event = event_or_404(request, slug)
    agenda = get_object_or_404(PersonalAgenda, event=event, feed_token=token)
    sessions = (
        agenda.sessions.select_related("room", "track")
        .prefetch_related("speaker_links__speaker")
        .order_by("starts_at")
    )
    body = exports.calendar(
        event,
        sessions,
        base_url=base_url(request),
        name=_("My agenda · %(event)s") % {"event": event.name},
        include_cancelled=True,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
