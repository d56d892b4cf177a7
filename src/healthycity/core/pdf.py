"""Every PDF is rendered here (WeasyPrint), so that no PDF can load anything but our fonts.

User text reaches the HTML of badges, tickets, certificates, reports and practices; Django's
autoescaping prints its markup instead of interpreting it. As a second wall, WeasyPrint gets no
base URL (a relative URL resolves to nothing, not to the file system's root) and a URL fetcher
that answers only `data:` URIs (QR codes) and the bundled font files: an `<img>`, `<link>` or
`url()` pointing at the network or at another file is refused, and the document renders without
it."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


class RefusedURL(ValueError):
    pass


def allowed(url: str) -> bool:
    """`data:` URIs (our QR codes) and local font files (our @font-face rules)."""
    if url.startswith("data:"):
        return True
    return url.startswith("file://") and url.split("?")[0].lower().endswith(FONT_SUFFIXES)


def url_fetcher():
    """WeasyPrint's fetcher limited to what `allowed` says; anything else is refused (WeasyPrint
    renders the document without it and logs a warning)."""
    from weasyprint.urls import URLFetcher

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not allowed(url):
                logger.warning("PDF rendering refused to fetch %s", url[:200])
                raise RefusedURL(f"refused to fetch {url[:200]}")
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols=("data", "file"), allow_redirects=False)


_local = threading.local()


def font_config():
    """This thread's WeasyPrint font configuration, made once and reused by every PDF it renders.
    A fresh one per document (WeasyPrint's default) loads fontconfig, writes our @font-face
    files out again and forgets its measurements: a fifth of a one-page report's time. One per
    thread, because Pango's font map is not safe to use from two threads at once (a request and
    the background thread that renders reports ahead). A font it already holds is not fetched
    again; what the URL fetcher refuses is refused every time."""
    config = getattr(_local, "fonts", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.fonts = FontConfiguration()
    return config


def document(html: str):
    """The rendered WeasyPrint document (pages can be joined with other documents')."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=url_fetcher()).render(
        font_config=font_config()
    )


def render(html: str) -> bytes:
    """The PDF of `html`."""
    return document(html).write_pdf()
