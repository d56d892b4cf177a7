"""Tickets and badges read back: the QR holds the secret only, the PDFs carry the Korean names in
embedded fonts, a batch of badges is one A6 page per person; the commands and the badge job."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthycity.conference import tickets
from healthycity.conference.domain import registration as reg
from healthycity.jobs.models import Job
from tests.conference.pdftext import needs_poppler, pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def test_qr_holds_the_secret_and_nothing_else(afhc):
    registration = reg.register(
        event=afhc.event,
        category=afhc.citizen,
        name="김민지",
        email="kim@example.org",
        consent=True,
    )
    code = tickets.qr(registration.ticket.qr_payload)
    assert code.version == 1 and code.mode == "alphanumeric"
    svg = tickets.qr_svg(registration.ticket.qr_payload)
    assert "김민지" not in svg and "kim@" not in svg


@needs_poppler
def test_ticket_pdf_reads_back(afhc, tmp_path):
    registration = reg.register(
        event=afhc.event, category=afhc.citizen, name="김민지", affiliation="종로구", consent=True
    )
    pdf = tickets.ticket_pdf(registration, language="ko")
    text = pdf_text(pdf, tmp_path)
    assert "김민지" in text and "종로구" in text and registration.ticket.display_code in text
    assert "시민 참관객" in text
    assert pdf_pages(pdf, tmp_path) == 1
    fonts = pdf_fonts(pdf, tmp_path)
    assert "Pretendard" in fonts or "Nanum" in fonts
    assert all(
        line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip()
    )  # embedded


@needs_poppler
def test_badges_command_prints_one_a6_page_per_confirmed_person(afhc, tmp_path):
    names = ["김민지", "Maria Santos", "이철수"]
    for name in names:
        reg.register(event=afhc.event, category=afhc.citizen, name=name, consent=True)
    cancelled = reg.register(
        event=afhc.event, category=afhc.citizen, name="취소한 사람", consent=True
    )
    reg.cancel(registration=cancelled)
    out = tmp_path / "badges.pdf"
    call_command(
        "conference", "badges", "--event", "afhc-test", "--output", str(out), stdout=io.StringIO()
    )
    pdf = out.read_bytes()
    assert pdf_pages(pdf, tmp_path) == 3
    text = pdf_text(pdf, tmp_path)
    assert all(name in text for name in names) and "취소한 사람" not in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()[2:5]
    # A6 is 105 × 148 mm = 297.6 × 419.5 pt.
    assert abs(float(size[0]) - 297.6) < 0.5 and abs(float(size[2]) - 419.5) < 0.5


def test_badges_command_with_nobody_to_print_says_so(afhc, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "conference",
            "badges",
            "--event",
            "afhc-test",
            "--output",
            str(tmp_path / "x.pdf"),
            "--language",
            "en",
        )


def test_badge_job_from_the_organisers_page(afhc, cast, client_for):
    reg.register(event=afhc.event, category=afhc.citizen, name="김민지", consent=True)
    client = client_for(cast.official)
    response = client.post("/conference/afhc-test/manage/badges/", {"categories": ["citizen"]})
    job = Job.objects.get()
    assert response.status_code == 302 and job.state == "done" and job.result["badges"] == 1
    download = client.get(f"/jobs/{job.external_id}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_expire_holds_command(afhc):
    afhc.citizen.capacity = 1
    afhc.citizen.save()
    out = io.StringIO()
    call_command("conference", "expire-holds", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"expired": 0}
