"""Content-Security-Policy with a nonce per response, and Permissions-Policy.

The policy is enforced. Every page loads its scripts, styles, fonts and images from this server
only (KRDS, htmx, plotly.js and Swagger UI are served as our own static files), and no page has an
inline script that runs: Plotly figures are JSON blocks drawn by the static `charts.js`
(`figure_html`), event handlers are `data-` attributes handled by `healthycity.js`, and htmx may not
evaluate (`allowEval: false` in base.html). An inline `<script>` runs only with the response's nonce
(`request.csp_nonce`, for a template that ever needs one); an injected one has none and does not
run, and nothing may call `eval` or `new Function`. Styles allow inline (`'unsafe-inline'`):
plotly.js, MapLibre and Swagger UI insert `<style>` elements at run time, and the bar charts
position with `style="width: …%"`; CSS cannot run code. Workers may start from `blob:` URLs: the
district map's MapLibre starts its tile worker so (a blob can only be made by a script the policy
already let run). Django 6 has CSP built in (`django.middleware.csp`): switch to it when the project
moves.
"""

from __future__ import annotations

import json
import secrets
import uuid


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def policy(nonce_value: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce_value}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "worker-src 'self' blob:",
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


def figure_html(figure, *, div_id: str | None = None, config: dict | None = None) -> str:
    """A Plotly figure as an empty `<div>` and its data as a JSON block (never run by the
    browser); the static `healthycity/js/charts.js` draws every such `<div>` — on page load and
    in content that HTMX swaps in, whose response has another nonce than the page. plotly.js
    itself comes from `{% plotly_script %}`."""
    import plotly.io as pio

    div_id = div_id or f"chart-{uuid.uuid4().hex[:12]}"
    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = {"responsive": True, **(config or {})}
    data = json.dumps(spec, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return (
        f'<div id="{div_id}" class="plotly-graph-div" data-chart="{div_id}-figure"'
        f' style="height:100%; width:100%;"></div>'
        f'<script type="application/json" id="{div_id}-figure">{data}</script>'
    )


# As Django's json_script: a "</script>" inside a string cannot end the block.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
