"""The ESG report: command line (pdf/json/csv), clear errors, PDF with Korean text."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from healthycity.partners.esg.report import as_csv, build_report
from healthycity.partners.periods import Period
from tests.partners.test_privacy import fake_aid


@pytest.fixture
def with_aid(monkeypatch):
    monkeypatch.setattr("healthycity.partners.esg.report.aid_figures", fake_aid)


def test_command_writes_json_and_csv(cast, review, tmp_path, with_aid):
    out = tmp_path / "r.json"
    call_command(
        "partners",
        "report",
        "--partner",
        "inbody",
        "--period",
        review.period[:4],
        "--format",
        "json",
        "--output",
        str(out),
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["partner"]["slug"] == "inbody" and data["period"] == review.period[:4]
    assert [s["id"] for s in data["sections"]] == ["donations", "reach", "outcomes", "feedback"]
    out = tmp_path / "r.csv"
    call_command(
        "partners",
        "report",
        "--partner",
        "inbody",
        "--period",
        review.period,
        "--format",
        "csv",
        "--output",
        str(out),
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "section,table,row,value,low,high,suppressed,unit,gri,method"
    assert any("GRI 413-1" in line for line in lines) and any("GRI 416-1" in line for line in lines)


def test_csv_is_the_same_figures_as_the_page(cast, review, with_aid):
    report = build_report(cast.partner_org, Period.parse(review.period[:4]))
    assert "-1.2,-1.9,-0.5" in as_csv(report)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--partner", "nope", "--period", "2026"],
            "Unknown partner 'nope'. Known partners: inbody",
        ),
        (["--partner", "inbody", "--period", "2026-13"], "올바른 연도나 월이 아닙니다"),
        (["--partner", "inbody", "--period", "last year"], "기간이 아닙니다"),
    ],
)
def test_command_errors_are_clear(cast, tmp_path, args, message):
    with pytest.raises(CommandError) as err:
        call_command(
            "partners", "report", *args, "--format", "json", "--output", str(tmp_path / "x")
        )
    assert message in str(err.value)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_has_korean_text(cast, review, tmp_path, with_aid):
    out = tmp_path / "r.pdf"
    call_command(
        "partners",
        "report",
        "--partner",
        "inbody",
        "--period",
        review.period[:4],
        "--format",
        "pdf",
        "--output",
        str(out),
    )
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ESG" in text and "인바디 270" in text and "종로구" in text and "GRI 413-1" in text
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "Nanum" in fonts


def test_partner_downloads_pdf_from_page(cast, review, client_for, with_aid):
    """The PDF is made by a background job; its page offers the file."""
    client = client_for(cast.partner)
    response = client.post(
        f"/partners/companies/inbody/report.pdf?period={review.period[:4]}", follow=True
    )
    job = response.context["job"]
    assert job.state == "done" and job.kind == "partners.esg_pdf", job.error_message
    assert 'data-testid="job-file"' in response.content.decode()
    download = client.get(f"/jobs/{job.external_id}/file")
    assert download["Content-Type"] == "application/pdf"
    assert f"esg-inbody-{review.period[:4]}.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_partner_cannot_make_the_pdf(cast, client_for, with_aid):
    from healthycity.accounts.enums import OrganisationKind, Role
    from healthycity.jobs.models import Job
    from tests.factories import OrganisationFactory, member

    other = member(
        "partner-yuhan",
        OrganisationFactory(kind=OrganisationKind.PARTNER, slug="yuhan"),
        Role.PARTNER,
    )
    response = client_for(other).post("/partners/companies/inbody/report.pdf?period=2026")
    assert response.status_code == 403 and not Job.objects.exists()


def test_sources_read_the_aid_app(cast):
    from healthycity.partners.esg.sources import aid_figures

    figures = aid_figures(cast.partner_org, Period(2026))
    assert figures.available
    assert figures.donations == [] and figures.outcomes == []
    assert set(figures.people_reached) == {"district", "income_band"}


def test_csv_labels_cannot_run_as_formulas(cast, review, monkeypatch):
    from healthycity.partners.esg import sources

    def aid(partner, period):
        return sources.AidFigures(
            available=True,
            donations=[
                {
                    "key": "x",
                    "label": '=HYPERLINK("http://evil")',
                    "unit": "",
                    "given": 50,
                    "delivered": 20,
                }
            ],
        )

    monkeypatch.setattr("healthycity.partners.esg.report.aid_figures", aid)
    body = as_csv(build_report(cast.partner_org, Period.parse(review.period[:4])))
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
