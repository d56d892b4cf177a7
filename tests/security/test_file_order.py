"""Rejected rows are listed in file order whichever checking stage refused them (issue 14,
item 9: the probe saw lines 4, 5, 6, 8, 7, 9 in a mixed file). Checked for a LookinBody CSV,
a FHIR NDJSON file and Bundle with steps and measurements mixed, and an Open mHealth export, in
the three places rejected rows are listed: the quarantine report (CSV), the quarantine page and
the CLI's JSON output."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from healthycity.citizens.domain.consent import withdraw_consent
from healthycity.health.imports import import_file
from healthycity.health.models import ImportBatch, QuarantinedRow
from tests.health import inbody_files as files
from tests.health.wearable_files import omh_point, omh_steps
from tests.security.test_nested_json import observation

pytestmark = pytest.mark.django_db

DAY = "2025.03.{:02d} 10:00"


def report_lines(report: str) -> list[int]:
    with open(report, encoding="utf-8-sig", newline="") as f:
        return [int(r["line"]) for r in csv.DictReader(f)]


def cli_lines(*args) -> list[int]:
    out = io.StringIO()
    call_command("import", *args, "--format", "json", stdout=out)
    summary = json.loads(out.getvalue())
    return [r["line"] for r in summary["rejections"]]


def page_lines(client, batch: ImportBatch) -> list[int]:
    html = client.get(f"/health/imports/{batch.external_id}/quarantine/").content.decode()
    return [int(n) for n in re.findall(r"<tr><td>(\d+)</td>", html)]


def inbody_rows(consented) -> list[list[str]]:
    """Every check of the InBody import refuses one row, interleaved: reading (a number, a
    date, a plausible value), the citizen, the consent, and a conflict with a sitting recorded
    before and one earlier in the same file."""
    withdraw_consent(citizen=consented.other_citizen, purpose="care")
    return [
        files.row(**{"Test Date / Time": DAY.format(1)}),  # 2 imported
        files.row(Weight="62.5", **{"Test Date / Time": DAY.format(20)}),  # 3 conflict (db)
        files.row(Weight="abc", **{"Test Date / Time": DAY.format(2)}),  # 4 reading
        files.row(**{"Mobile Number": "010-9999-0000", "Test Date / Time": DAY.format(3)}),  # 5
        files.row(Weight="63.0", **{"Test Date / Time": DAY.format(1)}),  # 6 conflict (line 2)
        files.row(**{"Mobile Number": "010-8765-4321", "Test Date / Time": DAY.format(5)}),  # 7
        files.row(Weight="900", **{"Test Date / Time": DAY.format(6)}),  # 8 implausible
        files.row(**{"Test Date / Time": "not a date"}),  # 9 reading
        files.row(**{"Test Date / Time": DAY.format(7)}),  # 10 imported
    ]


INBODY_REJECTED = [3, 4, 5, 6, 7, 8, 9]


def _earlier_sitting():
    earlier = [files.row(**{"Test Date / Time": DAY.format(20)})]
    import_file(fileobj=io.BytesIO(files.csv_bytes(earlier)), kind="inbody")


def test_inbody_rejections_are_in_file_order_in_report_page_and_listing(consented, client_for):
    _earlier_sitting()
    rows = inbody_rows(consented)
    result = import_file(
        fileobj=io.BytesIO(files.csv_bytes(rows)), kind="inbody", by=consented.worker_a
    )
    assert (result.imported, result.rejected) == (2, 7)
    reasons = dict(QuarantinedRow.objects.filter(batch=result.batch).values_list("line", "reason"))
    assert reasons == {
        3: "conflict", 4: "not_a_number", 5: "no_citizen", 6: "conflict",
        7: "not_allowed",  # the other citizen is of centre B (and has withdrawn consent)
        8: "implausible", 9: "bad_date",
    }  # fmt: skip
    assert report_lines(result.report) == INBODY_REJECTED
    assert page_lines(client_for(consented.worker_a), result.batch) == INBODY_REJECTED


def test_inbody_rejections_are_in_file_order_in_the_cli_json(consented, tmp_path):
    _earlier_sitting()
    path = tmp_path / "mixed.csv"
    path.write_bytes(files.csv_bytes(inbody_rows(consented)))
    assert cli_lines("inbody", str(path)) == INBODY_REJECTED


def test_inbody_dry_run_lists_rejections_in_file_order(consented, tmp_path):
    _earlier_sitting()
    path = tmp_path / "mixed.csv"
    path.write_bytes(files.csv_bytes(inbody_rows(consented)))
    assert cli_lines("inbody", str(path), "--dry-run") == INBODY_REJECTED


def _steps(subject: str, value, day: str) -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "41950-7"}]},
        "subject": {"reference": f"Patient/{subject}"},
        "effectiveDateTime": day,
        "valueQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": "/d"},
    }


def fhir_resources(consented) -> list:
    """Measurements and steps mixed; each kind refused by its own writer's checks."""
    withdraw_consent(citizen=consented.other_citizen, purpose="care")
    mine, other = consented.citizen.external_id, consented.other_citizen.external_id
    weight = observation(mine, 70.1, "2025-01-01T09:00:00+09:00")
    bad_unit = observation(mine, 70.2, "2025-01-02T09:00:00+09:00")
    bad_unit["valueQuantity"]["code"] = "stone-ish"
    return [
        weight,  # 1 imported
        _steps(other, 6000, "2025-01-01"),  # 2 steps: no consent
        bad_unit,  # 3 measurement: unknown unit
        _steps(mine, 5000, "2025-01-02"),  # 4 imported
        observation(other, 80.0, "2025-01-03T09:00:00+09:00"),  # 5 measurement: no consent
        _steps("00000000-0000-4000-8000-000000000000", 4000, "2025-01-03"),  # 6 steps: nobody
        observation(mine, 71.0, "2025-01-01T09:00:00+09:00"),  # 7 conflict with line 1
        _steps(other, 7000, "2025-01-04"),  # 8 steps: no consent
    ]


