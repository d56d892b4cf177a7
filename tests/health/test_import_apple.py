"""Apple Health export.zip / export.xml: hourly de-duplication of iPhone and Watch, the
measurements (units through UCUM), blood pressure counted once, plausibility flags, re-imports
of newer exports with history, and the files that must be refused (XML bomb, external entity,
truncated zip or XML, empty file, someone else's export)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.models import (
    DailySteps,
    ImportBatch,
    Measurement,
    QuarantinedRow,
    StepsFlag,
    StepsRevision,
)
from tests.health.wearable_files import WATCH_NAME, AppleExport

pytestmark = pytest.mark.django_db

D = "2026-03-02"


def t(day: str, clock: str) -> str:
    return f"{day} {clock}:00 +0900"


def overlapping_day(export: AppleExport) -> AppleExport:
    """One day of an iPhone and a Watch worn together. Per hour, the source with the most steps:
    08 watch 1200 (phone 1000) · 09 phone 500 (no watch) · 12 watch 200 (phone 150) ·
    13 watch 200 (phone 150) · 18 tie 700/700 → the watch. Day: 1200+500+200+200+700 = 2800
    (the naive sum of the records would be 4800)."""
    return (
        export.steps(1000, t(D, "08:00"), t(D, "08:30"))
        .steps(1200, t(D, "08:05"), t(D, "08:35"), watch=True)
        .steps(500, t(D, "09:10"), t(D, "09:20"))
        .steps(400, t(D, "12:50"), t(D, "13:10"), watch=True)
        .steps(300, t(D, "12:55"), t(D, "13:05"))
        .steps(700, t(D, "18:00"), t(D, "18:10"))
        .steps(700, t(D, "18:00"), t(D, "18:10"), watch=True)
    )


def run(content: bytes, citizen, name="export.zip", **kw):
    return import_file(
        fileobj=io.BytesIO(content), file_name=name, kind="apple_health", citizen=citizen, **kw
    )


def steps_of(citizen) -> dict[str, int]:
    return {
        d.date.isoformat(): d.steps
        for d in DailySteps.objects.filter(citizen=citizen, device="apple-health")
    }


def test_phone_and_watch_overlap_counts_each_hour_once(consented):
    result = run(overlapping_day(AppleExport()).zip(), consented.citizen)
    assert steps_of(consented.citizen) == {D: 2800}
    # 7 step records: 4 of the source that counted in their hour, 3 outcounted (duplicates).
    assert (result.read, result.imported, result.duplicates, result.rejected) == (7, 4, 3, 0)
    day = DailySteps.objects.get(citizen=consented.citizen)
    assert day.exported_at == dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    assert not day.flagged and day.source == "wearable"


def test_a_record_over_midnight_is_split_between_the_days(consented):
    export = AppleExport().steps(3000, t("2026-03-03", "10:00"), t("2026-03-03", "11:00"))
    export.steps(600, t("2026-03-03", "23:30"), t("2026-03-04", "00:30"))
    run(export.zip(), consented.citizen)
    assert steps_of(consented.citizen) == {"2026-03-03": 3300, "2026-03-04": 300}


def test_export_xml_without_zip_and_a_translated_member_name(consented):
    export = AppleExport().steps(4321, t(D, "10:00"), t(D, "10:40"))
    run(export.xml(), consented.citizen, name="export.xml")
    assert steps_of(consented.citizen) == {D: 4321}
    other = consented.other_citizen
    other.birth_year = 1950  # the export's <Me> says 1950
    other.save()
    run(export.zip("apple_health_export/내보내기.xml"), other)
    assert steps_of(other) == {D: 4321}


def test_measurements_units_and_blood_pressure_counted_once(consented):
    export = (
        AppleExport()
        .record("BodyMass", "150", "lb", t(D, "07:00"), source="Withings", device=None)
        .record("BodyFatPercentage", "0.25", "%", t(D, "07:00"), source="Withings", device=None)
        .record("Height", "5.5", "ft", t("2026-01-05", "09:00"), source="Health", device=None)
        .record("RestingHeartRate", "58", "count/min", t(D, "23:59"), source=WATCH_NAME)
        .pressure(128, 82, t(D, "07:30"))
        .heart(71, t(D, "07:30"), watch=False)  # the cuff's pulse, same moment and source
        .heart(88, t(D, "12:00"))  # a watch sample: not stored
        .record("ActiveEnergyBurned", "12.5", "kcal", t(D, "12:00"))
    )
    result = run(export.zip(), consented.citizen)
    sittings = {
        (m.taken_at, m.device_serial): m
        for m in Measurement.objects.filter(citizen=consented.citizen)
    }
    scale = sittings[(dt.datetime(2026, 3, 1, 22, 0, tzinfo=dt.UTC), "Withings")]
    assert scale.weight_kg == pytest.approx(68.038856)  # 150 [lb_av] × 0.45359237
    assert scale.pbf_percent == 25.0  # HealthKit's % is a fraction
    cuff = sittings[(dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC), "Omron Connect")]
    assert (cuff.systolic_mmhg, cuff.diastolic_mmhg, cuff.heart_rate_bpm) == (128, 82, 71)
    assert sittings[
        (dt.datetime(2026, 1, 5, 0, 0, tzinfo=dt.UTC), "Health")
    ].height_cm == pytest.approx(167.64)
    assert (
        sittings[(dt.datetime(2026, 3, 2, 14, 59, tzinfo=dt.UTC), WATCH_NAME)].heart_rate_bpm == 58
    )
    assert len(sittings) == 4
    assert all(m.source == "wearable" and m.context == "home" for m in sittings.values())
    # Readings: weight, fat, height, resting HR, the BP reading once, the cuff's pulse = 6.
    assert (result.read, result.imported, result.duplicates, result.rejected) == (6, 6, 0, 0)
    assert result.skipped == {
        "HKQuantityTypeIdentifierActiveEnergyBurned": 1,
        "HKQuantityTypeIdentifierHeartRate": 1,
    }


def test_bad_records_are_quarantined_with_line_and_reason(consented):
    export = (
        AppleExport()
        .steps(1000, t(D, "08:00"), t(D, "08:30"))
        .steps("many", t(D, "09:00"), t(D, "09:30"))
        .steps(100, "2026-03-02 25:00:00 +0900", t(D, "09:30"))
        .steps(100, t("2099-01-01", "09:00"), t("2099-01-01", "09:10"))
        .record("BodyMass", "68", "kcal", t(D, "07:00"), source="Withings", device=None)
        .record("BodyMass", "900", "kg", t(D, "07:05"), source="Withings", device=None)
        .record(
            "BloodPressureSystolic",
            "130",
            "mmHg",
            t(D, "20:00"),
            source="Omron Connect",
            device=None,
        )
    )
    xml = export.xml().decode()
    result = run(export.zip(), consented.citizen)
    rows = {q.reason: q for q in QuarantinedRow.objects.filter(batch=result.batch)}
    assert set(rows) == {
        "not_a_number",
        "bad_date",
        "future_date",
        "unknown_unit",
        "implausible",
        "missing_value",
    }
    line = next(i for i, text in enumerate(xml.splitlines(), start=1) if 'value="many"' in text)
    assert rows["not_a_number"].line == line and 'value="many"' in rows["not_a_number"].raw
    assert "kcal" in rows["unknown_unit"].message
    assert "900" in rows["implausible"].message
    assert result.balanced and (result.read, result.imported, result.rejected) == (7, 1, 6)
    assert steps_of(consented.citizen) == {D: 1000}


def test_plausibility_flags_are_kept_out_and_say_why(consented):
    export = AppleExport()
    # 2026-03-05: 2 400 steps in 2 minutes (1 200 a minute).
    export.steps(2400, t("2026-03-05", "10:00"), t("2026-03-05", "10:02"))
    # 2026-03-06: the watch is worn (heart rate at 14:05 and 14:40) and counts nothing at 14,
    # while the phone counts 2 000 steps; the watch counts its own walk at 16.
    export.heart(72, t("2026-03-06", "14:05")).heart(75, t("2026-03-06", "14:40"))
    export.steps(2000, t("2026-03-06", "14:00"), t("2026-03-06", "14:50"))
    export.steps(900, t("2026-03-06", "16:00"), t("2026-03-06", "16:10"), watch=True)
    # 2026-03-07: ten hours of 12 000 steps (200 a minute: possible, but 120 000 in a day).
    for hour in range(8, 18):
        export.steps(
            12000, t("2026-03-07", f"{hour:02d}:00"), t("2026-03-07", f"{hour + 1:02d}:00")
        )
    # 2026-03-08: the phone counts while the watch is off (no heart rate): not flagged.
    export.steps(3000, t("2026-03-08", "10:00"), t("2026-03-08", "10:40"))
    export.steps(500, t("2026-03-08", "15:00"), t("2026-03-08", "15:10"), watch=True)
    run(export.zip(), consented.citizen)
    days = {d.date.isoformat(): d for d in DailySteps.objects.filter(citizen=consented.citizen)}
    assert {k: d.flagged for k, d in days.items()} == {
        "2026-03-05": True, "2026-03-06": True, "2026-03-07": True, "2026-03-08": False,
    }  # fmt: skip
    assert days["2026-03-07"].steps == 120000
    flags = {f.reason: f for f in StepsFlag.objects.all()}
    assert flags["cadence"].value == 1200.0
    assert flags["cadence"].at == dt.datetime(2026, 3, 5, 1, 0, tzinfo=dt.UTC)
    assert flags["phone_without_watch"].value == 2000.0
    assert flags["phone_without_watch"].at == dt.datetime(2026, 3, 6, 5, 0, tzinfo=dt.UTC)
    assert flags["phone_without_watch"].source == "민지의 iPhone"
    assert flags["daily_limit"].value == 120000.0


def test_a_newer_export_adds_new_days_and_corrects_changed_ones_with_history(consented):
    first = AppleExport(export_date="2026-03-03 08:00:00 +0900")
    first.steps(5000, t(D, "10:00"), t(D, "11:00"))
    first.steps(1200, t("2026-03-03", "07:00"), t("2026-03-03", "07:30"))  # the morning only
    a = run(first.zip(), consented.citizen)
    assert steps_of(consented.citizen) == {D: 5000, "2026-03-03": 1200}
    newer = AppleExport(export_date="2026-03-05 08:00:00 +0900")
    newer.steps(5000, t(D, "10:00"), t(D, "11:00"))
    newer.steps(1200, t("2026-03-03", "07:00"), t("2026-03-03", "07:30"))
    newer.steps(6800, t("2026-03-03", "17:00"), t("2026-03-03", "18:00"))  # the rest of the day
    newer.steps(7000, t("2026-03-04", "17:00"), t("2026-03-04", "18:00"))
    b = run(newer.zip(), consented.citizen)
    assert steps_of(consented.citizen) == {D: 5000, "2026-03-03": 8000, "2026-03-04": 7000}
    assert b.days["new"] == 1 and b.days["corrected"] == 1 and b.days["unchanged"] == 1
    # The unchanged day's record is a duplicate; the corrected and new days' records imported.
    assert (b.read, b.imported, b.duplicates, b.rejected) == (4, 3, 1, 0)
    day = DailySteps.objects.get(citizen=consented.citizen, date="2026-03-03")
    history = list(StepsRevision.objects.filter(day=day))
    assert [(h.steps, h.batch_id, h.replaced_by_id) for h in history] == [
        (1200, a.batch.pk, b.batch.pk)
    ]
    # The same export again: nothing new, nothing counted twice.
    c = run(newer.zip(), consented.citizen)
    assert (c.imported, c.duplicates) == (0, 4) and StepsRevision.objects.count() == 1
    # The older export uploaded last does not undo the correction.
    d = run(first.zip(), consented.citizen)
    assert steps_of(consented.citizen)["2026-03-03"] == 8000
    assert d.days["kept_newer"] == 1 and d.imported == 0


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<HealthData locale="en_US">
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="&lol9;" unit="count" value="100" startDate="2026-03-02 08:00:00 +0900" endDate="2026-03-02 08:10:00 +0900"/>
</HealthData>
"""


