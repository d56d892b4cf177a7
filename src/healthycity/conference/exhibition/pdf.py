"""The result slip as a PDF (WeasyPrint, with the project's Korean font): what a visitor takes
home from a booth's measurement station, with the QR code that claims it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from healthycity.conference.exhibition.domain.stations import slip_rows
from healthycity.conference.exhibition.views.common import qr_png_uri
from healthycity.core import pdf
from healthycity.health.report.pdf import font_faces


def slip_pdf(bm, *, claim_url: str) -> bytes:
    html = render_to_string(
        "exhibition/slip_pdf.html",
        {
            "bm": bm,
            "event": bm.booth.event,
            "rows": slip_rows(bm.values),
            "qr": qr_png_uri(claim_url),
            "claim_url": claim_url,
            "fonts": font_faces(),
            "LANGUAGE_CODE": get_language(),
        },
    )
    return pdf.render(html)
