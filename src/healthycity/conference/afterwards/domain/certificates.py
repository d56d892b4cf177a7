"""Attendance certificates: for whoever was checked in at least one day, a PDF (WeasyPrint,
the project's Korean font) with a verification code and its QR code; anyone can verify a code
at /conference/certificates/<code>/ and sees what the certificate says, nothing more."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from healthycity.conference.afterwards.domain import attendance
from healthycity.conference.afterwards.models import Certificate
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.core import pdf

# Crockford's base32 (no I, L, O, U): 16 characters, 80 random bits, typed from paper easily.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    text = (text or "").upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans({"I": "1", "L": "1", "O": "0"}))[:CODE_LENGTH]


def issue(registration) -> Certificate:
    """The registration's certificate, issued now or brought up to date (name, affiliation,
    days and sessions attended, as they stand). Side effect: one Certificate inserted or
    updated. Raises ExhibitionError when the person was never checked in."""
    days = attendance.attended_days(registration)
    if not days:
        raise ExhibitionError(
            _("There is no certificate: this registration was never checked in at the event.")
        )
    values = {
        "name": registration.name,
        "affiliation": registration.affiliation or "",
        "days": [d.isoformat() for d in days],
        "sessions": len(attendance.attended_sessions(registration)),
    }
    for attempt in (1, 2, 3):
        try:
            with transaction.atomic():
                cert = (
                    Certificate.objects.select_for_update()
                    .filter(registration=registration)
                    .first()
                )
                if cert is None:
                    return Certificate.objects.create(
                        registration=registration, code=new_code(), **values
                    )
                changed = [k for k, v in values.items() if getattr(cert, k) != v]
                for k in changed:
                    setattr(cert, k, values[k])
                if changed:
                    cert.save(update_fields=[*changed, "updated_at"])
                return cert
        except IntegrityError:
            if attempt == 3:  # a code collision (2^-80) or a concurrent first issue
                raise
    raise AssertionError("unreachable")


def verify(code: str) -> Certificate | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return (
        Certificate.objects.select_related("registration__event__venue").filter(code=code).first()
    )


def certificates_pdf(items: list[tuple[Certificate, str]]) -> bytes:
    """One PDF with a page per (certificate, verification URL), A4 landscape."""
    from healthycity.conference.exhibition.views.common import qr_png_uri
    from healthycity.health.report.pdf import font_faces

    pages = [
        {"cert": cert, "event": cert.registration.event, "qr": qr_png_uri(url), "url": url}
        for cert, url in items
    ]
    html = render_to_string(
        "afterwards/certificate_pdf.html",
        {"pages": pages, "fonts": font_faces(), "LANGUAGE_CODE": get_language()},
    )
    return pdf.render(html)
