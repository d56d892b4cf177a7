"""The conference in a real browser: a citizen registers on a phone and opens the ticket; gate
staff check it in on a phone by typed code; scans made offline are queued, uploaded when the
network is back, and counted once; the organisers' dashboard shows the live counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from healthycity.conference.domain import registration as reg
from healthycity.conference.models import Checkin, CheckinList, Gate, Registration
from tests.conference.factories import (
    CategoryFactory,
    EventFactory,
    SessionFactory,
    VenueFactory,
    at,
)
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def event(people):
    first = timezone.localdate()
    venue = VenueFactory(
        address_ko="서울 중구 을지로 281", address_en="281 Eulji-ro, Jung-gu, Seoul"
    )
    event = EventFactory(
        slug="afhc-e2e",
        venue=venue,
        starts_on=first,
        ends_on=first + dt.timedelta(days=2),
        description_ko="건강도시연맹 회원도시가 모여 정책을 나눕니다.",
        description_en="Member cities of the Alliance share their policies.",
    )
    CategoryFactory(
        event=event,
        code="citizen",
        kind="citizen",
        name_ko="시민 참관객",
        name_en="Citizen visitor",
        colour="#1e7e34",
        description_ko="서울 시민 누구나",
        description_en="Any citizen of Seoul",
    )
    CategoryFactory(
        event=event, code="press", kind="press", name_ko="언론", name_en="Press", colour="#6b2fb3"
    )
    from tests.conference.factories import RoomFactory

    hall = RoomFactory(
        venue=venue,
        code="hall",
        name_ko="알림1관",
        name_en="Art Hall 1",
        capacity=1000,
        kind="hall",
    )
    SessionFactory(
        event=event,
        kind="keynote",
        room=hall,
        title_ko="기조연설: 건강도시의 다음 10년",
        title_en="Keynote: the next ten years of healthy cities",
        starts_at=at(first, "09:30"),
        ends_at=at(first, "10:30"),
    )
    Gate.objects.create(event=event, name_ko="정문 A", name_en="Main entrance A")
    CheckinList.objects.create(
        event=event, kind="entry", day=first, name_ko="1일차 입장", name_en="Day 1 entry"
    )
    return event


def test_citizen_registers_on_a_phone_and_opens_the_ticket(phone_page, people, event):
    page = phone_page
    login(page, people.citizen_user.username)
    page.goto("/conference/afhc-e2e/")
    assert page.locator("script[type='application/ld+json']").count() == 1
    screenshot(page, "conference-event-phone")
    page.click("[data-testid=register]")
    page.click("[data-testid=category-citizen]")
    assert page.input_value("#id_name") == "김민지"
    page.click("[data-testid=register-submit]")  # without consent: refused, nothing written
    page.wait_for_load_state("load")
    assert page.locator(".form-hint-invalid").count() >= 1 and not Registration.objects.exists()
    page.click("label[for=id_consent]")
    page.click("[data-testid=register-submit]")
    page.wait_for_url("**/conference/afhc-e2e/my/")
    assert page.get_attribute("[data-testid=registration-status]", "data-status") == "confirmed"
    page.click("[data-testid=open-ticket]")
    page.wait_for_url("**/conference/afhc-e2e/ticket/")
    ticket = Registration.objects.get().ticket
    assert page.inner_text("[data-testid=ticket-code]") == ticket.display_code
    assert page.locator("[data-testid=ticket] svg").count() == 1
    box = page.locator("[data-testid=ticket] svg").bounding_box()
    assert (
        box["width"] >= 180 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    )  # fits the phone
    screenshot(page, "conference-ticket-phone")
    page.problems.assert_none()


def _register_device(page):
    page.goto("/conference/afhc-e2e/scanner/")
    page.fill("#device-name", "A-1")
    page.click("[data-testid=register-device]")
    page.wait_for_selector("#work:not([hidden])")
    expect(page.locator("[data-testid=list-status]")).not_to_be_empty()


def _type(page, code):
    page.fill("[data-testid=code]", code)
    page.click("[data-testid=check]")


def test_staff_phone_checks_in_by_typed_code_and_offline_scans_count_once(
    phone_page, people, event, browser, live_server
):
    citizen = reg.register(
        event=event,
        category=event.categories.get(code="citizen"),
        name="김민지",
        user=people.citizen_user,
        citizen=people.citizen,
        consent=True,
    )
    press = reg.register(
        event=event, category=event.categories.get(code="press"), name="Reporter", consent=True
    )
    page = phone_page
    login(page, people.official.username)
    _register_device(page)
    assert "A-1" in page.inner_text("[data-testid=device-label]")
    # The whole typed code shows on the phone, so staff can check what they typed.
    page.fill("[data-testid=code]", citizen.ticket.display_code)
    assert page.eval_on_selector("[data-testid=code]", "el => el.scrollWidth <= el.clientWidth"), (
        "the typed code is cut off"
    )

    # Online: typed code, with dashes and lower case as staff type it.
    _type(page, citizen.ticket.display_code.lower())
    page.wait_for_selector("[data-testid=result][data-status=ok]")
    assert "김민지" in page.inner_text("[data-testid=result]")
    screenshot(page, "conference-scanner-ok-phone")
    _type(page, citizen.ticket.secret)
    page.wait_for_selector("[data-testid=result][data-status=already]")
    assert "A-1" in page.inner_text("[data-testid=result]")
    screenshot(page, "conference-scanner-already-phone")
    _type(page, "ABCDE-FGHJK-MNPQR-STVWX")
    page.wait_for_selector("[data-testid=result][data-status=unknown]")

    # Offline: the same ticket again, and a ticket not yet seen; both are queued.
    page.context.set_offline(True)
    expect(page.locator("[data-testid=net]")).to_have_class(re.compile(r"\boffline\b"))
    _type(page, citizen.ticket.display_code)
    page.wait_for_selector("[data-testid=result][data-status=already]")
    _type(page, press.ticket.display_code)
    page.wait_for_selector("[data-testid=result][data-status=ok]")
    assert page.inner_text("[data-testid=queued]") == "2"
    screenshot(page, "conference-scanner-offline-phone")
    assert Checkin.objects.filter(ticket=press.ticket).count() == 0

    # Back online: the queue is uploaded; each ticket is checked in once.
    page.context.set_offline(False)
    expect(page.locator("[data-testid=queued]")).to_have_text("0", timeout=20_000)
    assert Checkin.objects.filter(ticket=citizen.ticket, status="ok").count() == 1
    assert Checkin.objects.filter(ticket=press.ticket, status="ok").count() == 1
    assert Checkin.objects.filter(ticket=press.ticket, offline=True).count() == 1
    assert (
        Checkin.objects.filter(ticket=citizen.ticket).count() == 3
    )  # ok, already online, already offline
    page.problems.errors.clear()  # the offline fetch attempts are expected failures
    page.problems.failed.clear()

    # The organisers' dashboard counts first check-ins per gate, and refreshes itself.
    desk = browser.new_context(
        base_url=live_server.url, locale="ko-KR", viewport={"width": 1280, "height": 900}
    )
    official = desk.new_page()
    login(official, people.official.username)
    official.goto("/conference/afhc-e2e/manage/")
    assert official.inner_text("[data-testid=gate-total]") == "2"
    screenshot(official, "conference-dashboard")
    desk.close()
