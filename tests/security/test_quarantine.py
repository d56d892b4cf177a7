"""Rejected rows (issue 14, items 2, 3 and 9): the quarantine keeps only the columns the import
reads and nothing of rows that match no citizen; its CSV report neutralises formula cells; rows
are reported in file order whichever check refused them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from healthycity.core import csvsafe
from healthycity.health.imports import import_file
from healthycity.health.models import QuarantinedRow
from tests.health import inbody_files as files

pytestmark = pytest.mark.django_db

PERSONAL = {
    "Name": "홍길동",
    "Date of Birth": "1961.04.02",
    "Address": "서울특별시 종로구 세종대로 175",
    "E-mail": "gildong@example.com",
    "Memo": "당뇨 진단 2019",
    "Zip Code": "03154",
}


def run(rows, **kw):
    return import_file(fileobj=io.BytesIO(files.csv_bytes(rows)), kind="inbody", **kw)


def report_rows(result) -> list[list[str]]:
    text = Path(result.report).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csvsafe_neutralises_formula_text_but_not_numbers():
    for bad in ('=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "@SUM(A1:A9)",
                "+1+1", "-2+3", "\t=1", "\r=1"):  # fmt: skip
        assert csvsafe.cell(bad) == "'" + bad
    assert csvsafe.cell(-5) == -5 and csvsafe.cell(2.5) == 2.5 and csvsafe.cell(None) is None
    assert csvsafe.cell("정상 값") == "정상 값"
    out = io.StringIO()
    csvsafe.writer(out).writerow(["=1+1", 3, "a"])
    assert out.getvalue() == "'=1+1,3,a\r\n"


def test_the_esg_csv_uses_the_same_neutraliser():
    from healthycity.partners.esg import report

    assert not hasattr(report, "_text"), "the ESG CSV keeps no neutraliser of its own"
    assert report.csvsafe is csvsafe


def test_rejected_rows_keep_only_the_columns_the_import_reads(consented):
    row = files.row(Weight="abc", **PERSONAL)
    result = run([row])
    assert result.rejected == 1
    raw = QuarantinedRow.objects.get().raw
    for value in (*PERSONAL.values(), "010-1234-5678", "김민지"):
        assert value not in raw, value
    assert "Weight=abc" in raw and "Test Date / Time=2025.03.15 14:22:10" in raw
    csv_raw = report_rows(result)[1][4]
    for value in PERSONAL.values():
        assert value not in csv_raw


def test_rows_of_no_citizen_keep_nothing_personal(consented):
    row = files.row(**{"Mobile Number": "010-9999-0000"}, **PERSONAL)
    result = run([row])
    quarantined = QuarantinedRow.objects.get()
    assert quarantined.reason == "no_citizen"
    assert quarantined.raw == ""
    assert "9999" not in quarantined.message
    line = report_rows(result)[1]
    assert line[4] == "" and "9999" not in line[3]


def test_malformed_rows_keep_nothing(consented):
    row = files.row(**PERSONAL)[:20]  # truncated: cells cannot be told apart
    run([row])
    assert QuarantinedRow.objects.get().raw == ""


def test_steps_rows_keep_date_steps_and_device_only(consented):
    text = (
        "citizen,date,steps,device,name\n"
        f"{consented.citizen.external_id},2025-03-01,abc,watch,홍길동\n"
        "010-5555-0000,2025-03-01,100,watch,김철수\n"
    )
    import_file(fileobj=io.BytesIO(text.encode()), kind="steps")
    rows = dict(QuarantinedRow.objects.values_list("line", "raw"))
    assert rows == {2: "date=2025-03-01; steps=abc; device=watch", 3: ""}


def test_fhir_rejections_keep_no_subject_or_narrative(consented):
    import json

    obs = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
        "subject": {"reference": f"Patient/{consented.citizen.external_id}", "display": "김민지"},
        "note": [{"text": "당뇨 진단"}],
        "effectiveDateTime": "2025-01-01T09:00:00+09:00",
        "valueQuantity": {"value": 999, "system": "http://unitsofmeasure.org", "code": "kg"},
    }
    import_file(fileobj=io.BytesIO(json.dumps(obs).encode()), kind="fhir")
    raw = QuarantinedRow.objects.get().raw
    assert "김민지" not in raw and "당뇨" not in raw and "999" in raw


def test_formula_cells_are_neutralised_in_the_quarantine_csv(consented):
    rows = [
        files.row(Weight='=HYPERLINK("http://evil.example","x")'),
        files.row(Weight="=cmd|' /C calc'!A0", **{"Test Date / Time": "2025.03.16 10:00"}),
        files.row(Weight="@SUM(1+1)", **{"Test Date / Time": "2025.03.17 10:00"}),
    ]
    result = run(rows)
    assert result.rejected == 3
    for line in report_rows(result)[1:]:
        for value in line:
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), line


def test_rejected_rows_are_reported_in_file_order_across_checks(consented):
    from healthycity.citizens.domain.consent import withdraw_consent

    withdraw_consent(citizen=consented.other_citizen, purpose="care")
    day = "2025.03.{:02d} 10:00"
    rows = [
        files.row(**{"Test Date / Time": day.format(1)}),  # 2 imported
        files.row(Weight="abc", **{"Test Date / Time": day.format(2)}),  # 3 parsing
        files.row(**{"Mobile Number": "010-9999-0000", "Test Date / Time": day.format(3)}),  # 4
        files.row(Weight="x", **{"Test Date / Time": day.format(4)}),  # 5 parsing
        files.row(**{"Mobile Number": "010-8765-4321", "Test Date / Time": day.format(5)}),  # 6
        files.row(**{"Test Date / Time": "not a date"}),  # 7 parsing
    ]
    result = run(rows)
    assert (result.imported, result.rejected) == (1, 5)
    lines = [int(r[0]) for r in report_rows(result)[1:]]
    assert lines == [3, 4, 5, 6, 7]
    reasons = [r[1] for r in report_rows(result)[1:]]
    assert reasons == ["not_a_number", "no_citizen", "not_a_number", "no_consent", "bad_date"]
