"""Browser: an official opens the health-equity dashboard, sees the interval bars, the HEAT
table and the district map (plotly.js served locally, no online tiles), and switches stratifier."""

from __future__ import annotations

import pytest

from healthycity.equity import synthetic
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def snapshots(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for period, seed in (("2024", 1), ("2025", 2)):
        synthetic.write_synthetic(
            tmp_path / "equity" / f"snapshot-{period}.parquet",
            rows=20_000,
            seed=seed,
            period=period,
        )


def test_official_sees_dashboard_and_map(page, people, snapshots):
    login(page, "official")
    page.goto("/equity/?indicator=obesity&by=income_band&standard=who2000")
    page.wait_for_selector("#equity-estimates .main-svg")
    page.wait_for_selector("#equity-map .main-svg")
    page.wait_for_selector("#equity-trend .main-svg")
    screenshot(page, "equity-dashboard-official")
    assert page.locator("#equity-map canvas").count() >= 1  # MapLibre draws the districts
    assert page.locator("table.tbl").count() == 2
    page.select_option("#by", "district")
    page.wait_for_selector("#equity-estimates .main-svg")
    screenshot(page, "equity-dashboard-district")
    assert not page.problems.errors
    assert page.problems.failed == []