FHIR_REJECTED = [2, 3, 5, 6, 7, 8]


def test_fhir_ndjson_with_steps_and_measurements_in_file_order(consented, tmp_path, client_for):
    lines = [json.dumps(r) for r in fhir_resources(consented)]
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(path=path, kind="fhir", by=consented.worker_a)
    assert (result.imported, result.rejected) == (2, 6), report_lines(result.report)
    assert report_lines(result.report) == FHIR_REJECTED
    assert page_lines(client_for(consented.worker_a), result.batch) == FHIR_REJECTED
    assert cli_lines("fhir", str(path), "--dry-run") == FHIR_REJECTED


def test_fhir_bundle_with_steps_and_measurements_in_file_order(consented, tmp_path):
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in fhir_resources(consented)],
    }
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = import_file(path=path, kind="fhir")
    lines = report_lines(result.report)
    assert result.rejected == 6 and lines == sorted(lines)
    assert list(QuarantinedRow.objects.values_list("line", flat=True)) == lines
    assert cli_lines("fhir", str(path), "--dry-run") == lines


def _weight(value, unit: str, at: str) -> dict:
    return omh_point(
        "body-weight",
        {"body_weight": {"value": value, "unit": unit}, "effective_time_frame": {"date_time": at}},
    )


def test_wearable_export_rejections_in_file_order(consented, tmp_path, client_for):
    """Reading refuses lines 2, 4 and 6 as the file is read; the writer refuses line 3 (a second,
    different weight for the same moment) after it: the listing is still 2, 3, 4, 6."""
    at = "2026-03-02T07:00:00+09:00"
    lines = [
        json.dumps(_weight(150, "lb", at)),  # 1 imported
        json.dumps(_weight(70, "stone", "2026-03-02T07:05:00+09:00")),  # 2 unknown unit
        json.dumps(_weight(160, "lb", at)),  # 3 conflict with line 1
        "{not json",  # 4 malformed
        json.dumps(omh_steps(800, "2026-03-02T18:00:00+09:00", "2026-03-02T18:10:00+09:00")),
        json.dumps(_weight(71, "stone", "2026-03-02T07:10:00+09:00")),  # 6 unknown unit
    ]
    path = tmp_path / "points.ndjson"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(path=path, kind="omh", citizen=consented.citizen, by=consented.worker_a)
    assert result.rejected == 4
    assert report_lines(result.report) == [2, 3, 4, 6]
    assert page_lines(client_for(consented.worker_a), result.batch) == [2, 3, 4, 6]
    citizen = str(consented.citizen.external_id)
    assert cli_lines("omh", str(path), "--citizen", citizen, "--dry-run") == [2, 3, 4, 6]


def test_a_report_written_out_of_order_is_put_back_in_line_order(consented, tmp_path, settings):
    from healthycity.health.imports.base import ImportResult, Quarantine, Rejection

    settings.VAR_DIR = tmp_path
    batch = ImportBatch.objects.create(kind="inbody", file_name="x.csv", sha256="0" * 64)
    result = ImportResult(kind="inbody", file_name="x.csv")
    quarantine = Quarantine(batch, result)
    quarantine.add([Rejection(4, "not_a_number", "a"), Rejection(8, "bad_date", "b")])
    quarantine.add([Rejection(5, "no_consent", "=c"), Rejection(4, "conflict", "d")])
    quarantine.close()
    with open(result.report, encoding="utf-8-sig", newline="") as f:
        rows = [(r["line"], r["reason"], r["message"]) for r in csv.DictReader(f)]
    assert rows == [
        ("4", "not_a_number", "a"), ("4", "conflict", "d"), ("5", "no_consent", "'=c"),
        ("8", "bad_date", "b"),
    ]  # fmt: skip
    assert Path(result.report).read_bytes().startswith(b"\xef\xbb\xbf")  # still utf-8-sig
