"""The practice library on a 375 px phone: the list of practices and a practice's results table
stay within the screen (the table scrolls inside its own box), in Korean and English."""

from __future__ import annotations

import pytest

from healthycity.accounts.enums import Role
from healthycity.policies.domain.practices import publish_practice, set_results, submit_practice
from healthycity.policies.domain.review import assign_reviewer, submit_review
from tests.e2e.conftest import login, screenshot, switch_language
from tests.factories import member
from tests.policies.conftest import draft, member_city
from tests.policies.test_review import PASS, sheet

pytestmark = pytest.mark.e2e
SLOW_MACHINE_MS = 60_000
WIDTH = 375


@pytest.fixture
def practice(people):
    from healthycity.places.models import MemberCity

    reviewers = []
    for slug, ko, en, country, code in (
        ("taipei", "타이베이", "Taipei", "Taiwan", "TWTPE"),
        ("ichikawa", "이치카와", "Ichikawa", "Japan", "JPICH"),
    ):
        city = member_city(slug, ko, en, country, code)
        reviewers.append(member(f"delegate-{slug}", city.organisation, Role.DELEGATE))
    suwon = MemberCity.objects.get(name_en="Suwon")
    p = draft(suwon, people.delegate)
    set_results(
        practice=p,
        rows=[
            {"indicator": "근육량(골격근량)", "unit": "kg", "baseline": 21.35, "value": 22.01,
             "estimate": 0.66, "ci_low": 0.21, "ci_high": 1.12, "n": 240},
            {"indicator": "악력", "unit": "kg", "baseline": 23.4, "value": 24.6,
             "estimate": 1.2, "ci_low": 0.4, "ci_high": 2.0, "n": 238},
        ],
    )  # fmt: skip
    p = submit_practice(practice=p, by=people.delegate)
    for reviewer in reviewers:
        a = assign_reviewer(practice=p, reviewer=reviewer, by=people.official)
        submit_review(assignment=a, by=reviewer, exclusion=PASS, scores=sheet(5, 4), comments="")
    return publish_practice(practice=p, by=people.official)


def _fits(page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= WIDTH, f"the page is {wide} px wide on a {WIDTH} px screen"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_library_and_results_table_fit_a_375px_phone(browser, live_server, people, practice, lang):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        viewport={"width": WIDTH, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(SLOW_MACHINE_MS)
    page = context.new_page()
    login(page, people.citizen_user.username)
    if lang == "en":
        page.goto("/policies/")
        switch_language(page, "en")
    page.goto("/policies/?q=걷는")
    assert page.locator("[data-testid=practice-card]").count() == 1
    screenshot(page, f"policies-library-375-{lang}")
    _fits(page)
    page.click("[data-testid=practice-card] a")
    page.wait_for_load_state("load")
    table = page.locator(".pol-results-table")
    assert table.count() == 1
    screenshot(page, f"policies-practice-375-{lang}")
    _fits(page)
    box = page.locator("[data-testid=results] .krds-table-wrap").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    context.close()
