"""Browser: a citizen sees their trend chart and downloads their PDF report; a worker records a
measurement from a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot
from tests.health.health_data import consent_care, history

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_sees_trend_chart_and_downloads_pdf(page, people, tmp_path):
    consent_care(people.citizen)
    history(people.citizen)
    login(page, "citizen")
    page.goto("/health/me/")
    page.wait_for_selector("#chart-body .main-svg")  # Plotly drew the chart (served locally)
    assert page.locator("[data-topic=sarcopenia][data-outcome=possible_sarcopenia]").count() == 1
    screenshot(page, "health-portal-citizen")
    with page.expect_download() as info:
        page.click("[data-testid=download-pdf]")
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert not page.problems.errors
    # A download ends the navigation to report.pdf with ERR_ABORTED; that is not a failure.
    assert [f for f in page.problems.failed if "report.pdf" not in f] == []


def test_worker_records_a_measurement_on_a_phone(phone_page, people):
    from healthycity.health.models import Measurement

    page = phone_page
    consent_care(people.citizen)
    login(page, "worker-a")
    page.goto("/health/worklist/")
    page.click(f"[data-citizen='{people.citizen.external_id}'] >> text=기록")
    page.fill("#id_weight_kg", "900")
    page.click("[data-testid=save-measurement]")
    page.wait_for_selector(".hc-error")
    screenshot(page, "health-record-form-error-phone")
    page.fill("#id_weight_kg", "58.4")
    page.fill("#id_systolic_mmhg", "132")
    page.fill("#id_diastolic_mmhg", "84")
    page.click("[data-testid=save-measurement]")
    page.wait_for_selector("[data-testid=measurements]")
    assert "58.4" in page.content()
    screenshot(page, "health-record-saved-phone")
    assert Measurement.objects.filter(citizen=people.citizen, weight_kg=58.4).count() == 1
    page.problems.assert_none()


def test_record_page_is_readable_at_krds_sizes(page, people):
    """health.css was written for 16 px rems, but KRDS's rem is 10 px: finding titles came out at
    10 px, the bars' label and value columns split "149/100 mmHg", and every bar started elsewhere."""
    consent_care(people.citizen)
    history(people.citizen)
    login(page, "citizen")
    page.goto("/health/me/")
    title_px = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.hc-finding h3')).fontSize)"
    )
    assert title_px >= 16
    tracks = page.evaluate(
        "Array.from(document.querySelectorAll('.hc-bar-track'), (t) => Math.round(t.getBoundingClientRect().left))"
    )
    assert len(tracks) > 1 and len(set(tracks)) == 1, tracks
    values = page.locator(".hc-bar-value")
    for i in range(values.count()):
        box = values.nth(i).bounding_box()
        assert box["height"] < 40, values.nth(i).inner_text()  # one line
    date_cell = page.locator("[data-testid=measurements] tbody td").first.bounding_box()
    assert date_cell["height"] < 60  # "2025-11-29 15:09" on one line
    screenshot(page, "health-record-sizes")
    page.problems.assert_none()