def test_an_xml_bomb_is_refused_before_any_expansion(consented):
    with pytest.raises(ImportFailed) as error:
        run(XML_BOMB, consented.citizen, name="export.xml")
    assert "entities" in str(error.value) or "엔티티" in str(error.value)
    assert not DailySteps.objects.exists()
    assert ImportBatch.objects.get().error == str(error.value)


def test_an_external_entity_is_refused(consented, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "file://{secret}">]>
<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&xxe;" unit="count" value="1" startDate="2026-03-02 08:00:00 +0900" endDate="2026-03-02 08:01:00 +0900"/></HealthData>
""".encode()
    with pytest.raises(ImportFailed):
        run(xml, consented.citizen, name="export.xml")
    assert not DailySteps.objects.exists()


def test_a_truncated_zip_is_a_clear_error(consented):
    content = overlapping_day(AppleExport()).zip()
    with pytest.raises(ImportFailed) as error:
        run(content[: len(content) // 2], consented.citizen)
    assert "export.zip" in str(error.value)
    assert not DailySteps.objects.exists()


def test_a_truncated_export_xml_records_nothing(consented):
    export = overlapping_day(AppleExport())
    for i in range(200):
        export.steps(
            10,
            t("2026-03-03", f"{i // 60 + 8:02d}:{i % 60:02d}"),
            t("2026-03-03", f"{i // 60 + 8:02d}:{i % 60:02d}"),
        )
    xml = export.xml()
    with pytest.raises(ImportFailed) as error:
        run(xml[: len(xml) - 500], consented.citizen, name="export.xml")
    assert "export.xml" in str(error.value)
    assert not DailySteps.objects.exists() and not Measurement.objects.exists()


def test_an_empty_file_is_a_clear_error(consented):
    with pytest.raises(ImportFailed) as error:
        run(b"", consented.citizen, name="export.zip")
    assert "export.zip" in str(error.value)


def test_someone_elses_export_is_refused(consented):
    export = overlapping_day(AppleExport(birth="1988-07-01"))
    export.steps("many", t(D, "09:00"), t(D, "09:30"))
    with pytest.raises(ImportFailed) as error:
        run(export.zip(), consented.citizen)
    assert "1988" in str(error.value) and "1950" in str(error.value)
    assert not DailySteps.objects.exists()
    # Refused at <Me>, at the top of the file: the records after it were not even read.
    assert not QuarantinedRow.objects.exists()


def test_without_care_consent_nothing_is_read(cast):
    with pytest.raises(ImportFailed):
        run(overlapping_day(AppleExport()).zip(), cast.citizen)
    assert not ImportBatch.objects.exists()


def test_a_worker_may_import_only_for_their_centre(consented):
    export = overlapping_day(AppleExport()).zip()
    run(export, consented.citizen, by=consented.worker_a)
    with pytest.raises(ImportFailed):
        run(export, consented.citizen, by=consented.worker_b)


def test_the_fhir_export_carries_the_steps_as_loinc_41950_7(consented):
    from healthycity.health.fhir.export import bundle_for
    from healthycity.health.queries import records_for

    run(overlapping_day(AppleExport()).zip(), consented.citizen)
    bundle = bundle_for(consented.citizen, records_for(consented.citizen))
    steps = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "41950-7"
    ]
    assert len(steps) == 1
    assert steps[0]["code"]["coding"][0]["system"] == "http://loinc.org"
    assert steps[0]["valueQuantity"]["value"] == 2800
    assert steps[0]["effectiveDateTime"] == D


def test_cli_prints_the_counts_as_json(consented, tmp_path, capsys):
    path = tmp_path / "export.zip"
    path.write_bytes(overlapping_day(AppleExport()).zip())
    call_command(
        "import",
        "apple-health",
        str(path),
        "--citizen",
        str(consented.citizen.external_id),
        "--format",
        "json",
    )
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("read", "imported", "duplicates", "rejected")} == {
        "read": 7, "imported": 4, "duplicates": 3, "rejected": 0,
    }  # fmt: skip
    assert out["days"]["new"] == 1


def test_cli_needs_the_citizen(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "export.zip"
    path.write_bytes(b"PK")
    with pytest.raises((CommandError, SystemExit)):
        call_command("import", "apple-health", str(path))
