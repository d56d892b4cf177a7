"""Response headers (issue 14, items 6, 8 and 9): no-store on every page and API answer (walked
over every URL pattern), CSP with a nonce and Permissions-Policy, /healthz exempt from the HTTPS
redirect, the idle time-out for staff, 401 with WWW-Authenticate."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.health.conftest import make_measurement

pytestmark = pytest.mark.django_db

UUID = "00000000-0000-4000-8000-000000000000"


def _patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _patterns(p, route)
        elif isinstance(p, URLPattern):
            yield route


def _url(route: str) -> str | None:
    if route.startswith(("^", "admin/")) or "(?P" in route:
        return None  # admin and regex routes (static, i18n) are Django's
    url = re.sub(r"<uuid:[^>]+>", UUID, route)
    url = re.sub(r"<int:[^>]+>", "1", url)
    url = re.sub(r"<(slug|str|path):[^>]+>", "x", url)
    url = re.sub(r"<[^>]+>", "x", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_every_url_answers_no_store(cast, client_for):
    """Every page and endpoint — whatever it answers to an official (200, 302, 403, 404, 405) —
    tells browsers and proxies not to keep it."""
    client = client_for(cast.official)
    checked = 0
    for route in _patterns():
        url = _url(route)
        if url is None:
            continue
        response = client.get(url)
        cache = response.headers.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, (
            f"{url}: {response.status_code} {cache!r}"
        )
        checked += 1
    assert checked > 60


@pytest.mark.parametrize(
    "url",
    [
        "/health/citizens/{id}/",
        "/health/citizens/{id}/report.pdf",
        "/health/worklist/",
        "/api/v1/citizens/{id}/fhir/",
        "/api/v1/measurements/",
        "/api/v1/steps/",
    ],
)
def test_personal_health_pages_are_not_cached(consented, client_for, url):
    make_measurement(consented.citizen, weight_kg=61.5, height_cm=158.2)
    response = client_for(consented.worker_a).get(url.format(id=consented.citizen.external_id))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/health/me/", "/health/me/report.pdf", "/health/me/fhir.json"])
def test_citizens_own_pages_are_not_cached(consented, client_for, url):
    make_measurement(consented.citizen, weight_kg=61.5, height_cm=158.2)
    response = client_for(consented.citizen_user).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_pages_carry_an_enforced_csp_with_a_fresh_nonce_and_permissions_policy(client_for):
    client = client_for(None)
    first, second = client.get("/"), client.get("/")
    assert "Content-Security-Policy-Report-Only" not in first  # enforced, not only reported
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "unsafe-inline" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce not in second["Content-Security-Policy"]
    assert "http" not in policy, "the pages load nothing from elsewhere"
    assert "geolocation=()" in first["Permissions-Policy"]
    assert "microphone=()" in first["Permissions-Policy"]


def _running_inline_scripts(html: str) -> list[str]:
    """The attributes of `<script>` tags without `src` that a browser would run (JSON and
    JSON-LD blocks are data)."""
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    return [a for a in inline if not re.search(r'type="application/(ld\+)?json"', a)]


def test_charts_have_no_inline_script(consented, client_for):
    """Plotly figures are JSON blocks drawn by the static charts.js, so they need no nonce and
    still draw in content that htmx swaps in (whose response has another nonce)."""
    make_measurement(consented.citizen, days_ago=30, weight_kg=62.0, height_cm=158.2)
    make_measurement(consented.citizen, weight_kg=61.5, height_cm=158.2)
    html = client_for(consented.citizen_user).get("/health/me/").content.decode()
    assert 'data-chart="chart-body-figure"' in html
    assert '<script type="application/json" id="chart-body-figure">' in html
    assert "/static/healthycity/js/charts.js" in html
    assert _running_inline_scripts(html) == []


def test_a_figure_cannot_end_its_json_block():
    import plotly.graph_objects as go

    from healthycity.core.csp import figure_html

    html = figure_html(go.Figure(layout={"title": "</script><script>alert(1)</script>"}))
    assert html.count("</script>") == 1 and "<script>alert" not in html


@pytest.mark.parametrize("url", ["/", "/login/", "/conference/", "/policies/", "/partners/"])
def test_public_pages_have_no_inline_script_and_htmx_may_not_eval(client, url):
    html = client.get(url, follow=True).content.decode()
    assert _running_inline_scripts(html) == []
    assert re.search(r"""<meta name="htmx-config" content='[^']*"allowEval": false""", html)
    assert re.search(
        r"""<meta name="htmx-config" content='[^']*"includeIndicatorStyles": false""", html
    )
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_api_docs_load_swagger_from_our_own_server(client_for, cast):
    html = client_for(cast.official).get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "<script>" not in html  # the start-up script is a file (no inline script)


def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/").status_code == 301  # everything else is redirected


def test_production_settings_exempt_healthz():
    from django.conf import settings

    assert any(re.search(p, "healthz") for p in settings.SECURE_REDIRECT_EXEMPT)


def test_staff_are_signed_out_after_the_idle_time(cast, client_for, settings, monkeypatch):
    import time

    settings.STAFF_IDLE_MINUTES = 30
    client = client_for(cast.worker_a)
    assert client.get("/health/worklist/").status_code == 200
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 31 * 60)
    response = client.get("/health/worklist/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/health/worklist/").status_code == 302  # signed out for good


def test_activity_keeps_staff_signed_in(cast, client_for, settings, monkeypatch):
    import time

    client = client_for(cast.official)
    start = time.time()
    for minutes in (0, 20, 40, 60):
        monkeypatch.setattr(time, "time", lambda m=minutes: start + m * 60)
        assert client.get("/access-log/").status_code == 200


def test_citizens_are_not_signed_out_by_the_staff_time_out(cast, client_for, monkeypatch):
    import time

    client = client_for(cast.citizen_user)
    assert client.get("/").status_code == 200
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3 * 3600)
    response = client.get("/")
    assert response.status_code == 200 and response.wsgi_request.user.is_authenticated


def test_unauthenticated_api_answers_401_with_a_challenge(client):
    response = client.get("/api/v1/citizens/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["error"]["status"] == 401


def test_permission_is_checked_before_validation(cast, api_for):
    from tests.feedback.factories import ProductFactory

    product = ProductFactory(partner=cast.partner_org)
    other = ProductFactory(partner=cast.partner_org)
    body = {"slug": other.slug, "name_ko": "x", "name_en": "x", "category": "bogus"}
    response = api_for(cast.worker_a).put(f"/api/v1/products/{product.external_id}/", body,
                                          format="json")  # fmt: skip
    assert response.status_code == 403


def test_schema_documents_filters_and_required_period(cast, client_for):
    schema = client_for(cast.official).get("/api/schema/?format=json").json()
    products = schema["paths"]["/api/v1/products/"]["get"]["parameters"]
    assert "company" in {p["name"] for p in products}
    report = schema["paths"]["/api/v1/companies/{slug}/report/"]["get"]["parameters"]
    assert any(p["name"] == "period" and p.get("required") for p in report)
