"""A snapshot the running version cannot read (an older format) is a clear message, never a 500."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_snapshot(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "equity").mkdir()
    pq.write_table(pa.table({"district": ["11110"]}), tmp_path / "equity" / "snapshot-2025.parquet")


def test_api_answers_409_with_how_to_fix(cast, api_for, stale_snapshot):
    response = api_for(cast.official).get("/api/v1/equity/report/")
    assert response.status_code == 409
    assert "healthycity equity snapshot" in response.json()["error"]["message"]


def test_dashboard_shows_the_problem_instead_of_failing(cast, client_for, stale_snapshot):
    response = client_for(cast.official).get("/equity/")
    assert response.status_code == 200
    assert "healthycity equity snapshot" in response.content.decode()
