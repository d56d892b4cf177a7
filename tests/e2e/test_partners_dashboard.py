"""A partner's dashboard and ESG report page in a real browser: charts drawn offline by plotly.js,
no script errors, small cells shown as hidden."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot
from tests.factories import CitizenFactory
from tests.feedback.factories import ProductFactory

pytestmark = pytest.mark.e2e

TEXTS = ["측정이 정확하고 좋아요", "결과지 글씨가 작아요", "가격이 비싸요", "Great and accurate"]


@pytest.fixture
def reviewed(people, settings):
    """The partner's product with 14 reviews (small cells at k = 3); (product, year)."""
    from healthycity.feedback.domain.reviews import submit_review

    settings.SMALL_CELL_K = 3
    product = ProductFactory(partner=people.partner_org, slug="inbody-270", name_ko="인바디 270")
    for i in range(14):
        submit_review(
            citizen=CitizenFactory(), product=product, rating=1 + i % 5, text=TEXTS[i % 4]
        )
    return product, product.reviews.first().period[:4]


def test_partner_sees_charts_and_report(page, people, reviewed):
    product, year = reviewed
    login(page, people.partner.username)
    page.goto(f"/feedback/dashboard/products/{product.external_id}/?period={year}")
    page.wait_for_selector("#chart-months .main-svg", timeout=60_000)  # plotly.js is 3.5 MB
    assert page.locator(".js-plotly-plot").count() >= 2
    assert "정확하다" in page.locator("#container").inner_text()
    screenshot(page, "partners-dashboard")
    page.goto(f"/partners/companies/inbody/report/?period={year}")
    assert "GRI 416-1" in page.locator("#container").inner_text()
    screenshot(page, "partners-esg-report")
    page.problems.assert_none()
