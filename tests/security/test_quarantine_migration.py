"""The data migration that scrubs what the quarantine kept before issue 14."""

from __future__ import annotations

import csv
import importlib
import json

import pytest
from django.apps import apps

from healthycity.health.models import ImportBatch, QuarantinedRow

pytestmark = pytest.mark.django_db
migration = importlib.import_module("healthycity.health.migrations.0004_scrub_quarantine")


def test_scrub_clears_old_raw_rows_and_reports(tmp_path):
    report = tmp_path / "old-quarantine.csv"
    old_raw = "홍길동,,158,1961.04.02,F,64,010-1234-5678,,03154,서울 종로구,g@example.com,,당뇨,..."
    with report.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            [
                ["line", "reason", "column", "message", "raw"],
                [2, "not_a_number", "Weight", "숫자가 아닙니다", old_raw],
                [3, "no_citizen", "", "ID나 전화번호 '010-9999-0000'인 시민이 없습니다.", old_raw],
                [4, "malformed", "", '=HYPERLINK("http://evil.example")', ""],
            ]
        )
    inbody = ImportBatch.objects.create(kind="inbody", file_name="a.csv", sha256="0" * 64,
                                        report_path=str(report))  # fmt: skip
    fhir = ImportBatch.objects.create(kind="fhir", file_name="b.json", sha256="1" * 64)
    QuarantinedRow.objects.create(
        batch=inbody, line=2, reason="not_a_number", message="m", raw=old_raw
    )
    QuarantinedRow.objects.create(batch=inbody, line=3, reason="no_citizen",
                                  message="ID나 전화번호 '010-9999-0000'인 시민이 없습니다.", raw=old_raw)  # fmt: skip
    resource = {"resourceType": "Observation", "status": "final", "note": [{"text": "당뇨"}],
                "subject": {"display": "김민지"}, "valueQuantity": {"value": 999}}  # fmt: skip
    QuarantinedRow.objects.create(batch=fhir, line=1, reason="implausible", message="m",
                                  raw=json.dumps(resource, ensure_ascii=False))  # fmt: skip

    migration.scrub(apps, None)

    rows = {(r.batch_id, r.line): r for r in QuarantinedRow.objects.all()}
    assert rows[(inbody.pk, 2)].raw == ""
    assert rows[(inbody.pk, 3)].raw == "" and "9999" not in rows[(inbody.pk, 3)].message
    fhir_raw = rows[(fhir.pk, 1)].raw
    assert "김민지" not in fhir_raw and "당뇨" not in fhir_raw and "999" in fhir_raw
    text = report.read_text(encoding="utf-8-sig")
    assert "홍길동" not in text and "9999" not in text
    assert "'=HYPERLINK" in text
