"""The feedback channel in a real browser: a citizen reviews a product, the partner replies and
moves it to done, the citizen sees it ("you said, we did"); the partner downloads the ESG PDF."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot
from tests.feedback.factories import ProductFactory

pytestmark = pytest.mark.e2e


def test_citizen_reviews_partner_replies_and_citizen_sees_it_done(
    page, people, browser, live_server
):
    product = ProductFactory(
        partner=people.partner_org, slug="inbody-270", name_ko="인바디 270", name_en="InBody 270"
    )
    from healthycity.citizens.domain.consent import grant_consent

    grant_consent(citizen=people.citizen, purpose="partner_feedback")

    # 1. The citizen reviews the product (with a phone number and a script, both made harmless).
    login(page, people.citizen_user.username)
    page.goto(f"/partners/products/{product.external_id}/")
    page.click("label[for=rating-2]")
    page.fill(
        "#review-text", "결과지 글씨가 작아요 😢 <script>window.hacked=1</script> 010-1234-5678"
    )
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/feedback/mine/")
    review_text = page.locator("[data-testid=my-review] .review-text").inner_text()
    assert "<script>window.hacked=1</script>" in review_text and "010-1234-5678" not in review_text
    assert page.evaluate("window.hacked") is None
    assert page.locator("[data-testid=review-status]").inner_text() == "접수"
    page.problems.assert_none()

    # 2. The partner replies and moves it on to done, with what they did.
    partner_context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    partner = partner_context.new_page()
    login(partner, people.partner.username)
    partner.goto("/feedback/inbox/")
    partner.click(f"a:has-text('{product.name_ko}')")
    partner.fill("#reply-text", "의견 감사합니다. 다음 달부터 큰 글씨 결과지를 드립니다.")
    partner.click("[data-testid=reply-form] button[type=submit]")
    partner.wait_for_load_state("load")
    for status, note in [
        ("under_review", ""),
        ("planned", "큰 글씨 결과지 준비"),
        ("done", "결과지 글씨를 14pt로 키웠습니다"),
    ]:
        partner.select_option("#status", status)
        partner.fill("#note", note)
        partner.click("[data-testid=status-form] button[type=submit]")
        partner.wait_for_load_state("load")
    assert partner.locator("[data-testid=review-status]").inner_text() == "완료"
    screenshot(partner, "feedback-partner-review")

    # 3. The partner has the ESG report PDF made (a background job) and downloads it.
    partner.goto("/partners/companies/inbody/report/")
    partner.click("[data-testid=esg-pdf]")
    partner.wait_for_selector("[data-testid=job-file]")
    with partner.expect_download() as download:
        partner.click("[data-testid=job-file]")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("esg-inbody-")
    partner_context.close()

    # 4. The citizen sees the reply and "done" with what was done.
    page.reload()
    assert page.locator("[data-testid=review-status]").inner_text() == "완료"
    assert "큰 글씨 결과지" in page.locator("[data-testid=reply]").inner_text()
    assert "결과지 글씨를 14pt로 키웠습니다" in page.locator("[data-testid=my-review]").inner_text()
    screenshot(page, "feedback-citizen-done")
    page.problems.assert_none()
