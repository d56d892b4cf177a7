"""A booth measurement in real browsers: booth staff on a phone record a walk-in visitor's
result from the analyser's sheet and get a result slip with a QR code; the citizen opens the
slip's link on their own phone, logs in, consents and keeps it in their health record. And a
registered visitor's LookinBody export, with their ticket, goes straight into their record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.conftest import PASSWORD, login, screenshot
from tests.factories import PASSWORD as FACTORY_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def expo(people):
    from tests.conference.exhibition.world import build_expo

    return build_expo(people)


def test_a_walk_in_gets_a_slip_and_keeps_it(browser, live_server, phone_page, expo, people):
    from healthycity.health.models import Measurement

    staff = phone_page
    login(staff, expo.inbody_staff.username, FACTORY_PASSWORD)
    staff.goto(f"/conference/exhibition/booths/{expo.inbody.external_id}/station/")
    staff.fill("#id_weight_kg", "63.4")
    staff.fill("#id_pbf_percent", "29.5")
    staff.fill("#id_smm_kg", "24.1")
    staff.fill("#id_systolic_mmhg", "124")
    staff.fill("#id_diastolic_mmhg", "79")
    staff.click("[data-testid=station-form] button[type=submit]")
    slip = staff.locator("[data-testid=slip]")
    slip.wait_for()
    assert "63.4" in slip.inner_text() and "체지방률" in slip.inner_text()
    assert staff.locator("[data-testid=slip] svg").count() == 1  # the QR code
    # The whole code shows (scaled by its viewBox, not cut off by the box it is drawn in).
    code = staff.locator("[data-testid=slip] svg")
    box = code.bounding_box()
    assert code.get_attribute("viewBox") and code.get_attribute("width") is None
    assert box["width"] >= 150 and abs(box["width"] - box["height"]) < 1
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(staff, "exhibition-station-slip")
    claim_url = staff.locator("[data-testid=claim-url]").inner_text().strip()
    assert "/conference/exhibition/claim/" in claim_url

    # the visitor, on their own phone
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    visitor = context.new_page()
    visitor.goto(claim_url.replace(claim_url.split("/conference/")[0], ""))
    assert "63.4" in visitor.locator("[data-testid=claim-slip]").inner_text()
    visitor.click("[data-testid=claim-login]")
    visitor.fill("#id_username", people.citizen_user.username)
    visitor.fill("#id_password", PASSWORD)
    visitor.click("[data-testid=login-submit]")
    visitor.locator("[data-testid=claim-form]").wait_for()
    screenshot(visitor, "exhibition-claim")
    visitor.check("#id_consent_care", force=True)
    visitor.click("[data-testid=claim-form] button[type=submit]")
    visitor.wait_for_url("**/health/me/")
    assert "63.4" in visitor.locator("#container").inner_text()
    screenshot(visitor, "exhibition-claimed-record")
    context.close()
    m = Measurement.objects.get(citizen=people.citizen)
    assert (m.weight_kg, m.pbf_percent, m.context) == (63.4, 29.5, "conference")
    staff.problems.assert_none()


def test_a_registered_visitors_export_goes_into_their_record(page, expo, people, tmp_path):
    from healthycity.citizens.domain.consent import grant_consent
    from healthycity.health.models import Measurement
    from tests.health.inbody_files import csv_bytes, row

    grant_consent(citizen=people.citizen, purpose="care")
    when = (timezone.localtime() - dt.timedelta(minutes=3)).strftime("%Y.%m.%d %H:%M:%S")
    export = tmp_path / "InBody270_result.csv"
    export.write_bytes(csv_bytes([row(**{"Test Date / Time": when})]))
    login(page, expo.inbody_staff.username, FACTORY_PASSWORD)
    page.goto(f"/conference/exhibition/booths/{expo.inbody.external_id}/station/")
    page.fill("#id_code", expo.citizen_ticket.display_code)
    page.set_input_files("#id_file", str(export))
    screenshot(page, "exhibition-station-form")
    page.click("[data-testid=station-form] button[type=submit]")
    status = page.locator("[data-testid=result-status]")
    status.wait_for()
    assert "건강 기록에 저장" in status.inner_text()
    assert page.locator("[data-testid=slip]").count() == 0
    assert Measurement.objects.get(citizen=people.citizen).smm_kg == 21.3
    # the same file again: refused politely, nothing twice
    page.goto(f"/conference/exhibition/booths/{expo.inbody.external_id}/station/")
    page.fill("#id_weight_kg", "900")  # a typing slip: no one weighs 900 kg
    page.click("[data-testid=station-form] button[type=submit]")
    assert page.locator("[data-testid=station-form] .hc-error").count() >= 1
    assert Measurement.objects.filter(citizen=people.citizen).count() == 1
    page.problems.assert_none()
