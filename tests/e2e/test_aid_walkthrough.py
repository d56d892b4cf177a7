"""A support programme in a real browser: the official fixes a rule the editor refused, worker-a
enrols a citizen, the official approves the cycle and the allocation, worker-a records the
hand-over on a phone."""

from __future__ import annotations

import pytest

from healthycity.aid.models import HandOver
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_rule_enrolment_allocation_and_phone_hand_over(page, phone_page, people):
    from healthycity.aid.domain.ledger import verify_ledger
    from healthycity.citizens.domain.consent import grant_consent
    from tests.aid.conftest import build_aid

    aid = build_aid(people)
    grant_consent(citizen=people.citizen, purpose="aid")
    programme = f"/aid/programmes/{aid.programme.external_id}/"

    # 1. The official writes a rule with a typo: the editor says where and how to fix it.
    login(page, people.official.username)
    page.goto(programme + "rule/")
    page.fill("#id_rule", 'age >= 65 && incom_band in ["near_poor"]')
    page.click("[data-testid=rule-save]")
    error = page.locator("[data-testid=rule-error]").inner_text()
    assert "incom_band" in error and "income_band" in error
    page.fill("#id_rule", 'age >= 65 && income_band in ["basic_livelihood", "near_poor"]')
    page.click("[data-testid=rule-save]")
    page.wait_for_load_state("load")
    assert "near_poor" in page.locator("[data-testid=rule]").inner_text()
    page.problems.assert_none()

    # 2. Worker A enrols the citizen from the candidate list (on a phone).
    login(phone_page, people.worker_a.username)
    phone_page.goto(programme + "candidates/")
    phone_page.click("text=등록 >> nth=-1")
    phone_page.wait_for_load_state("load")
    assert "등록했습니다" in phone_page.content()

    # 3. The official approves the enrolment list, computes and approves the allocation.
    page.goto(programme)
    page.click("text=등록 명단 승인")
    page.wait_for_load_state("load")
    page.click("text=배분 계산(모의)")
    # The solve is a background job: its page offers the allocation when it is done.
    page.click("[data-testid=job-result] >> text=배분 검토하기")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=allocation-status]").inner_text() == "모의 배분"
    page.click("[data-testid=approve]")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=allocation-status]").inner_text() == "승인됨"
    screenshot(page, "aid-allocation")

    # 4. Worker A records the hand-over on the phone page.
    phone_page.goto(f"/aid/cycles/{aid.cycle.external_id}/hand-over/")
    phone_page.click("text=전달 기록")
    phone_page.wait_for_load_state("load")
    assert "전달을 기록했습니다" in phone_page.content()
    assert phone_page.locator("[data-testid=received]").count() == 1
    assert phone_page.locator("[data-testid=handover-form]").count() == 0
    screenshot(phone_page, "aid-hand-over-phone")
    phone_page.problems.assert_none()
    assert HandOver.objects.count() == 1 and verify_ledger().ok
