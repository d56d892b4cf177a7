"""LookinBody imports: labels matched by name, encodings, XLSX, people, consent, bad input,
idempotency and row accounting."""

from __future__ import annotations

import io

import pytest

from healthycity.citizens.domain.consent import withdraw_consent
from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import Measurement, QuarantinedRow
from tests.health import inbody_files as files

pytestmark = pytest.mark.django_db


def run(data: bytes, **kw):
    result = import_file(fileobj=io.BytesIO(data), kind="inbody", file_name="t.csv", **kw)
    assert result.balanced
    return result


def test_the_87_labels_import_one_scan_with_every_value(consented):
    result = run(files.csv_bytes([files.row()]))
    assert (result.read, result.imported, result.rejected) == (1, 1, 0)
    m = Measurement.objects.get()
    assert m.citizen == consented.citizen
    assert (m.weight_kg, m.height_cm, m.bmi, m.pbf_percent, m.vfl) == (61.5, 158.2, 24.6, 35.6, 9)
    assert (m.lean_left_leg_kg, m.fat_trunk_pct, m.z100_trunk_ohm) == (5.58, 250.3, 23.1)
    assert m.device_model == "InBody120" and m.source == "device_file"
    assert m.taken_at.astimezone().strftime("%Y-%m-%d") == "2025-03-15"


def test_reimport_adds_nothing_and_counts_duplicates(consented):
    data = files.csv_bytes([files.row(), files.row(**{"Test Date / Time": "2025.04.01 09:00"})])
    run(data)
    again = run(data)
    assert (again.imported, again.duplicates) == (0, 2)
    assert Measurement.objects.count() == 2


def test_duplicated_row_in_one_file_counts_once(consented):
    result = run(files.csv_bytes([files.row(), files.row()]))
    assert (result.imported, result.duplicates) == (1, 1)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp949"])
def test_encodings_with_korean_names(consented, encoding):
    result = run(files.csv_bytes([files.row()], encoding=encoding))
    assert result.imported == 1


def test_korean_labels_and_renumbered_columns(consented):
    header = files.korean_header()
    header = [f"{i + 5}. {h.split('. ', 1)[1]}" for i, h in enumerate(header)]
    result = run(files.csv_bytes([files.row()], header=header))
    assert result.imported == 1
    assert Measurement.objects.get().weight_kg == 61.5


def test_xlsx(consented):
    result = import_file(fileobj=io.BytesIO(files.xlsx_bytes([files.row()])), kind="inbody")
    assert (result.read, result.imported) == (1, 1)


def test_date_and_time_in_two_columns(consented):
    header = [h.replace("Test Date / Time", "Test Date") for h in files.LABELS] + ["88. Test Time"]
    rows = [files.row(**{"Test Date / Time": "2025-03-15"}) + ["오후 2:22:10"]]
    result = run(files.csv_bytes(rows, header=header))
    assert result.imported == 1
    assert Measurement.objects.get().taken_at.astimezone().hour in (14, 5)


def test_match_by_citizen_id(consented):
    row = files.row(**{"ID": str(consented.other_citizen.external_id), "Mobile Number": ""})
    assert run(files.csv_bytes([row])).imported == 1
    assert Measurement.objects.get().citizen == consented.other_citizen


def test_unknown_phone_and_no_consent_are_quarantined(consented):
    withdraw_consent(citizen=consented.other_citizen, purpose="care")
    rows = [
        files.row(**{"Mobile Number": "010-0000-0000"}),
        files.row(**{"Mobile Number": "+82 10 8765 4321"}),
    ]
    result = run(files.csv_bytes(rows))
    assert (result.imported, result.rejected) == (0, 2)
    reasons = dict(QuarantinedRow.objects.values_list("line", "reason"))
    assert reasons == {2: "no_citizen", 3: "no_consent"}
    unknown = QuarantinedRow.objects.get(line=2)
    assert unknown.message == (
        "이 줄의 ID나 전화번호와 일치하는 시민이 없습니다. 이 행은 보관하지 않습니다."
    )
    assert unknown.raw == ""  # nothing of someone who is not a citizen (issue 14)
    assert not Measurement.objects.exists()


def test_ambiguous_phone_is_not_guessed(consented):
    from tests.factories import CitizenIdentityFactory

    CitizenIdentityFactory(phone="01012345678")
    result = run(files.csv_bytes([files.row()]))
    assert result.rejected == 1
    quarantined = QuarantinedRow.objects.get()
    assert quarantined.reason == "ambiguous_citizen"
    assert quarantined.message.startswith("'010-1234-5678'")


