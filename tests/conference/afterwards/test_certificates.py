"""Attendance certificates: issued only to people who were checked in, as a PDF in Korean with an
embedded Korean font (read back with pdftotext), verifiable by its code and QR."""

from __future__ import annotations

import pytest

from healthycity.conference.afterwards.domain import certificates
from healthycity.conference.afterwards.models import Certificate
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from tests.conference.afterwards.conftest import check_in
from tests.conference.pdftext import needs_poppler, pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def test_a_certificate_names_the_days_attended_and_is_updated_not_duplicated(after):
    registration = after.citizen_ticket.registration
    cert = certificates.issue(registration)
    assert cert.days == [after.event.days[0].isoformat()] and cert.sessions == 1
    check_in(after.citizen_ticket, after.day_lists[2])
    again = certificates.issue(registration)
    assert again.pk == cert.pk and again.code == cert.code
    assert again.days == [after.event.days[0].isoformat(), after.event.days[2].isoformat()]
    assert Certificate.objects.count() == 1


def test_no_certificate_without_a_check_in(after):
    with pytest.raises(ExhibitionError):
        certificates.issue(after.delegate_ticket.registration)
    assert not Certificate.objects.exists()


def test_codes_verify_forgivingly_and_unknown_codes_do_not(after):
    cert = certificates.issue(after.citizen_ticket.registration)
    assert certificates.verify(cert.display_code.lower()) == cert
    assert certificates.verify(cert.code.replace("1", "I")) == cert
    assert certificates.verify("0000-0000-0000-0000") is None
    assert certificates.verify("x") is None


@needs_poppler
def test_the_certificate_pdf_reads_back_in_korean_with_an_embedded_font(after, tmp_path):
    cert = certificates.issue(after.citizen_ticket.registration)
    url = f"https://healthycity.example/conference/certificates/{cert.code}/"
    pdf = certificates.certificates_pdf([(cert, url)])
    text = pdf_text(pdf, tmp_path)
    assert "참가확인서" in text and "김민지" in text and "종로1동" in text
    assert after.event.days[0].isoformat() in text and cert.display_code in text
    fonts = pdf_fonts(pdf, tmp_path)
    assert "Pretendard" in fonts or "Nanum" in fonts
    assert " yes " in fonts.splitlines()[2]  # embedded
    other = certificates.issue(after.other_ticket.registration)
    both = certificates.certificates_pdf([(cert, url), (other, url)])
    assert pdf_pages(both, tmp_path) == 2
