"""The practice library in a real browser: a delegate of Suwon writes and submits a practice in
Korean; delegates of Taipei and Ichikawa score it on the EU criteria; the official publishes it;
a citizen searching for an inflected Korean form of a word in its text finds it (also on a phone)."""

from __future__ import annotations

import pytest

from healthycity.accounts.enums import Role
from healthycity.policies.models import Practice
from tests.e2e.conftest import PASSWORD, login, screenshot
from tests.factories import member
from tests.policies.conftest import member_city

pytestmark = pytest.mark.e2e
# The first request imports every app's views; on a shared, loaded machine that alone has taken
# more than the suite's 15 s default. A slow page is not what this test is about.
SLOW_MACHINE_MS = 60_000


def _context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    context.set_default_timeout(SLOW_MACHINE_MS)
    return context


@pytest.fixture
def reviewers(people):
    out = []
    for slug, ko, en, country, code in (
        ("taipei", "타이베이", "Taipei", "Taiwan", "TWTPE"),
        ("ichikawa", "이치카와", "Ichikawa", "Japan", "JPICH"),
    ):
        city = member_city(slug, ko, en, country, code)
        user = member(f"delegate-{slug}", city.organisation, Role.DELEGATE)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        out.append(user)
    return out


def _review(browser, live_server, reviewer, title: str, score: int) -> None:
    context = _context(browser, live_server)
    page = context.new_page()
    login(page, reviewer.username)
    page.goto("/policies/mine/")
    page.click(f"[data-testid=my-reviews] a:has-text('{title}')")
    page.wait_for_load_state("load")
    for code in ("relevance", "intervention", "evidence_theory", "ethics"):
        page.click(f"label[for=ex-{code}-yes]")
    for code in (
        "effectiveness",
        "equity",
        "transferability",
        "sustainability",
        "intersectoral",
        "participation",
    ):
        page.click(f"label[for=score-{code}-{score}]")
    if reviewer.username == "delegate-taipei":
        screenshot(page, "policies-review-sheet")
    page.click("[data-testid=submit-review]")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=recommendation]").inner_text() == "우수 사례"
    context.close()


def test_delegate_submits_reviewers_score_official_publishes_citizen_finds_it(
    page, phone_page, people, reviewers, browser, live_server
):
    title = "어르신 걷기 모임으로 근감소 예방"
    for p in (page, phone_page):
        p.set_default_timeout(SLOW_MACHINE_MS)
    # 1. The delegate of Suwon writes the practice in Korean and submits it.
    login(page, people.delegate.username)
    page.goto("/policies/")
    page.click("[data-testid=new-practice]")
    page.fill("#id_title_ko", title)
    page.fill(
        "#id_summary_ko", "동네 어르신들이 매주 세 번 함께 걸었고, 근육량과 악력이 좋아졌습니다."
    )
    page.fill(
        "#id_body_ko",
        "보건소가 걷기 지도자를 양성하고 행정복지센터가 모임 장소를 제공했습니다. "
        "<b>걷기</b> 뒤에는 단백질 간식을 나눴습니다.",
    )
    page.click("label[for=id_themes-who-mobility]")
    page.click("label[for=id_themes-afhc-ageing]")
    page.click("label[for=id_target_groups-older_people]")
    page.fill("[name=partner-0-name]", "수원시 보건소")
    page.select_option("[name=partner-0-sector]", "health")
    page.fill("#id_period_start", "2025-03-01")
    page.fill("#id_budget_amount", "120000000")
    page.select_option("#id_evaluation_type", "cba")
    page.fill("[name=result-0-indicator]", "근육량")
    page.fill("[name=result-0-unit]", "kg")
    page.fill("[name=result-0-estimate]", "0.6")
    page.fill("[name=result-0-ci_low]", "0.2")
    page.fill("[name=result-0-ci_high]", "1.0")
    page.fill("[name=result-0-n]", "240")
    page.fill("#id_equity_effect_ko", "기초생활수급 어르신의 근육량 증가가 가장 컸습니다.")
    page.fill("#id_contact_email", "health@suwon.example")
    screenshot(page, "policies-form")
    page.click("[data-testid=save-practice]")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=practice-status]").inner_text() == "작성 중"
    page.click("[data-testid=submit-practice]")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=practice-status]").inner_text() == "제출됨"
    assert "<b>걷기</b>" in page.locator(".pol-body").inner_text()  # shown as text
    page.problems.assert_none()

    # 2. The official assigns two reviewers from other cities (never Suwon's own delegate).
    official = _context(browser, live_server).new_page()
    login(official, people.official.username)
    official.goto("/policies/mine/")
    official.click(f"a:has-text('{title}')")
    options = official.locator("#reviewer option").all_inner_texts()
    assert len(options) == 2 and not any("수원" in o for o in options)
    for reviewer in reviewers:
        official.select_option("#reviewer", reviewer.username)
        official.click("[data-testid=assign-form] button")
        official.wait_for_load_state("load")
    assert official.locator("[data-testid=practice-status]").inner_text() == "심사 중"

    # 3. Both reviewers score it on the EU criteria.
    for reviewer in reviewers:
        _review(browser, live_server, reviewer, title, 5)

    # 4. The official sees the outcome and publishes it.
    official.reload()
    assert official.locator("[data-testid=practice-outcome]").inner_text() == "우수 사례"
    official.click("[data-testid=publish]")
    official.wait_for_load_state("load")
    assert official.locator("[data-testid=practice-status]").inner_text() == "게시됨"
    screenshot(official, "policies-practice-official")
    official.context.close()

    # 5. A citizen searches with an inflected form ("걸었던" ← 걸었고; "어르신들의" ← 어르신들이).
    citizen = _context(browser, live_server).new_page()
    login(citizen, people.citizen_user.username)
    citizen.goto("/policies/")
    citizen.fill("#q", "걸었던 어르신들의")
    citizen.click("[data-testid=search-form] button")
    citizen.wait_for_load_state("load")
    cards = citizen.locator("[data-testid=practice-card]")
    assert cards.count() == 1 and title in cards.first.inner_text()
    assert "1" in citizen.locator("[data-testid=result-count]").inner_text()
    screenshot(citizen, "policies-library-search")
    citizen.problems = page.problems
    citizen.context.close()

    # 6. The same search on a phone, and the practice page there.
    login(phone_page, people.citizen_user.username)
    phone_page.goto("/policies/?q=걷는")
    assert phone_page.locator("[data-testid=practice-card]").count() == 1
    screenshot(phone_page, "policies-library-phone")
    phone_page.click("[data-testid=practice-card] a")
    phone_page.wait_for_load_state("load")
    assert "근육량" in phone_page.locator("[data-testid=results]").inner_text()
    screenshot(phone_page, "policies-practice-phone")
    phone_page.problems.assert_none()
    steps = [h.to_status for h in Practice.objects.get().history.all()]
    assert steps == ["draft", "submitted", "in_review", "published"]
