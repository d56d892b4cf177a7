"""The demo hook writes last year's and this year's snapshot, so the dashboard has data."""

from __future__ import annotations

import pyarrow.parquet as pq
from django.utils import timezone

from healthycity.demo.build import build_demo
from healthycity.equity import dashboard, snapshot
from healthycity.equity import demo as equity_demo
from healthycity.health import demo as health_demo


def test_demo_hook_writes_snapshots_the_dashboard_reads(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    ctx = build_demo(seed=5, n_citizens=300, password="demo-pass-123", hooks=False)
    health_demo.populate(ctx)
    equity_demo.populate(ctx)
    year = timezone.localdate().year
    assert snapshot.available_periods() == [str(year - 1), str(year)]
    rows = pq.read_table(snapshot.default_path(snapshot.parse_period(str(year))))
    assert 0 < rows.num_rows <= 300
    assert rows.column("bmi").null_count < rows.num_rows  # the health hook's scans are in
    sel = dashboard.select({"indicator": "obesity", "by": "income_band"}, suppress=False)
    data = dashboard.build(sel)
    assert data["latest"] == str(year) and data["rows"]
