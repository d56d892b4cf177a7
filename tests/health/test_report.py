"""The one-page PDF report: one page, Korean text in an embedded Korean font, the bars, the last
eight tests and the assessment. The PDF is kept under var/test-artifacts/ for a human look."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from healthycity.health.queries import records_for
from healthycity.health.report.pdf import font_faces, render_pdf
from healthycity.health.report.summary import LAST_TESTS, summarise
from tests.health.health_data import history, sitting

pytestmark = pytest.mark.django_db
ARTIFACTS = Path("var/test-artifacts")


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdffonts) not installed"
)


@needs_poppler
def test_report_is_one_page_in_korean_with_an_embedded_korean_font(cast, tmp_path):
    history(cast.citizen)
    with translation.override("ko"):
        pdf = render_pdf(summarise(records_for(cast.citizen)), language="ko")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "health-report-ko.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Pretendard-GOV" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # all embedded
    text = _text(pdf, tmp_path)
    assert "개인 건강 결과지" in text
    assert "근감소증 의심" in text and "1기 고혈압" in text
    assert "최근 8회 검사" in text


@needs_poppler
def test_report_in_english(cast, tmp_path):
    history(cast.citizen)
    with translation.override("en"):
        pdf = render_pdf(summarise(records_for(cast.citizen)), language="en")
    text = _text(pdf, tmp_path)
    assert "Personal health report" in text and "Possible sarcopenia" in text


def test_last_tests_are_the_last_eight_oldest_first(cast):
    for d in range(12):
        sitting(cast.citizen, 100 - d, weight_kg=60 + d)
    summary = summarise(records_for(cast.citizen))
    assert len(summary.last_tests) == LAST_TESTS
    weights = [row["values"][0] for row in summary.last_tests]
    assert weights == [64 + i for i in range(8)]


def test_bars_use_the_assessment_reference_ranges(cast):
    sitting(cast.citizen, 1, bmi=24.0, pbf_percent=30.0, ecw_tbw=0.38)
    bars = {b.title: b for b in summarise(records_for(cast.citizen)).bars}
    with translation.override("en"):
        bars = {b.title: b for b in summarise(records_for(cast.citizen)).bars}
    bmi = bars["Body mass index (BMI)"]
    # BMI scale 10–40; KSSO normal 18.5–<23 → 28.3 %–43.3 %; 24.0 → 46.7 %
    assert (bmi.band_from_pct, bmi.band_to_pct, bmi.value_pct) == (28.3, 43.3, 46.7)
    assert bmi.level == "attention"


def test_an_empty_record_still_renders(cast):
    pdf = render_pdf(summarise(records_for(cast.citizen)), language="ko")
    assert pdf.startswith(b"%PDF")


def test_fonts_come_from_the_repository():
    faces = font_faces()
    assert faces and all(f["url"].startswith("file://") for f in faces)


def test_fonts_are_handed_to_weasyprint_as_truetype_decoded_once(tmp_path, monkeypatch):
    """Decoding the WOFF2 faces took ~4 s each on every report (24 s per PDF in the demo)."""
    from healthycity.health.report import pdf as pdf_module

    monkeypatch.setattr(pdf_module.tempfile, "gettempdir", lambda: str(tmp_path))
    pdf_module.as_truetype.cache_clear()
    try:
        faces = font_faces()
        paths = [Path(f["url"].removeprefix("file://")) for f in faces]
        assert paths and all(p.suffix == ".ttf" and p.is_relative_to(tmp_path) for p in paths)
        assert all(p.read_bytes()[:4] == b"\x00\x01\x00\x00" for p in paths)  # TrueType magic
        first = [p.stat().st_mtime_ns for p in paths]
        pdf_module.as_truetype.cache_clear()
        font_faces()
        assert [p.stat().st_mtime_ns for p in paths] == first  # reused, not decoded again
    finally:
        pdf_module.as_truetype.cache_clear()


def test_a_single_sitting_chart_shows_a_fortnight_with_iso_dates(cast):
    """One measurement made Plotly draw a millisecond-wide axis ("23:59:59.999 … 00:00:00.0005")
    with English month names on Korean pages."""
    import json

    from healthycity.health.report.charts import trend_charts

    sitting(cast.citizen, 3, weight_kg=60, systolic_mmhg=120, diastolic_mmhg=80)
    with translation.override("ko"):
        charts = trend_charts(records_for(cast.citizen))
    body = charts[0]
    figure = json.loads(
        re.search(
            r'<script type="application/json" id="chart-body-figure">(.*?)</script>', body
        ).group(1)
    )
    layout = figure["layout"]
    start, end = (dt.date.fromisoformat(x[:10]) for x in layout["xaxis"]["range"])
    assert (end - start).days == 14
    assert layout["xaxis"]["tickformat"] == "%Y-%m-%d"
    assert figure["config"]["displayModeBar"] is False  # its tooltips are English-only


def test_findings_are_split_into_two_columns_of_about_the_same_length_in_reading_order():
    from healthycity.health.report.pdf import two_columns

    findings = [{"title": "x", "meaning": "m" * n} for n in (600, 100, 100, 100, 100)]
    left, right = two_columns(findings)
    assert left + right == findings  # the order of a page read down the first column first
    assert (len(left), len(right)) == (1, 4)
    assert two_columns([]) == [[], []]
    one = [{"title": "only"}]
    assert sum(two_columns(one), []) == one
