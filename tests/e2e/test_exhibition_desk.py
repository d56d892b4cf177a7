"""The booth desk on a staff phone: a typed ticket code answers at once — green with the shared
fields for a visitor who consented, blue and anonymous otherwise, red for an unknown code; the
partner's figures page hides small groups. And after the conference: an attendee rates a
session and downloads a certificate whose code verifies."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD as FACTORY_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def expo(people):
    from tests.conference.exhibition.world import build_expo

    return build_expo(people)


def test_scans_at_the_booth_desk(phone_page, expo, people):
    from healthycity.conference.exhibition.domain import leads

    leads.share_contact(
        registration=expo.citizen_ticket.registration,
        exhibitor=expo.inbody,
        fields=["name", "affiliation"],
    )
    page = phone_page
    login(page, expo.inbody_staff.username, FACTORY_PASSWORD)
    page.goto("/conference/exhibition/booths/")  # one booth: straight to its desk
    page.wait_for_url(f"**/booths/{expo.inbody.external_id}/")
    page.fill("#id_code", expo.citizen_ticket.display_code.lower())
    page.click("[data-testid=scan-form] button[type=submit]")
    result = page.locator("[data-testid=scan-result]")
    assert result.get_attribute("data-result") == "lead"
    text = result.inner_text()
    assert "김민지" in text and "종로1동" in text and "minji@example.org" not in text
    screenshot(page, "exhibition-desk-lead")
    page.fill("#id_code", expo.other_ticket.display_code)
    page.click("[data-testid=scan-form] button[type=submit]")
    result = page.locator("[data-testid=scan-result]")
    assert result.get_attribute("data-result") == "visit"
    assert "이철수" not in result.inner_text()
    page.fill("#id_code", "NOT-A-REAL-CODE")
    page.click("[data-testid=scan-form] button[type=submit]")
    assert page.locator("[data-testid=scan-result]").get_attribute("data-result") == "unknown"
    screenshot(page, "exhibition-desk-unknown", full_page=False)
    assert page.locator("[data-testid=recent-scans] tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.problems.assert_none()


def test_the_partner_sees_its_booth_figures_with_small_groups_hidden(page, expo, people):
    from healthycity.conference.exhibition.domain import leads

    for ticket in (expo.citizen_ticket, expo.other_ticket, expo.delegate_ticket):
        leads.record_visit(exhibitor=expo.inbody, payload=ticket.secret, by=expo.inbody_staff)
    login(page, people.partner.username)
    page.goto(f"/conference/exhibition/booths/{expo.inbody.external_id}/figures/")
    assert page.locator("[data-testid=figure-visitors]").inner_text() in ("숨김", "hidden")
    assert "김민지" not in page.locator("#container").inner_text()
    screenshot(page, "exhibition-figures-partner")
    page.problems.assert_none()
