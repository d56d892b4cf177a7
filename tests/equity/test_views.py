"""Dashboard, exports and API: the role matrix, suppression for non-officials, offline plotly."""

from __future__ import annotations

import pytest

from healthycity.equity import synthetic

DASHBOARD = "/equity/"


@pytest.fixture
def snapshots(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SMALL_CELL_K = 10
    for period, seed in (("2024", 1), ("2025", 2)):
        synthetic.write_synthetic(
            tmp_path / "equity" / f"snapshot-{period}.parquet", rows=600, seed=seed, period=period
        )
    return tmp_path


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("worker_a", 403),
        ("partner", 200),
        ("delegate", 200),
        ("official", 200),
        ("admin", 200),
    ],
)
def test_dashboard_role_matrix(cast, client_for, snapshots, who, status):
    response = client_for(cast.users()[who]).get(DASHBOARD + "?indicator=obesity&by=district")
    assert response.status_code == status


def test_official_sees_all_cells_partner_sees_suppressed(cast, client_for, snapshots):
    url = DASHBOARD + "?indicator=obesity&by=district"
    official = client_for(cast.official).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "equity-map" in official.content.decode() and "Suppressed" not in official.content.decode()
    )
    partner = client_for(cast.partner).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Suppressed" in partner.content.decode()


def test_page_uses_local_plotly_not_a_cdn(cast, client_for, snapshots):
    html = client_for(cast.official).get(DASHBOARD).content.decode()
    assert "/static/vendor/plotly/plotly.min.js" in html and "cdn." not in html
    js = client_for(None).get("/static/vendor/plotly/plotly.min.js")
    assert js.status_code == 200 and b"plotly" in b"".join(js.streaming_content)[:2000].lower()


def test_dashboard_without_snapshot_says_so(cast, client_for, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    html = client_for(cast.official).get(DASHBOARD).content.decode()
    assert "equity snapshot" in html


def test_unknown_indicator_is_404_not_500(cast, client_for, snapshots):
    assert client_for(cast.official).get(DASHBOARD + "?indicator=nope").status_code == 404


def export(client, fmt="csv", language="en", **selection):
    """Start an export job from the dashboard's form; return the file it produced."""
    data = {"indicator": "obesity", "by": "district", "standard": "", "format": fmt, **selection}
    response = client.post("/equity/export/", data, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.status_code == 200
    job = response.context["job"]
    assert job.state == "done", job.error_message
    download = client.get(f"/jobs/{job.external_id}/file")
    assert download.status_code == 200
    return download, b"".join(download.streaming_content)


def test_exports_are_suppressed_even_for_officials(cast, client_for, snapshots):
    client = client_for(cast.official)
    csv, body = export(client, "csv")
    assert "Suppressed" in body.decode() and "equity-obesity-district" in csv["Content-Disposition"]
    xlsx, body = export(client, "xlsx")
    assert body[:2] == b"PK" and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_dashboard_offers_the_export_as_a_job(cast, client_for, snapshots):
    html = client_for(cast.partner).get(DASHBOARD + "?indicator=obesity&by=sex").content.decode()
    assert 'action="/equity/export/"' in html and 'name="format" value="xlsx"' in html
    assert 'value="obesity"' in html and 'data-testid="snapshot-form"' not in html
    official = client_for(cast.official).get(DASHBOARD).content.decode()
    assert 'data-testid="snapshot-form"' in official


def test_exports_forbidden_for_workers(cast, client_for, snapshots):
    response = client_for(cast.worker_a).post("/equity/export/", {"format": "csv"})
    assert response.status_code == 403
    from healthycity.jobs.models import Job

    assert not Job.objects.exists()


def test_official_rebuilds_the_snapshot_as_a_job(cast, client_for, snapshots):
    from healthycity.equity import snapshot

    response = client_for(cast.official).post("/equity/snapshot/", follow=True)
    job = response.context["job"]
    assert job.state == "done" and job.kind == "equity.snapshot", job.error_message
    period = snapshot.parse_period(None)
    assert job.result["period"] == period.label and snapshot.default_path(period).exists()
    assert 'data-testid="snapshot-result"' in response.content.decode()
    assert client_for(cast.partner).post("/equity/snapshot/").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"), [("partner", 200), ("official", 200), ("citizen", 403), ("anonymous", 401)]
)
def test_api_role_matrix(cast, api_for, snapshots, who, status):
    response = api_for(cast.users()[who]).get("/api/v1/equity/report/?indicator=obesity&by=sex")
    assert response.status_code in ((status, 403) if who == "anonymous" else (status,))


def test_api_unknown_stratifier_is_400(cast, api_for, snapshots):
    response = api_for(cast.official).get("/api/v1/equity/report/?by=shoe")
    assert response.status_code == 400 and "shoe" in response.content.decode()


def test_htmx_request_gets_only_the_panels(cast, client_for, snapshots):
    html = (
        client_for(cast.official)
        .get(DASHBOARD + "?by=sex", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "<html" not in html and "equity-estimates" in html


def test_dashboard_computes_a_report_once_until_a_snapshot_changes(
    cast, client_for, snapshots, monkeypatch
):
    from healthycity.equity import engine

    calls = []
    real = engine.compute_cells
    monkeypatch.setattr(engine, "compute_cells", lambda *a, **k: calls.append(1) or real(*a, **k))
    client = client_for(cast.official)
    url = DASHBOARD + "?indicator=obesity&by=income_band"
    client.get(url)
    client.get(url)
    assert len(calls) == 1
    synthetic.write_synthetic(
        snapshots / "equity" / "snapshot-2025.parquet", rows=700, seed=3, period="2025"
    )
    client.get(url)
    assert len(calls) == 2


def test_kept_charts_need_no_nonce(cast, client_for, snapshots):
    """Kept charts are shared by every response: they are JSON blocks drawn by charts.js, with
    no inline script that would need the response's own nonce under the enforced CSP."""
    import re

    client = client_for(cast.official)
    first, second = (client.get(DASHBOARD).content.decode() for _ in range(2))
    for html in (first, second):
        assert 'data-chart="equity-estimates-figure"' in html
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and all('type="application/json"' in a for a in inline), inline
    figures = re.compile(r'<script type="application/json" id="[^"]+">.*?</script>', re.S)
    assert figures.findall(first) == figures.findall(second)  # the kept HTML, reused
