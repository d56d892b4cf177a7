"""After the conference in a browser: the attendee rates a session they attended on a phone and
downloads their certificate; its code verifies on the public page; officials see attendance."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def after(people):
    import datetime as dt

    from django.utils import timezone

    from healthycity.conference.enums import CategoryKind, ListKind, SessionKind
    from healthycity.conference.models import CheckinList
    from tests.conference.afterwards.conftest import check_in
    from tests.conference.exhibition.factories import ticket_for
    from tests.conference.factories import CategoryFactory, EventFactory, SessionFactory, at

    first = timezone.localdate() - dt.timedelta(days=3)
    event = EventFactory(slug="afhc-2026", starts_on=first, ends_on=first + dt.timedelta(days=2))
    citizens = CategoryFactory(event=event)
    CategoryFactory(
        event=event,
        code="delegate",
        kind=CategoryKind.DELEGATE,
        name_ko="회원도시 대표단",
        name_en="Delegate",
    )
    day1 = CheckinList.objects.create(
        event=event, kind=ListKind.ENTRY, day=first, name_ko="1일차 입장", name_en="Day 1"
    )
    SessionFactory(
        event=event,
        kind=SessionKind.KEYNOTE,
        title_ko="건강도시의 미래",
        title_en="The future of healthy cities",
    )
    SessionFactory(
        event=event,
        title_ko="걷기 좋은 도시",
        starts_at=at(first, "14:00"),
        ends_at=at(first, "15:30"),
    )
    ticket = ticket_for(
        event=event,
        category=citizens,
        user=people.citizen_user,
        citizen=people.citizen,
        name="김민지",
        affiliation="종로1동",
    )
    check_in(ticket, day1)
    return event


def test_an_attendee_rates_and_gets_a_verifiable_certificate(
    phone_page, page, after, people, tmp_path
):
    from healthycity.conference.afterwards.models import Certificate, SessionFeedback

    phone = phone_page
    login(phone, people.citizen_user.username)
    phone.goto(f"/conference/{after.slug}/afterwards/")
    sessions = phone.locator("[data-testid=rate-session]")
    assert sessions.count() == 2
    first = sessions.first
    first.locator("label", has_text="5").first.click()
    first.locator("textarea").fill("발표가 좋았어요. 연락처 010-2222-3333")
    first.locator("button[type=submit]").click()
    phone.wait_for_load_state("load")
    assert SessionFeedback.objects.get().rating == 5
    assert "3333" not in SessionFeedback.objects.get().comment
    screenshot(phone, "afterwards-mine")
    with phone.expect_download() as download:
        phone.click("[data-testid=certificate-link]")
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    code = Certificate.objects.get().display_code
    page.goto(f"/conference/certificates/{code.lower()}/")
    assert "김민지" in page.locator("[data-testid=certificate-valid]").inner_text()
    screenshot(page, "afterwards-certificate-verify")
    page.goto("/conference/certificates/0000-0000-0000-0000/")
    assert page.locator("[data-testid=certificate-invalid]").count() == 1
    # a download ends the navigation that started it: Chromium reports it as aborted
    phone.problems.failed = [f for f in phone.problems.failed if "certificate.pdf" not in f]
    phone.problems.assert_none()


def test_officials_see_attendance_and_feedback(page, after, people):
    login(page, people.official.username)
    page.goto(f"/conference/{after.slug}/afterwards/dashboard/")
    assert page.locator("[data-testid=attendees]").inner_text() == "1"
    assert page.locator("[data-testid=attendance-by-session] tbody tr").count() == 2
    page.wait_for_selector("[data-testid=attendance-chart] .main-svg", timeout=60_000)
    screenshot(page, "afterwards-dashboard")
    page.problems.assert_none()
