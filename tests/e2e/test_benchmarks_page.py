"""Browser test (issue 11): the benchmarks page renders its Urban HEART matrix, coloured, with
the numbers, the synthetic label and the trend chart; in Korean, then English."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def benchmark_data(people, tmp_path):
    from healthycity.places.models import MemberCity
    from healthycity.policies.indicators.catalogue import sync_catalogue
    from healthycity.policies.indicators.imports import import_file

    sync_catalogue()
    MemberCity.objects.create(
        name_ko="서울특별시", name_en="Seoul", country="Republic of Korea", country_code="KR",
        unlocode="KRSEL",
    )  # fmt: skip
    MemberCity.objects.create(
        name_ko="타이베이", name_en="Taipei", country="Taiwan", country_code="TW", unlocode="TWTPE"
    )
    lines = [
        "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,LOWER_BOUND,UPPER_BOUND,COMMENT_OBS"
    ]
    for area, pm, docs in (("KRSEL", 18.2, 310), ("KRSWU", 4.1, 210), ("TWTPE", 38.5, 150)):
        for year, drift in ((2022, 1.5), (2023, 0)):
            lines.append(
                f"D,{area},SDGPM25,{year},{pm + drift},{pm + drift - 1},{pm + drift + 1},SYNTHETIC"
            )
            lines.append(f"D,{area},ISO37120-12.3,{year},{docs - drift},,,SYNTHETIC")
    path = tmp_path / "values.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(path=path, kind="sdmx-csv")
    assert result.imported == 12
    return people


def test_benchmarks_page_renders_its_matrix(page, benchmark_data):
    login(page, "delegate")
    page.goto("/policies/benchmarks/")
    matrix = page.locator("[data-testid=benchmark-matrix]")
    matrix.wait_for()
    assert page.locator("[data-testid=synthetic-note]").is_visible()
    focus = matrix.locator("tbody tr").first
    assert "수원" in focus.inner_text()  # the delegate's own city first
    colours = set(
        matrix.locator("[data-colour]").evaluate_all("els => els.map(e => e.dataset.colour)")
    )
    assert {"green", "yellow", "red"} <= colours
    assert "4.1" in focus.inner_text() and "양호" in focus.inner_text()
    page.locator("#trend .main-svg").first.wait_for()
    screenshot(page, "benchmarks-matrix-ko")
    switch_language(page, "en")
    assert "Good" in page.locator("[data-testid=benchmark-matrix]").inner_text()
    screenshot(page, "benchmarks-matrix-en")
    page.problems.assert_none()
