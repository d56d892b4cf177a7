"""The programme in the formats other software reads: iCalendar (one VEVENT per session), the
frab/pentabarf schedule XML and its JSON form (read by conference apps such as Giggity,
ConfClerk and the c3voc tools), and schema.org Event JSON-LD for search engines.

Titles and abstracts are in the active language (Korean unless the request asks for English),
falling back to Korean where no English text was written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from xml.etree import ElementTree as ET  # noqa: S405 — we only write XML here, never parse input

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from healthycity.conference.domain.programme import sessions_query
from healthycity.conference.enums import SessionStatus
from healthycity.conference.models import Event, Session

GENERATOR = "healthycity"


def _version(event: Event, sessions: list[Session]) -> str:
    """Changes whenever the programme does (apps compare it to decide whether to reload)."""
    latest = max([event.updated_at, *(s.updated_at for s in sessions)])
    return latest.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _session_slug(event: Event, session: Session) -> str:
    base = slugify(session.title_en or session.title_ko, allow_unicode=False)[:50].strip("-")
    return f"{event.slug}-{session.pk}" + (f"-{base}" if base else "")


def _persons(session: Session) -> list[tuple[int, str, str]]:
    return [
        (link.speaker.pk, str(link.speaker.external_id), link.speaker.name)
        for link in session.speaker_links.all()
    ]


def _room_name(session: Session) -> str:
    if session.room is not None:
        return session.room.name
    return session.location_note or ""


def _by_day(event: Event, sessions: Iterable[Session]) -> dict[dt.date, list[Session]]:
    days: dict[dt.date, list[Session]] = {day: [] for day in event.days}
    for session in sessions:
        days.setdefault(session.starts_at.astimezone(event.tz).date(), []).append(session)
    return days


def programme(event: Event) -> list[Session]:
    return list(sessions_query(event))


def _event_url(event: Event, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/conference/{event.slug}/"


def _session_url(event: Event, session: Session, base_url: str) -> str:
    return f"{_event_url(event, base_url)}sessions/{session.external_id}/"


def _event_dict(event: Event, session: Session, base_url: str) -> dict:
    local = session.starts_at.astimezone(event.tz)
    languages = session.language_list
    return {
        "guid": str(session.external_id),
        "id": session.pk,
        "date": local.isoformat(),
        "start": local.strftime("%H:%M"),
        "duration": _hhmm(session.duration_minutes),
        "room": _room_name(session),
        "slug": _session_slug(event, session),
        "url": _session_url(event, session, base_url),
        "title": session.title,
        "subtitle": "",
        "track": session.track.name if session.track else "",
        "type": session.kind,
        "language": languages[0] if languages else "",
        "abstract": session.abstract,
        "description": "",
        "persons": [
            {"id": pid, "guid": guid, "public_name": name} for pid, guid, name in _persons(session)
        ],
        "links": [],
        "attachments": [],
        "do_not_record": True,
        "recording_license": "",
    }


# --- frab schedule XML ----------------------------------------------------------------------


def schedule_xml(event: Event, *, base_url: str) -> bytes:
    """The frab/pentabarf schedule XML: <schedule><version/><conference/><day><room><event/>."""
    sessions = programme(event)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    ET.SubElement(root, "version").text = _version(event, sessions)
    conference = ET.SubElement(root, "conference")
    for tag, value in (
        ("acronym", event.slug),
        ("title", event.name),
        ("start", event.starts_on.isoformat()),
        ("end", event.ends_on.isoformat()),
        ("days", str(len(event.days))),
        ("timeslot_duration", "00:15"),
        ("base_url", _event_url(event, base_url)),
        ("time_zone_name", event.timezone),
    ):
        ET.SubElement(conference, tag).text = value
    for index, (day, day_sessions) in enumerate(sorted(_by_day(event, sessions).items()), start=1):
        start, end = event.day_bounds(day)
        day_el = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=start.isoformat(),
            end=end.isoformat(),
        )
        rooms: dict[str, ET.Element] = {}
        for session in day_sessions:
            name = _room_name(session)
            if name not in rooms:
                attrs = {"name": name}
                if session.room is not None:
                    attrs["guid"] = str(session.room.external_id)
                rooms[name] = ET.SubElement(day_el, "room", attrs)
            _event_element(rooms[name], _event_dict(event, session, base_url))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event_element(parent: ET.Element, data: dict) -> None:
    el = ET.SubElement(parent, "event", guid=data["guid"], id=str(data["id"]))
    for tag in ("date", "start", "duration", "room", "slug", "url"):
        ET.SubElement(el, tag).text = data[tag]
    recording = ET.SubElement(el, "recording")
    ET.SubElement(recording, "license").text = ""
    ET.SubElement(recording, "optout").text = "true"
    for tag in ("title", "subtitle", "track", "type", "language", "abstract", "description"):
        ET.SubElement(el, tag).text = data[tag]
    persons = ET.SubElement(el, "persons")
    for person in data["persons"]:
        ET.SubElement(persons, "person", id=str(person["id"]), guid=person["guid"]).text = person[
            "public_name"
        ]
    ET.SubElement(el, "links")
    ET.SubElement(el, "attachments")


# --- frab schedule JSON ---------------------------------------------------------------------


def schedule_json(event: Event, *, base_url: str) -> dict:
    """The same schedule as JSON, in the structure of the c3voc/frab schedule.json."""
    sessions = programme(event)
    rooms = sorted(
        {
            (s.room.order, s.room.name, str(s.room.external_id))
            for s in sessions
            if s.room is not None
        }
    )
    tracks = sorted(
        {(t.order, t.name, t.colour) for t in (s.track for s in sessions) if t is not None}
    )
    days = []
    for index, (day, day_sessions) in enumerate(sorted(_by_day(event, sessions).items()), start=1):
        start, end = event.day_bounds(day)
        by_room: dict[str, list] = {}
        for session in day_sessions:
            by_room.setdefault(_room_name(session), []).append(
                _event_dict(event, session, base_url)
            )
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start.isoformat(),
                "day_end": end.isoformat(),
                "rooms": by_room,
            }
        )
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": _version(event, sessions),
            "base_url": _event_url(event, base_url),
            "conference": {
                "acronym": event.slug,
                "title": event.name,
                "start": event.starts_on.isoformat(),
                "end": event.ends_on.isoformat(),
                "daysCount": len(event.days),
                "timeslot_duration": "00:15",
                "time_zone_name": event.timezone,
                "url": _event_url(event, base_url),
                "rooms": [{"name": name, "guid": guid} for _, name, guid in rooms],
                "tracks": [{"name": name, "color": colour} for _, name, colour in tracks],
                "days": days,
            },
        },
    }


# --- iCalendar ------------------------------------------------------------------------------


def calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    base_url: str,
    name: str = "",
    include_cancelled: bool = False,
) -> bytes:
    """An iCalendar file with one VEVENT per session (times in the event's time zone, with its
    VTIMEZONE). Cancelled sessions are kept as STATUS:CANCELLED when `include_cancelled`, so a
    subscribed calendar removes them."""
    import icalendar

    host = re.sub(r"^https?://", "", base_url).split("/")[0] or "healthycity"
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{GENERATOR}//conference//{settings.LANGUAGE_CODE.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or event.name)
    cal.add("x-wr-timezone", event.timezone)
    stamp = timezone.now()
    for session in sessions:
        if session.status == SessionStatus.CANCELLED and not include_cancelled:
            continue
        vevent = icalendar.Event()
        vevent.add("uid", f"{session.external_id}@{host}")
        vevent.add("dtstamp", stamp)
        vevent.add("last-modified", session.updated_at)
        vevent.add("dtstart", session.starts_at.astimezone(event.tz))
        vevent.add("dtend", session.ends_at.astimezone(event.tz))
        vevent.add("summary", session.title)
        speakers = ", ".join(name for _, _, name in _persons(session))
        description = "\n\n".join(part for part in (speakers, session.abstract) if part)
        if description:
            vevent.add("description", description)
        where = ", ".join(part for part in (_room_name(session), event.venue.name) if part)
        vevent.add("location", where)
        if session.track is not None:
            vevent.add("categories", [session.track.name])
        vevent.add("url", _session_url(event, session, base_url))
        vevent.add(
            "status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED"
        )
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


# --- schema.org JSON-LD ---------------------------------------------------------------------


def json_ld(event: Event, *, base_url: str) -> str:
    """schema.org Event for the event page (a <script type="application/ld+json"> body)."""
    venue = event.venue
    place: dict = {"@type": "Place", "name": venue.name}
    if venue.address:
        place["address"] = {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressCountry": "KR",
        }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "startDate": event.starts_on.isoformat(),
        "endDate": event.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "url": _event_url(event, base_url),
        "inLanguage": ["ko", "en"],
    }
    if event.description:
        data["description"] = event.description
    if event.organiser is not None:
        data["organizer"] = {"@type": "Organization", "name": event.organiser.name}
    # "</" would end the script element early; JSON allows the escaped slash.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
