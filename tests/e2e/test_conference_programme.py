"""The public programme on a phone: filters by day, track, room and language (a session held in
Korean with interpretation into English counts as English), starring sessions into a personal
agenda, and the agenda's own calendar feed. Nothing is wider than the phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from healthycity.conference.models import PersonalAgenda
from tests.conference.factories import (
    EventFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
    VenueFactory,
    at,
)
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def programme(people):
    first = timezone.localdate() + dt.timedelta(days=20)
    second = first + dt.timedelta(days=1)
    venue = VenueFactory()
    event = EventFactory(slug="afhc-prog", venue=venue, starts_on=first, ends_on=second)
    hall = RoomFactory(
        venue=venue, code="hall", name_ko="알림1관", name_en="Art Hall 1", capacity=900
    )
    room = RoomFactory(
        venue=venue, code="conf-a", name_ko="국제회의장 A", name_en="Conference Room A"
    )
    health = TrackFactory(
        event=event, slug="health", name_ko="건강 형평성", name_en="Health equity"
    )
    digital = TrackFactory(
        event=event,
        slug="digital",
        name_ko="디지털 헬스",
        name_en="Digital health",
        colour="#d63d4a",
    )
    speaker = SpeakerFactory(
        event=event, name_ko="마리아 산토스", name_en="Maria Santos", affiliation_en="Marikina City"
    )
    keynote = SessionFactory(
        event=event,
        kind="keynote",
        room=hall,
        track=health,
        title_ko="기조연설: 건강도시의 다음 10년, 불평등을 줄이는 도시 정책과 시민 참여의 새로운 모델",
        title_en="Keynote: the next ten years of healthy cities",
        starts_at=at(first, "09:30"),
        ends_at=at(first, "10:30"),
        languages="ko",
        interpretation="simultaneous",
        interpretation_into="en",
    )
    keynote.speaker_links.create(speaker=speaker)
    SessionFactory(
        event=event,
        kind="parallel",
        room=room,
        track=digital,
        title_ko="웨어러블 데이터와 도시 건강",
        title_en="Wearable data and urban health",
        starts_at=at(first, "11:00"),
        ends_at=at(first, "12:00"),
        languages="en",
    )
    SessionFactory(
        event=event,
        kind="parallel",
        room=room,
        track=health,
        title_ko="복지관과 함께하는 체성분 측정",
        title_en="Body-composition checks with welfare centres",
        starts_at=at(second, "10:00"),
        ends_at=at(second, "11:00"),
        languages="ko",
    )
    SessionFactory(
        event=event,
        kind="workshop",
        room=hall,
        track=digital,
        capacity=40,
        title_ko="워크숍: 스마트 헬스케어 기기 체험",
        title_en="Workshop: trying smart health devices",
        starts_at=at(second, "14:00"),
        ends_at=at(second, "16:00"),
        languages="ko,en",
    )
    return event


def _count(page) -> int:
    return page.locator("#programme [data-testid=session]").count()


def _filter(page, select: str, value: str, expected: int) -> None:
    page.select_option(select, value)
    expect(page.locator("#programme [data-testid=session]")).to_have_count(expected)


def test_programme_filters_and_personal_agenda_on_a_phone(phone_page, people, programme):
    page = phone_page
    login(page, people.citizen_user.username)
    page.goto("/conference/afhc-prog/programme/")
    assert _count(page) == 4
    assert page.evaluate(FITS), "the programme is wider than the phone"
    screenshot(page, "conference-programme-phone")

    second = programme.ends_on.isoformat()
    _filter(page, "#f-day", second, 2)
    assert "day=" + second in page.url  # the filtered programme has its own address
    _filter(page, "#f-track", "digital", 1)
    assert "워크숍" in page.inner_text("#programme")
    _filter(page, "#f-day", "", 2)
    _filter(page, "#f-room", "hall", 1)
    _filter(page, "#f-track", "", 2)
    # English: the English session, the bilingual workshop and the keynote interpreted into it.
    _filter(page, "#f-room", "", 4)
    _filter(page, "#f-language", "en", 3)
    assert "복지관" not in page.inner_text("#programme")
    assert page.evaluate(FITS)
    screenshot(page, "conference-programme-filtered-phone")

    # Star the keynote; it appears in the agenda, whose private feed lists it.
    page.locator("[data-testid=session]", has_text="기조연설").locator("[data-testid=star]").click()
    page.wait_for_selector("[data-testid=session]:has-text('기조연설') [aria-pressed=true]")
    page.goto("/conference/afhc-prog/agenda/")
    assert page.locator("[data-testid=session]").count() == 1
    feed_url = page.input_value("[data-testid=feed-url]")
    agenda = PersonalAgenda.objects.get(user=people.citizen_user)
    assert feed_url.endswith(f"/conference/afhc-prog/agenda/{agenda.feed_token}.ics")
    assert page.evaluate(FITS)
    screenshot(page, "conference-agenda-phone")
    feed = page.request.get(feed_url)
    assert feed.ok and feed.text().count("BEGIN:VEVENT") == 1
    page.problems.assert_none()
