"""Content-Security-Policy with a nonce per response, and Permissions-Policy.

Every page loads its scripts, styles, fonts and images from this server only (KRDS, plotly.js and
Swagger UI are served as our own static files). Inline scripts run only with the response's
nonce: a template writes `nonce="{{ request.csp_nonce }}"`, and HTML that our code generates (a
Plotly figure's `<div>` and `<script>`) goes through `nonced`. An injected `<script>` has no nonce
and does not run. Styles allow inline (`'unsafe-inline'`): plotly.js and Swagger UI insert
`<style>` elements at run time, and the bar charts position with `style="width: …%"`; CSS cannot run
code. Django 6 has this built in (`django.middleware.csp`): switch to it when the project moves.
"""

from __future__ import annotations

import contextvars
import re
import secrets

_nonce: contextvars.ContextVar[str] = contextvars.ContextVar("csp_nonce", default="")
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])")


def new_nonce() -> str:
    value = secrets.token_urlsafe(18)
    _nonce.set(value)
    return value


def nonce() -> str:
    """The nonce of the response being made (empty outside a request)."""
    return _nonce.get()


def nonced(html: str) -> str:
    """Add the response's nonce to every `<script>` tag of `html` — HTML that our own code
    generated (never user input: a nonce on injected markup would let it run)."""
    value = nonce()
    if not value:
        return html
    return _SCRIPT_TAG.sub(f'<script nonce="{value}"', html)


def policy(nonce_value: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce_value}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Browser features the platform does not use are refused to every page; the camera only to
# other origins (scanning a conference ticket's QR code on our own pages may use it).
PERMISSIONS_POLICY = ", ".join(
    [
        *(f"{feature}=()" for feature in (
            "accelerometer", "autoplay", "display-capture", "geolocation", "gyroscope",
            "magnetometer", "microphone", "midi", "payment", "usb",
        )),
        "camera=(self)",
    ]
)  # fmt: skip


def figure_html(figure, **kwargs) -> str:
    """A Plotly figure as a `<div>` and its `<script>` (with the response's nonce); plotly.js
    itself comes from `{% plotly_script %}`."""
    return nonced(figure.to_html(full_html=False, include_plotlyjs=False, **kwargs))
