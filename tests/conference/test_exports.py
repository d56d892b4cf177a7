"""schedule.ics, schedule.xml (frab) and schedule.json read back the way calendar and
conference apps read them."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

import icalendar
import pytest
from django.utils import translation

from healthycity.conference import exports
from healthycity.conference.domain.programme import save_session
from tests.conference.factories import SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db
BASE = "https://healthycity.example/"


@pytest.fixture
def programme(afhc):
    day1, day2 = afhc.event.starts_on, afhc.event.starts_on + dt.timedelta(days=1)
    keynote = SessionFactory(
        event=afhc.event,
        kind="keynote",
        room=afhc.hall,
        track=afhc.health,
        title_ko="기조연설: 건강도시의 미래",
        title_en="Keynote: the future of healthy cities",
        abstract_ko="초록",
        abstract_en="Abstract & <more>",
        languages="ko,en",
        starts_at=at(day1, "09:30"),
        ends_at=at(day1, "10:15"),
    )
    save_session(
        session=keynote,
        speakers=[SpeakerFactory(event=afhc.event, name_ko="김도시", name_en="Dosi Kim")],
    )
    SessionFactory(
        event=afhc.event,
        kind="workshop",
        room=afhc.room_a,
        title_ko="워크숍",
        title_en="Workshop",
        languages="en",
        starts_at=at(day2, "14:00"),
        ends_at=at(day2, "15:30"),
        capacity=30,
    )
    SessionFactory(
        event=afhc.event,
        room=afhc.room_b,
        status="draft",
        starts_at=at(day2, "14:00"),
        ends_at=at(day2, "15:00"),
    )
    return keynote


def test_frab_xml_has_what_conference_apps_read(afhc, programme):
    with translation.override("en"):
        root = ET.fromstring(exports.schedule_xml(afhc.event, base_url=BASE))  # noqa: S314 — our own output
    assert root.tag == "schedule" and root.findtext("version")
    conference = root.find("conference")
    assert conference.findtext("acronym") == "afhc-test"
    assert conference.findtext("start") == afhc.event.starts_on.isoformat()
    assert (
        conference.findtext("days") == "3" and conference.findtext("time_zone_name") == "Asia/Seoul"
    )
    days = root.findall("day")
    assert [d.get("index") for d in days] == ["1", "2", "3"]
    assert days[0].get("date") == afhc.event.starts_on.isoformat() and days[0].get(
        "start"
    ).endswith("+09:00")
    room = days[0].find("room")
    assert room.get("name") == "Art Hall 1"
    event = room.find("event")
    assert event.get("guid") == str(programme.external_id) and event.get("id") == str(programme.pk)
    assert event.findtext("title") == "Keynote: the future of healthy cities"
    assert event.findtext("start") == "09:30" and event.findtext("duration") == "00:45"
    assert event.findtext("room") == "Art Hall 1" and event.findtext("type") == "keynote"
    assert event.findtext("track") == "Health"
    assert event.findtext("language") == "ko" and event.findtext("abstract") == "Abstract & <more>"
    assert event.findtext("date").startswith(f"{afhc.event.starts_on.isoformat()}T09:30:00+09:00")
    assert [p.text for p in event.find("persons")] == ["Dosi Kim"]
    # Drafts are not published.
    assert len(root.findall(".//event")) == 2


def test_frab_xml_in_korean(afhc, programme):
    with translation.override("ko"):
        root = ET.fromstring(exports.schedule_xml(afhc.event, base_url=BASE))  # noqa: S314 — our own output
    assert root.find(".//event").findtext("title") == "기조연설: 건강도시의 미래"
    assert root.find(".//person").text == "김도시"


def test_frab_json_structure(afhc, programme):
    with translation.override("en"):
        data = json.loads(json.dumps(exports.schedule_json(afhc.event, base_url=BASE)))
    schedule = data["schedule"]
    conference = schedule["conference"]
    assert (
        schedule["version"]
        and conference["acronym"] == "afhc-test"
        and conference["daysCount"] == 3
    )
    assert {r["name"] for r in conference["rooms"]} == {"Art Hall 1", "Conference Room A"}
    day1 = conference["days"][0]
    assert day1["index"] == 1 and day1["date"] == afhc.event.starts_on.isoformat()
    (event,) = day1["rooms"]["Art Hall 1"]
    for key in (
        "guid",
        "id",
        "date",
        "start",
        "duration",
        "room",
        "slug",
        "title",
        "track",
        "type",
        "language",
        "abstract",
        "persons",
    ):
        assert key in event
    assert event["persons"][0]["public_name"] == "Dosi Kim" and event["duration"] == "00:45"
    assert conference["days"][1]["rooms"]["Conference Room A"][0]["type"] == "workshop"


def test_ics_has_one_vevent_per_session_in_seoul_time(afhc, programme):
    body = exports.calendar(afhc.event, exports.programme(afhc.event), base_url=BASE)
    cal = icalendar.Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    assert len(events) == 2
    keynote = next(e for e in events if str(e["uid"]).startswith(str(programme.external_id)))
    start = keynote.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=9) and (start.hour, start.minute) == (9, 30)
    assert keynote.decoded("dtend") - start == dt.timedelta(minutes=45)
    assert str(keynote["location"]) == "알림1관, 동대문디자인플라자"
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Asia/Seoul"
    assert str(keynote["status"]) == "CONFIRMED"


def test_json_ld_is_a_schema_org_event(afhc):
    afhc.event.venue.address_en = "281 Eulji-ro, Jung-gu, Seoul"
    afhc.event.venue.address_ko = "서울 중구 을지로 281"
    afhc.event.venue.save()
    with translation.override("en"):
        data = json.loads(exports.json_ld(afhc.event, base_url=BASE))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert (
        data["startDate"] == afhc.event.starts_on.isoformat()
        and data["endDate"] == afhc.event.ends_on.isoformat()
    )
    assert data["location"]["@type"] == "Place" and data["location"]["address"][
        "streetAddress"
    ].startswith("281")
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


def test_json_ld_cannot_close_the_script_element(afhc):
    afhc.event.description_ko = "</script><script>alert(1)</script>"
    afhc.event.save()
    assert "</script>" not in exports.json_ld(afhc.event, base_url=BASE)
