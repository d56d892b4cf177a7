"""The Content-Security-Policy is enforced, and no page of any role breaks it (issue 14, item 9).

Each test walks the main pages of one role in a real browser with the data that makes their
scripts work (charts, the district map, htmx swaps and polling, Swagger UI, the scanner's service
worker), listening for `securitypolicyviolation` events and the console's CSP errors
(`tests/e2e/conftest.py::watch_csp`), and asserts that there are none.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_benchmarks_page import benchmark_data  # noqa: F401 — fixture
from tests.e2e.test_conference import event  # noqa: F401 — fixture
from tests.e2e.test_equity_dashboard import snapshots  # noqa: F401 — fixture
from tests.e2e.test_exhibition_floorplan import exhibition  # noqa: F401 — fixture
from tests.e2e.test_partners_dashboard import reviewed  # noqa: F401 — fixture
from tests.health.health_data import consent_care, history

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _visit(page, url: str, *, ready: str = "#container") -> None:
    """Open `url`, wait until `ready` is on the page, then for the page's scripts to settle."""
    response = page.goto(url)
    assert response.status < 400, f"{url}: {response.status}"
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    assert page.problems.csp == [], f"{url}: {page.problems.csp}"


def test_the_policy_is_enforced_not_report_only(page, live_server):
    response = page.goto("/", timeout=60_000)  # the first request of a run imports every view
    headers = response.all_headers()
    assert "content-security-policy-report-only" not in headers
    policy = headers["content-security-policy"]
    assert "'unsafe-eval'" not in policy
    assert re.search(r"script-src 'self' 'nonce-[^']+'(;|$)", policy), policy


def test_injected_inline_script_does_not_run(page, live_server):
    """The policy at work: a script added to the page without the nonce is refused (and the
    refusal is what the listener reports)."""
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = 1"; document.body.append(s); }"""
    )
    for _ in range(50):  # the violation event reaches the test a moment later
        if page.problems.csp:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in page.problems.csp), page.problems.csp
    page.problems.csp.clear()  # expected: this test made it


def test_anonymous_pages(page, people, event, exhibition):  # noqa: F811
    _visit(page, "/")
    _visit(page, "/login/")
    _visit(page, "/conference/afhc-e2e/")
    _visit(page, "/conference/afhc-e2e/programme/", ready="[data-testid=session]")
    page.select_option("select >> nth=0", index=1)  # an htmx swap of the programme
    page.wait_for_load_state("networkidle")
    _visit(
        page, "/conference/afhc-2026/exhibition/", ready="[data-testid=floorplan-art-hall-1] svg"
    )
    _visit(page, "/policies/")
    page.problems.assert_none()


def test_citizen_pages(page, people, event):  # noqa: F811
    consent_care(people.citizen)
    history(people.citizen)
    login(page, "citizen")
    _visit(page, "/health/me/", ready="#chart-body .main-svg")
    _visit(page, "/citizens/me/consents/")
    _visit(page, "/feedback/mine/")
    _visit(page, "/conference/afhc-e2e/")
    page.problems.assert_none()


def test_worker_pages(page, people):
    consent_care(people.citizen)
    history(people.citizen)
    login(page, "worker-a")
    _visit(page, "/health/worklist/")
    _visit(page, f"/health/citizens/{people.citizen.external_id}/", ready="#chart-body .main-svg")
    _visit(page, f"/health/citizens/{people.citizen.external_id}/record/")
    _visit(page, "/health/upload/")
    _visit(page, "/aid/")
    page.problems.assert_none()


def test_official_pages_with_charts_map_htmx_and_api_docs(page, people, snapshots):  # noqa: F811
    login(page, "official")
    _visit(
        page,
        "/equity/?indicator=obesity&by=income_band&standard=who2000",
        ready="#equity-map .main-svg",
    )
    page.wait_for_selector("#equity-estimates .main-svg")
    expect(page.locator("#equity-map canvas").first).to_be_attached()  # MapLibre's worker ran
    # htmx swaps the panels in, with their charts drawn from JSON (no inline script).
    with page.expect_response(lambda r: "by=district" in r.url):
        page.select_option("#by", "district")
    expect(page).to_have_url(re.compile("by=district"))
    expect(page.locator("#equity-estimates .main-svg").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    _visit(page, "/access-log/")
    _visit(page, "/citizens/")
    _visit(page, "/partners/companies/")
    _visit(page, "/api/docs/", ready=".swagger-ui .info .title")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.problems.csp == []
    page.problems.assert_none()


def test_official_conference_scanner_and_live_dashboard(phone_page, people, event):  # noqa: F811
    page = phone_page
    login(page, "official")
    _visit(page, "/conference/afhc-e2e/manage/")
    page.wait_for_timeout(5_500)  # the live counts poll every 5 s (htmx)
    _visit(page, "/conference/afhc-e2e/scanner/")
    page.fill("#device-name", "A-1")
    page.click("[data-testid=register-device]")
    page.wait_for_selector("#work:not([hidden])")
    expect(page.locator("[data-testid=list-status]")).not_to_be_empty()
    # The service worker is installed and controls the page (its own script, no eval).
    page.reload()
    page.wait_for_selector("#work:not([hidden])")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    page.fill("[data-testid=code]", "ABCDE-FGHJK-MNPQR-STVWX")
    page.click("[data-testid=check]")
    page.wait_for_selector("[data-testid=result][data-status=unknown]")
    assert page.problems.csp == []
    page.problems.assert_none()


def test_partner_dashboard_and_report(page, people, reviewed):  # noqa: F811
    product, year = reviewed
    login(page, people.partner.username)
    _visit(
        page,
        f"/feedback/dashboard/products/{product.external_id}/?period={year}",
        ready="#chart-months .main-svg",
    )
    _visit(page, "/feedback/inbox/")
    _visit(page, f"/partners/companies/inbody/report/?period={year}")
    _visit(page, "/partners/mine/")
    page.problems.assert_none()


def test_delegate_library_and_benchmarks(page, benchmark_data):  # noqa: F811
    login(page, "delegate")
    _visit(page, "/policies/")
    _visit(page, "/policies/mine/")
    _visit(page, "/policies/benchmarks/", ready="[data-testid=benchmark-matrix]")
    page.wait_for_selector("#trend .main-svg")
    page.problems.assert_none()