def test_bad_cells_get_clear_messages_with_line_numbers(consented, settings):
    settings.LANGUAGE_CODE = "en"
    rows = [
        files.row(Weight="abc"),
        files.row(Weight="900"),
        files.row(**{"BMI (Body Mass Index)": "5"}),
        files.row(**{"Test Date / Time": "2999-01-01 10:00"}),
        files.row(**{"Test Date / Time": "yesterday"}),
        files.row()[:20],
        files.row(),
    ]
    from django.utils import translation

    with translation.override("en"):
        result = run(files.csv_bytes(rows))
    assert (result.read, result.imported, result.rejected) == (7, 1, 6)
    q = {r.line: r for r in QuarantinedRow.objects.all()}
    assert q[2].message == "Column '15. Weight' has 'abc' on line 2; expected a number in kg."
    assert q[3].reason == "implausible" and "900" in q[3].message
    assert q[4].reason == "implausible"
    assert q[5].reason == "future_date" and q[6].reason == "bad_date"
    assert q[7].reason == "malformed"
    with open(result.report, encoding="utf-8-sig") as f:
        assert len(f.read().strip().splitlines()) == 7


def test_messages_in_korean_by_default(consented):
    from django.utils import translation

    with translation.override("ko"):
        run(files.csv_bytes([files.row(Weight="abc")]))
    assert QuarantinedRow.objects.get().reason == "not_a_number"


def test_missing_columns_are_named(consented):
    header = [h for h in files.LABELS if "Test Date" not in h and "Mobile" not in h]
    with pytest.raises(ImportFailed) as err:
        run(files.csv_bytes([], header=header))
    assert "test date" in str(err.value).lower() or "측정일시" in str(err.value)


def test_truncated_file_keeps_the_complete_rows(consented):
    data = files.csv_bytes([files.row(), files.row(**{"Test Date / Time": "2025.04.01 09:00"})])
    result = run(data[: len(data) - 200])
    assert (result.read, result.imported, result.rejected) == (2, 1, 1)


def test_truncated_xlsx_is_a_clear_file_error(consented):
    data = files.xlsx_bytes([files.row()])
    with pytest.raises(ImportFailed):
        import_file(fileobj=io.BytesIO(data[:300]), kind="inbody")


def test_dry_run_records_nothing(consented):
    result = run(files.csv_bytes([files.row()]), dry_run=True)
    assert result.imported == 1
    assert not Measurement.objects.exists()


def test_worker_may_file_only_for_their_centre(consented):
    rows = [files.row(), files.row(**{"Mobile Number": "010-8765-4321"})]
    result = run(files.csv_bytes(rows), by=consented.worker_a)
    assert (result.imported, result.rejected) == (1, 1)
    assert QuarantinedRow.objects.get().reason == "not_allowed"


def test_dates_with_a_utc_offset_are_read_as_local_time_next_to_plain_ones(consented):
    """ISO dates with an offset or Z (as FHIR-minded tools write them) mixed with plain ones:
    each is converted to Seoul time; none crashes the import or is guessed."""
    import zoneinfo

    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    cells = ["2025-03-15T14:22:10+09:00", "2025-03-16T05:22:10Z", "2025.03.17 14:22:10",
             "2025-03-18T14:22:10+0900", "2025-03-19T25:00:00+09:00"]  # fmt: skip
    result = run(files.csv_bytes([files.row(**{"Test Date / Time": c}) for c in cells]))
    assert (result.read, result.imported, result.rejected) == (5, 4, 1)
    local = sorted(m.taken_at.astimezone(seoul).strftime("%m-%d %H:%M:%S") for m in Measurement.objects.all())  # fmt: skip
    assert local == ["03-15 14:22:10", "03-16 14:22:10", "03-17 14:22:10", "03-18 14:22:10"]
    assert QuarantinedRow.objects.get().reason == "bad_date"


def test_a_chunk_tried_again_reports_its_rejected_rows_once(consented, monkeypatch):
    """Another import may insert the same sitting while a chunk is written: the chunk is rolled
    back and tried again. Its rejected rows are then in the quarantine and the CSV report once."""
    import csv

    from django.db import IntegrityError

    from healthycity.health.imports.loader import MeasurementWriter

    real, calls = MeasurementWriter.write, []

    def clash_once(self, *args, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(self, *args, **kw)

    monkeypatch.setattr(MeasurementWriter, "write", clash_once)
    rows = [files.row(), files.row(**{"Mobile Number": "010-0000-0000"})]  # nobody has it
    result = run(files.csv_bytes(rows))
    assert len(calls) == 2
    assert (result.read, result.imported, result.rejected) == (2, 1, 1)
    assert QuarantinedRow.objects.count() == 1
    with open(result.report, encoding="utf-8-sig") as f:
        lines = list(csv.DictReader(f))
    assert [r["reason"] for r in lines] == ["no_citizen"]


def test_the_quarantine_report_lists_rejected_rows_in_file_order(consented):
    import csv

    rows = [files.row(Weight="900"), files.row(Weight="abc"), files.row(Weight="950")]
    result = run(files.csv_bytes(rows))
    with open(result.report, encoding="utf-8-sig") as f:
        lines = [(r["line"], r["reason"]) for r in csv.DictReader(f)]
    assert lines == [("2", "implausible"), ("3", "not_a_number"), ("4", "implausible")]
