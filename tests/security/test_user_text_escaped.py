"""User text is printed, never interpreted, wherever it renders (issue 12, item 6): reviews,
partner replies, practice bodies, session feedback comments and names, in HTML pages, in Plotly
charts (JSON inside a <script>: `</script>` in a name must not end it) and in PDFs (WeasyPrint:
an <img> or <link> in the text must not load anything)."""

from __future__ import annotations

import re
import shutil

import pytest

from healthycity.core import pdf
from tests.conference.afterwards.conftest import after  # noqa: F401 — fixture
from tests.conference.pdftext import pdf_text
from tests.feedback.conftest import product  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db

HOSTILE = (
    '</script><script>alert(1)</script><img src="http://127.0.0.1:9/x.png" onerror="alert(2)">'
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
)
ESCAPED = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src="


def _no_markup(html: str) -> None:
    assert "<script>alert(1)" not in html, "a script from user text is in the page"
    assert '<img src="http://127.0.0.1:9' not in html
    assert '<link rel="stylesheet" href="http://127.0.0.1:9' not in html


def test_reviews_and_replies_are_escaped_on_every_page(cast, client_for, product):  # noqa: F811
    from healthycity.feedback.domain.reviews import reply_to_review, submit_review

    review = submit_review(citizen=cast.citizen, product=product, rating=2, text=HOSTILE)
    reply_to_review(review=review, by=cast.partner, text=HOSTILE)
    pages = [
        (cast.citizen_user, "/feedback/mine/"),
        (cast.partner, f"/feedback/reviews/{review.external_id}/"),
        (cast.partner, "/feedback/inbox/"),
    ]
    for user, url in pages:
        html = client_for(user).get(url).content.decode()
        _no_markup(html)
        assert ESCAPED[:40] in html, url


def test_a_name_on_a_conference_ticket_pdf_is_printed_as_text(after, tmp_path):  # noqa: F811
    from healthycity.conference.tickets import ticket_pdf

    registration = after.citizen_ticket.registration
    registration.name = HOSTILE[:200]
    registration.save()
    body = ticket_pdf(registration)
    assert body.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed: the PDF's text is not read back")
    text = re.sub(r"\s+", "", pdf_text(body, tmp_path))
    assert "</script><script>alert(1)</script>" in text, text[:2000]


def _hostile_practice(cast):
    from healthycity.places.models import MemberCity
    from tests.policies.conftest import draft

    suwon = MemberCity.objects.get(organisation__memberships__user=cast.delegate)
    return draft(suwon, cast.delegate, body_ko=HOSTILE, body_en=HOSTILE, summary_ko=HOSTILE[:300])


def test_a_practice_body_is_escaped_on_its_page(cast, client_for):
    practice = _hostile_practice(cast)
    html = client_for(cast.delegate).get(f"/policies/practices/{practice.external_id}/")
    assert html.status_code == 200
    _no_markup(html.content.decode())


def test_session_feedback_comments_are_escaped(cast, client_for, after):  # noqa: F811
    from healthycity.conference.afterwards.domain import feedback

    feedback.submit_feedback(
        registration=after.citizen_ticket.registration,
        session=after.keynote,
        rating=1,
        comment=HOSTILE,
    )
    url = (
        f"/conference/{after.event.slug}/afterwards/sessions/{after.keynote.external_id}/comments/"
    )
    html = client_for(cast.official).get(url)
    assert html.status_code == 200
    _no_markup(html.content.decode())
    assert "&lt;/script&gt;" in html.content.decode()


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)


def test_a_name_in_a_chart_cannot_end_its_script(cast, client_for, after):  # noqa: F811
    """The attendance chart's legend holds the registration categories' names; Plotly's JSON
    goes inside a <script type="application/json"> block of the dashboard."""
    category = after.citizen_ticket.registration.category
    category.name_ko = category.name_en = HOSTILE[:100]
    category.save()
    html = client_for(cast.official).get(f"/conference/{after.event.slug}/afterwards/dashboard/")
    assert html.status_code == 200
    page = html.content.decode()
    _no_markup(page)
    charts = [s for s in _scripts(page) if '"layout"' in s]
    assert charts, "the dashboard has no chart"
    assert "alert(1)" in charts[0] and "</script" not in charts[0].lower()


def test_a_practice_pdf_prints_the_text_and_loads_nothing(cast, tmp_path, monkeypatch):
    from healthycity.policies.exports import render_pdf

    asked = []
    original = pdf.allowed
    monkeypatch.setattr(pdf, "allowed", lambda url: asked.append(url) or original(url))
    body = render_pdf(_hostile_practice(cast), language="ko", url="https://example.org/p/1")
    assert body.startswith(b"%PDF")
    assert not [u for u in asked if "127.0.0.1" in u], asked
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed: the PDF's text is not read back")
    text = re.sub(r"\s+", "", pdf_text(body, tmp_path))
    assert "</script><script>alert(1)</script><imgsrc=" in text, text[:2000]


def test_the_pdf_renderer_loads_only_fonts_and_data_uris(tmp_path):
    """Markup that did reach a PDF template (it cannot from user text, which is escaped) still
    loads nothing from the network or the file system."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    refused = []
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><img src="{secret.as_uri()}">'
        '<img src="https://evil.example/p.png"><img src="/etc/passwd"><p>ok</p>'
    )
    for url in ("http://127.0.0.1:9/x.css", secret.as_uri(), "ftp://evil.example/a.ttf"):
        with pytest.raises(pdf.RefusedURL):
            pdf.url_fetcher()(url)
    import logging

    class Catch(logging.Handler):
        def emit(self, record):
            refused.append(record.getMessage())

    handler = Catch()
    logging.getLogger("healthycity.core.pdf").addHandler(handler)
    try:
        assert pdf.render(html).startswith(b"%PDF")
    finally:
        logging.getLogger("healthycity.core.pdf").removeHandler(handler)
    assert any("127.0.0.1" in m for m in refused) and any("secret.png" in m for m in refused)
    assert any("evil.example" in m for m in refused)


def test_a_font_configuration_kept_between_pdfs_still_refuses_every_time(caplog):
    """core.pdf.font_config: one per thread, reused by its PDFs; a font it refused once is
    refused again (nothing refused is kept), and another thread gets its own."""
    import threading

    html = (
        '<style>@font-face { font-family: X; src: url("http://evil.example/x.ttf"); }</style>'
        '<p style="font-family: X">ok</p>'
    )
    for _ in range(2):
        caplog.clear()
        assert pdf.render(html).startswith(b"%PDF")
        assert "evil.example" in caplog.text
    mine, theirs = pdf.font_config(), []
    assert pdf.font_config() is mine
    other = threading.Thread(target=lambda: theirs.append(pdf.font_config()))
    other.start()
    other.join()
    assert theirs and theirs[0] is not mine
