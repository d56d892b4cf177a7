"""Tickets and badges as images and PDFs: the QR holds the ticket's secret and nothing else.

Badges are A6 pages (name, city or organisation, category colour, QR) printed in batches with
WeasyPrint; Korean is set in the bundled Pretendard GOV with Debian's Nanum fonts as fallback
(the same faces as the personal health report, health.report.pdf).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import segno
from django.template.loader import render_to_string
from django.utils import translation

from healthycity.conference.models import Event, Registration, Ticket
from healthycity.core import pdf
from healthycity.health.report.pdf import font_faces

# A batch of pages rendered at once: WeasyPrint's memory grows with the document, and progress
# is reported per batch.
BADGE_BATCH = 250


def qr(payload: str) -> segno.QRCode:
    """Error correction M (15 %): a 20-character code fits a 21×21 version-1 symbol, which a
    phone camera reads from a badge at arm's length."""
    return segno.make_qr(payload, error="m")


def qr_svg(payload: str, *, scale: int = 8, title: str = "") -> str:
    """Inline SVG for a page (no file, no network)."""
    return qr(payload).svg_inline(scale=scale, border=4, title=title or None, dark="#1e2124")


def qr_data_uri(payload: str, *, scale: int = 10) -> str:
    return qr(payload).png_data_uri(scale=scale, border=4)


def _badge(registration: Registration, ticket: Ticket) -> dict:
    category = registration.category
    return {
        "name": registration.name,
        "affiliation": registration.affiliation
        or (registration.member_city.name if registration.member_city else ""),
        "category": category.name,
        "category_en": category.name_en,
        "colour": category.colour,
        "qr": qr_data_uri(ticket.qr_payload),
        "code": ticket.display_code,
    }


def _html(event: Event, badges: list[dict], *, template: str, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            template,
            {"event": event, "badges": badges, "fonts": font_faces(), "LANGUAGE_CODE": language},
        )


def _pdf(html_documents: list[str]) -> bytes:
    """Render each HTML document and join the pages into one PDF."""
    documents = [pdf.document(html) for html in html_documents]
    first = documents[0]
    pages = [page for doc in documents for page in doc.pages]
    return first.copy(pages).write_pdf()


def ticket_pdf(registration: Registration, *, language: str = "ko") -> bytes:
    """One A6 page: the event, the person, the QR and the typed code."""
    ticket = registration.ticket
    html = _html(
        registration.event,
        [_badge(registration, ticket)],
        template="conference/pdf/ticket.html",
        language=language,
    )
    return _pdf([html])


def badges_pdf(
    event: Event,
    registrations: Iterable[Registration],
    *,
    language: str = "ko",
    progress: Callable[[int, int | None], None] | None = None,
    total: int | None = None,
) -> bytes:
    """Badges for `registrations` (confirmed, with tickets) as one PDF, one A6 page each, in the
    order given. Calls `progress(done, total)` after each batch."""
    documents, batch, done = [], [], 0
    for registration in registrations:
        batch.append(_badge(registration, registration.ticket))
        if len(batch) == BADGE_BATCH:
            documents.append(
                _html(event, batch, template="conference/pdf/badges.html", language=language)
            )
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch or not documents:
        documents.append(
            _html(event, batch, template="conference/pdf/badges.html", language=language)
        )
        done += len(batch)
    if progress:
        progress(done, total)
    return _pdf(documents)
