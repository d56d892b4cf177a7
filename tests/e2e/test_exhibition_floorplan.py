"""The exhibition floor plan in a real browser: the DDP halls drawn as SVG with every booth and
its exhibitor, each let booth a link reachable by keyboard; on a phone too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def exhibition(people):
    from healthycity.accounts.enums import OrganisationKind
    from healthycity.conference.exhibition.demo import furnish
    from tests.conference.factories import EventFactory
    from tests.factories import OrganisationFactory

    for slug in ("yuhan", "cj", "hyundai"):  # the cast has InBody; the demo has all four
        OrganisationFactory(kind=OrganisationKind.PARTNER, slug=slug)
    today = timezone.localdate()
    event = EventFactory(slug="afhc-2026", starts_on=today, ends_on=today + dt.timedelta(days=2))
    return event, furnish(event)


def test_the_floor_plan_shows_booths_with_their_exhibitors(page, exhibition):
    event, exhibitors = exhibition
    page.goto(f"/conference/{event.slug}/exhibition/")
    plan = page.locator("[data-testid=floorplan-art-hall-1] svg")
    plan.wait_for()
    # every let booth is a link named after its exhibitor
    links = page.locator("svg a.fp-booth")
    assert links.count() == len(exhibitors) == 42
    inbody = page.locator("svg a[data-booth=A-01]")
    assert "인바디" in inbody.get_attribute("aria-label")
    assert "측정" in inbody.get_attribute("aria-label")  # it has a measurement station
    # the name is written inside the island booth, and the booth has a size on screen
    assert "인바디" in inbody.text_content()
    box = inbody.bounding_box()
    assert box["width"] > 60 and box["height"] > 40
    # vacant booths are drawn but are not links
    assert page.locator("svg g.fp-vacant").count() == 47 - 42
    assert page.locator("ul.fp-legend li").count() == 5
    screenshot(page, "exhibition-floorplan")
    # keyboard: the booths are in the tab order and show focus
    page.focus("[data-testid=floorplan-art-hall-1]")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-booth')")
    assert focused == "A-01"
    screenshot(page, "exhibition-floorplan-focus", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/exhibitors/{exhibitors['inbody'].slug}/")
    assert page.locator("[data-testid=exhibitor-name]").inner_text() == "인바디"
    assert page.locator("svg a.fp-current[data-booth=A-01]").count() == 1
    page.problems.assert_none()


def test_the_floor_plan_on_a_phone(phone_page, exhibition):
    event, _exhibitors = exhibition
    page = phone_page
    page.goto(f"/conference/{event.slug}/exhibition/?hall=art-hall-2")
    page.locator("[data-testid=floorplan-art-hall-2] svg").wait_for()
    assert page.locator("[data-testid=floorplan-art-hall-1]").count() == 0
    # the page itself does not scroll sideways; the plan does, at a legible scale
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    booth = page.locator("svg a[data-booth=B-01]").bounding_box()
    assert booth["width"] >= 44  # a 3 m booth stays tappable
    # Names written inside booths are legible on the phone (at least about 11 px).
    heights = page.eval_on_selector_all(
        "[data-testid=floorplan-art-hall-2] .fp-name",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 12, heights
    rows = page.locator("[data-testid=booth-list] tbody tr")
    assert rows.count() == 19
    assert "수원" in page.locator("[data-testid=booth-list]").inner_text()
    screenshot(phone_page, "exhibition-floorplan-phone")
    page.problems.assert_none()
